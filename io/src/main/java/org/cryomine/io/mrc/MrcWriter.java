package org.cryomine.io.mrc;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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

    /** Writes {@code volume} (not modified) to {@code file}; see {@link WriteOptions}. */
    static void write(Volume volume, Path file, WriteOptions options) {
        float[] stored = storedValues(volume, options.mode());
        MrcHeader h = header(volume.nx(), volume.ny(), volume.nz(), volume.voxelSize(), volume.origin(), options,
                isImageStack(file));
        MrcStatistics statistics = new MrcStatistics();
        statistics.add(stored, 0, stored.length);
        statistics.applyTo(h);
        AtomicFiles.write(file, options.overwrite(), out -> {
            out.write(h.encode());
            writeData(out, stored, options.mode());
        });
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
        float[] data = volume.data();
        float[] out = new float[data.length];
        int overflowed = 0;
        double lo;
        double hi;
        switch (mode) {
            case 0: lo = -128; hi = 127; break;
            case 1: lo = -32768; hi = 32767; break;
            case 6: lo = 0; hi = 65535; break;
            default: lo = Double.NaN; hi = Double.NaN;
        }
        for (int i = 0; i < data.length; i++) {
            float v = data[i];
            if (mode == 2) {
                out[i] = v;
            } else if (mode == 12) {
                out[i] = Float16.toFloat(Float16.fromFloat(v));
                if (Float.isInfinite(out[i]) && !Float.isInfinite(v) && overflowed++ == 0) {
                    LOG.warn("value {} is beyond float16's range (±65504) and is stored as infinity in mode 12", v);
                }
            } else {
                double r = Math.rint(v);
                if (!(r >= lo && r <= hi)) {
                    int x = i % volume.nx();
                    int y = (i / volume.nx()) % volume.ny();
                    int z = i / (volume.nx() * volume.ny()) + zOffset;
                    throw new CryomineException(String.format(Locale.ROOT, "value %s at voxel (%d, %d, %d) does not fit "
                            + "MRC mode %d (integers %d..%d); write mode 2 (float32) or rescale the volume first",
                            v, x, y, z, mode, (long) lo, (long) hi));
                }
                out[i] = (float) r;
            }
        }
        return out;
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

    /** Writes {@code values} (stored values, see {@link #storedValues}) little-endian in {@code mode}. */
    static void writeData(OutputStream out, float[] values, int mode) throws IOException {
        int bpv = MrcHeader.bytesPerValue(mode);
        int chunk = 1 << 18; // values per write
        ByteBuffer buf = ByteBuffer.allocate(chunk * bpv).order(ByteOrder.LITTLE_ENDIAN);
        short[] shorts = bpv == 2 ? new short[chunk] : null;
        for (int from = 0; from < values.length; from += chunk) {
            int n = Math.min(chunk, values.length - from);
            buf.clear();
            switch (mode) {
                case 0:
                    for (int i = 0; i < n; i++) {
                        buf.put(i, (byte) values[from + i]);
                    }
                    break;
                case 2:
                    buf.asFloatBuffer().put(values, from, n);
                    break;
                default:
                    for (int i = 0; i < n; i++) {
                        float v = values[from + i];
                        shorts[i] = mode == 12 ? Float16.fromFloat(v) : mode == 6 ? (short) (int) v : (short) v;
                    }
                    buf.asShortBuffer().put(shorts, 0, n);
            }
            out.write(buf.array(), 0, n * bpv);
        }
    }
}
