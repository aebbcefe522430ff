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
import org.cryomine.core.Volume;
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
        boolean imageStack = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".mrcs");
        MrcHeader h = header(volume, options, stored, imageStack);
        AtomicFiles.write(file, options.overwrite(), out -> {
            out.write(h.encode());
            writeData(out, stored, options.mode());
        });
    }

    /** The values as they will be stored (rounded for integer modes, float16-rounded for mode 12). */
    static float[] storedValues(Volume volume, int mode) {
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
                    int z = i / (volume.nx() * volume.ny());
                    throw new CryomineException(String.format(Locale.ROOT, "value %s at voxel (%d, %d, %d) does not fit "
                            + "MRC mode %d (integers %d..%d); write mode 2 (float32) or rescale the volume first",
                            v, x, y, z, mode, (long) lo, (long) hi));
                }
                out[i] = (float) r;
            }
        }
        return out;
    }

    private static MrcHeader header(Volume v, WriteOptions options, float[] stored, boolean imageStack) {
        MrcHeader h = new MrcHeader();
        h.order = ByteOrder.LITTLE_ENDIAN;
        h.nx = v.nx();
        h.ny = v.ny();
        h.nz = v.nz();
        h.mode = options.mode();
        h.mx = v.nx();
        h.my = v.ny();
        h.mz = imageStack ? 1 : v.nz(); // an image stack (.mrcs): space group 0, one section per cell, as mrcfile
        h.cella[0] = (float) (v.nx() * v.voxelSize().x());
        h.cella[1] = (float) (v.ny() * v.voxelSize().y());
        h.cella[2] = (float) (h.mz * v.voxelSize().z());
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
        h.origin[0] = (float) v.origin().x();
        h.origin[1] = (float) v.origin().y();
        h.origin[2] = (float) v.origin().z();
        h.map = "MAP ".getBytes(StandardCharsets.US_ASCII);
        h.machst = new byte[] {0x44, 0x44, 0, 0};
        statistics(h, stored);
        List<String> labels = options.labels().isEmpty() ? List.of("Created by cryomine") : options.labels();
        for (int i = 0; i < labels.size(); i++) {
            h.labels[i] = String.format(Locale.ROOT, "%-80s", labels.get(i));
        }
        h.nlabl = labels.size();
        return h;
    }

    /** dmin, dmax, dmean and rms (population standard deviation, as mrcfile's data.std()) in double. */
    private static void statistics(MrcHeader h, float[] values) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (float v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
        }
        double mean = sum / values.length;
        double sq = 0;
        for (float v : values) {
            sq += (v - mean) * (v - mean);
        }
        h.dmin = (float) min;
        h.dmax = (float) max;
        h.dmean = (float) mean;
        h.rms = (float) Math.sqrt(sq / values.length);
    }

    private static void writeData(OutputStream out, float[] values, int mode) throws IOException {
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
