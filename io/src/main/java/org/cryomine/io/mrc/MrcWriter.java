package org.cryomine.io.mrc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.cryomine.core.CryomineException;
import org.cryomine.core.Vec3;
import org.cryomine.core.Volume;
import org.cryomine.core.VoxelSize;
import org.cryomine.core.AtomicFiles;
import org.cryomine.io.WriteOptions;

/**
 * Writes MRC2014 files: little-endian (machine stamp 0x44 0x44 0 0), 'MAP ', nversion 20141, axis order
 * 1,2,3, space group 1 (0 with mz = 1 for a {@code .mrcs} image stack), voxel size as cella = n * voxel size, origin, labels, and dmin/dmax/dmean/rms
 * of the values as stored (after conversion to the mode). Mode 0 also sets IMOD's signed-bytes flag.
 */
final class MrcWriter {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MrcWriter.class);

    private MrcWriter() {
    }

    /**
     * Writes {@code volume} (not modified) to {@code file}; see {@link WriteOptions}. The data go first, chunk by chunk
     * through a direct buffer and the file's channel, with the statistics of each chunk taken while it is in cache; the
     * header, with the statistics, last at position 0. A value that does not fit an integer mode leaves no file.
     */
    static void write(Volume volume, Path file, WriteOptions options) {
        MrcHeader h = header(volume.nx(), volume.ny(), volume.nz(), volume.voxelSize(), volume.origin(), options,
                isImageStack(file));
        AtomicFiles.writeChannel(file, options.overwrite(), channel -> {
            MrcStatistics statistics = new MrcStatistics();
            writeData(channel, MrcHeader.SIZE, volume, options.mode(), 0, statistics);
            statistics.applyTo(h);
            writeFully(channel, ByteBuffer.wrap(h.encode()), 0);
        });
    }

    /**
     * Writes {@code volume}'s values as stored in {@code mode} (see {@link #storedValues}), little-endian, at
     * {@code position} of {@code channel}, and adds them to {@code statistics} (modified), in chunks of
     * {@value #CHUNK} values; {@code zOffset} is the file's z of the volume's slice 0 (for error messages). Returns
     * the position after the data.
     */
    static long writeData(FileChannel channel, long position, Volume volume, int mode, int zOffset,
                          MrcStatistics statistics) throws IOException {
        float[] data = volume.data();
        int bpv = MrcHeader.bytesPerValue(mode);
        ByteBuffer buf = ByteBuffer.allocateDirect(Math.min(CHUNK, data.length) * bpv).order(ByteOrder.LITTLE_ENDIAN);
        float[] stored = mode == 2 ? null : new float[Math.min(CHUNK, data.length)];
        short[] shorts = bpv == 2 ? new short[stored.length] : null;
        Conversion conversion = new Conversion(volume, mode, zOffset);
        // float32 values are stored as they are: their statistics can be taken on another thread while this one writes
        FutureTask<MrcStatistics> beside = mode == 2 && data.length >= STATISTICS_BESIDE
                ? new FutureTask<>(() -> statistics(data)) : null;
        if (beside != null) {
            Thread t = new Thread(beside, "cryomine-mrc-statistics");
            t.setDaemon(true);
            t.start();
        }
        long at = position;
        try {
            for (int from = 0; from < data.length; from += CHUNK) {
                int n = Math.min(CHUNK, data.length - from);
                float[] values = data;
                int off = from;
                if (mode != 2) {
                    conversion.apply(from, n, stored);
                    values = stored;
                    off = 0;
                }
                if (beside == null) {
                    statistics.add(values, off, n);
                }
                buf.clear();
                encode(buf, values, off, n, mode, shorts);
                buf.limit(n * bpv);
                at = writeFully(channel, buf, at);
            }
            if (beside != null) {
                statistics.addAll(beside.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while writing");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            if (beside != null) {
                beside.cancel(false);
            }
        }
        return at;
    }

    /** Values from which {@link #writeData} takes float32 statistics on a thread of their own (16 Mi: 64 MiB). */
    static final int STATISTICS_BESIDE = 1 << 24;

    /** The statistics of {@code data} added in chunks of {@value #CHUNK}, as {@link #writeData} adds them. */
    private static MrcStatistics statistics(float[] data) {
        MrcStatistics s = new MrcStatistics();
        for (int from = 0; from < data.length; from += CHUNK) {
            s.add(data, from, Math.min(CHUNK, data.length - from));
        }
        return s;
    }

    /** Values per chunk of {@link #writeData} (1 MiB of float32: the chunk stays in cache for its statistics). */
    static final int CHUNK = 1 << 18;

    /** Writes all of {@code buf}'s remaining bytes at {@code position}; returns the position after them. */
    static long writeFully(FileChannel channel, ByteBuffer buf, long position) throws IOException {
        long at = position;
        while (buf.hasRemaining()) {
            at += channel.write(buf, at);
        }
        return at;
    }

    /** Puts {@code values[off .. off + n)} (stored values) into {@code buf} from index 0 in {@code mode}'s encoding. */
    private static void encode(ByteBuffer buf, float[] values, int off, int n, int mode, short[] shorts) {
        switch (mode) {
            case 0:
                for (int i = 0; i < n; i++) {
                    buf.put(i, (byte) values[off + i]);
                }
                break;
            case 2:
                buf.asFloatBuffer().put(values, off, n);
                break;
            default:
                for (int i = 0; i < n; i++) {
                    float v = values[off + i];
                    shorts[i] = mode == 12 ? Float16.fromFloat(v) : mode == 6 ? (short) (int) v : (short) v;
                }
                buf.asShortBuffer().put(shorts, 0, n);
        }
    }

    /** Whether {@code file} is written as an image stack ({@code .mrcs}: space group 0, mz = 1, as mrcfile). */
    static boolean isImageStack(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".mrcs");
    }

    /** The values as they will be stored (rounded for integer modes, float16-rounded for mode 12). */
    static float[] storedValues(Volume volume, int mode) {
        return storedValues(volume, mode, 0);
    }

    /**
     * As {@link #storedValues(Volume, int)} for a slab whose z-slice 0 is the file's slice {@code zOffset}
     * (used only to name a voxel whose value does not fit the mode).
     */
    static float[] storedValues(Volume volume, int mode, int zOffset) {
        float[] out = new float[volume.data().length];
        new Conversion(volume, mode, zOffset).apply(0, out.length, out);
        return out;
    }

    /** A volume's values converted to a mode's stored values, range by range; warns once of float16 overflow. */
    private static final class Conversion {
        private final Volume volume;
        private final int mode;
        private final int zOffset;
        private final double lo;
        private final double hi;
        private boolean warned;

        Conversion(Volume volume, int mode, int zOffset) {
            this.volume = volume;
            this.mode = mode;
            this.zOffset = zOffset;
            switch (mode) {
                case 0: lo = -128; hi = 127; break;
                case 1: lo = -32768; hi = 32767; break;
                case 6: lo = 0; hi = 65535; break;
                default: lo = Double.NaN; hi = Double.NaN;
            }
        }

        /** Stores the values of voxels {@code from .. from + n) into {@code out[0 .. n)}. */
        void apply(int from, int n, float[] out) {
            float[] data = volume.data();
            if (mode == 2) {
                System.arraycopy(data, from, out, 0, n);
                return;
            }
            for (int k = 0; k < n; k++) {
                int i = from + k;
                float v = data[i];
                if (mode == 12) {
                    out[k] = Float16.toFloat(Float16.fromFloat(v));
                    if (Float.isInfinite(out[k]) && !Float.isInfinite(v) && !warned) {
                        warned = true;
                        LOG.warn("value {} is beyond float16's range (±65504) and is stored as infinity in mode 12", v);
                    }
                } else {
                    double r = Math.rint(v);
                    if (!(r >= lo && r <= hi)) {
                        int x = i % volume.nx();
                        int y = (i / volume.nx()) % volume.ny();
                        int z = i / (volume.nx() * volume.ny()) + zOffset;
                        throw new CryomineException(String.format(Locale.ROOT, "value %s at voxel (%d, %d, %d) does not "
                                + "fit MRC mode %d (integers %d..%d); write mode 2 (float32) or rescale the volume first",
                                v, x, y, z, mode, (long) lo, (long) hi));
                    }
                    out[k] = (float) r;
                }
            }
        }
    }

    /**
     * The header of an nx x ny x nz file (x fastest) with this voxel size (Å) and origin (Å), without the
     * statistics (dmin, dmax, dmean, rms stay 0 until set).
     */
    static MrcHeader header(int nx, int ny, int nz, VoxelSize voxelSize, Vec3 origin, WriteOptions options,
                            boolean imageStack) {
        MrcHeader h = new MrcHeader();
        h.order = ByteOrder.LITTLE_ENDIAN;
        h.nx = nx;
        h.ny = ny;
        h.nz = nz;
        h.mode = options.mode();
        h.mx = nx;
        h.my = ny;
        h.mz = imageStack ? 1 : nz; // an image stack (.mrcs): space group 0, one section per cell, as mrcfile
        h.cella[0] = (float) (nx * voxelSize.x());
        h.cella[1] = (float) (ny * voxelSize.y());
        h.cella[2] = (float) (h.mz * voxelSize.z());
        h.cellb[0] = 90;
        h.cellb[1] = 90;
        h.cellb[2] = 90;
        h.mapc = 1;
        h.mapr = 2;
        h.maps = 3;
        h.ispg = imageStack ? 0 : 1;
        h.nversion = 20141;
        if (options.mode() == 0) {
            h.imodStamp = MrcHeader.IMOD_STAMP;
            h.imodFlags = 1;
        }
        h.origin[0] = (float) origin.x();
        h.origin[1] = (float) origin.y();
        h.origin[2] = (float) origin.z();
        h.map = "MAP ".getBytes(StandardCharsets.US_ASCII);
        h.machst = new byte[] {0x44, 0x44, 0, 0};
        List<String> labels = options.labels().isEmpty() ? List.of("Created by cryomine") : options.labels();
        for (int i = 0; i < labels.size(); i++) {
            h.labels[i] = String.format(Locale.ROOT, "%-80s", labels.get(i));
        }
        h.nlabl = labels.size();
        return h;
    }
}
