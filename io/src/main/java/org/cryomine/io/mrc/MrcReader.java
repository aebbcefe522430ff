package org.cryomine.io.mrc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.cryomine.core.Vec3;
import org.cryomine.core.Volume;
import org.cryomine.core.VolumeStatistics;
import org.cryomine.io.ByteSource;
import org.cryomine.io.DataType;
import org.cryomine.io.ReadOptions;
import org.cryomine.io.StackKind;
import org.cryomine.io.VolumeFormatException;
import org.cryomine.io.VolumeHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one MRC file: decides the byte order (machine stamp, checked against the mode and sizes),
 * checks the header, and reads any region with positional reads, re-ordering the file's columns, rows
 * and sections (mapc, mapr, maps) to x, y, z. Not thread-safe; close after use.
 */
final class MrcReader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MrcReader.class);
    private static final int CHUNK = 8 << 20;
    /**
     * In permissive mode, a truncated file is read (the missing part as zeros) only when it lacks at most this
     * many bytes or holds at least 1/16 of what its header describes: so memory and time stay proportional to
     * the file's size, and a 3 KB file claiming gigabytes is refused rather than read as zeros.
     */
    static final long PERMISSIVE_MISSING_BYTES = 1L << 20;

    private final Path path;
    private final ByteSource source;
    private final ReadOptions options;
    private final MrcHeader h;
    /** Real axis (0 = x, 1 = y, 2 = z) along which the file's columns, rows and sections run. */
    private final int[] axis = new int[3];
    private final int[] dims = new int[3];
    private final StackKind stackKind;
    private boolean warnedShort;

    private MrcReader(Path path, ByteSource source, ReadOptions options) {
        this.path = path;
        this.source = source;
        this.options = options;
        this.h = decodeHeader();
        checkHeader();
        int[] fileDims = {h.nx, h.ny, h.nz};
        int[] map = h.axisMappingValid() ? new int[] {h.mapc, h.mapr, h.maps} : new int[] {1, 2, 3};
        for (int i = 0; i < 3; i++) {
            axis[i] = map[i] - 1;
            dims[axis[i]] = fileDims[i];
        }
        this.stackKind = stackKind();
    }

    /** Opens {@code path} and checks its header; throws {@link VolumeFormatException} when it cannot be read. */
    static MrcReader open(Path path, ReadOptions options) {
        ByteSource source = ByteSource.open(path);
        try {
            return new MrcReader(path, source, options);
        } catch (RuntimeException e) {
            source.close();
            throw e;
        }
    }

    MrcHeader rawHeader() {
        return h;
    }

    ByteSource source() {
        return source;
    }

    private VolumeFormatException fail(String problem) {
        return new VolumeFormatException(path, problem);
    }

    private void warn(String problem) {
        LOG.warn("{}: {}", path, problem);
    }

    private MrcHeader decodeHeader() {
        if (source.size() < MrcHeader.SIZE) {
            throw fail("file is " + source.size() + " bytes long, too short for the 1024-byte MRC header "
                    + "(truncated, or not an MRC file)");
        }
        byte[] bytes = new byte[MrcHeader.SIZE];
        source.read(0, bytes, 0, MrcHeader.SIZE);
        ByteOrder stamped = MrcHeader.orderFromStamp(bytes);
        MrcHeader little = MrcHeader.parse(bytes, ByteOrder.LITTLE_ENDIAN);
        MrcHeader big = MrcHeader.parse(bytes, ByteOrder.BIG_ENDIAN);
        if (stamped != null) {
            MrcHeader chosen = stamped == ByteOrder.LITTLE_ENDIAN ? little : big;
            MrcHeader other = stamped == ByteOrder.LITTLE_ENDIAN ? big : little;
            if (!chosen.plausible() && other.plausible()) {
                warn("machine stamp " + chosen.stampText() + " says " + name(stamped) + " but the header only makes "
                        + "sense in " + name(other.order) + " byte order; reading it as " + name(other.order));
                return other;
            }
            return chosen;
        }
        if (little.plausible()) {
            warn("machine stamp " + little.stampText() + " is not an MRC2014 stamp; the mode and sizes make sense "
                    + "in little-endian byte order, reading it so");
            return little;
        }
        if (big.plausible()) {
            warn("machine stamp " + big.stampText() + " is not an MRC2014 stamp; the mode and sizes make sense "
                    + "in big-endian byte order, reading it so");
            return big;
        }
        throw fail("machine stamp " + little.stampText() + " is not an MRC2014 stamp and the header makes no sense "
                + "in either byte order (mode " + little.mode + " / " + big.mode + ", sizes " + little.nx + "x"
                + little.ny + "x" + little.nz + " / " + big.nx + "x" + big.ny + "x" + big.nz
                + "): not an MRC file, or a corrupt one");
    }

    private static String name(ByteOrder order) {
        return order == ByteOrder.LITTLE_ENDIAN ? "little-endian" : "big-endian";
    }

    private void checkHeader() {
        if (!h.hasMapId()) {
            String msg = "no 'MAP ' ID at byte 208: not an MRC2014 file, or a corrupt one";
            if (!options.permissive()) {
                throw fail(msg + "; read it in permissive mode to try anyway");
            }
            warn(msg);
        }
        if (!MrcHeader.READABLE_MODES.contains(h.mode)) {
            throw fail("unsupported MRC mode " + h.mode + " (readable: 0 int8, 1 int16, 2 float32, 6 uint16, "
                    + "12 float16, 101 4-bit; 3 and 4 are complex and not supported)");
        }
        if (h.nx <= 0 || h.ny <= 0 || h.nz <= 0) {
            throw fail("header sizes must be positive, found nx=" + h.nx + ", ny=" + h.ny + ", nz=" + h.nz);
        }
        if (h.nsymbt < 0) {
            throw fail("negative extended header size nsymbt=" + h.nsymbt);
        }
        if (!h.axisMappingValid()) {
            String msg = "invalid axis mapping mapc, mapr, maps = " + h.mapc + ", " + h.mapr + ", " + h.maps
                    + " (must be 1, 2, 3 in some order)";
            if (!options.permissive()) {
                throw fail(msg + "; read it in permissive mode to take it as 1, 2, 3");
            }
            warn(msg + "; taking it as 1, 2, 3");
        }
        long expected = h.fileBytes();
        if (expected < 0 || h.voxelCount() < 0) {
            throw fail(String.format(Locale.ROOT, "header sizes %dx%dx%d of mode %d after %d bytes of extended header "
                    + "describe more than 2^63 bytes or voxels: the header is corrupt", h.nx, h.ny, h.nz, h.mode,
                    h.nsymbt));
        }
        long actual = source.size();
        if (actual < expected) {
            String msg = String.format(Locale.ROOT, "file is %d bytes but the header (%dx%dx%d values of mode %d after "
                    + "%d bytes of headers) needs %d: truncated", actual, h.nx, h.ny, h.nz, h.mode,
                    MrcHeader.SIZE + (long) h.nsymbt, expected);
            if (!options.permissive()) {
                throw fail(msg + "; read it in permissive mode to get the part that is there (the rest as zeros)");
            }
            if (expected - actual > PERMISSIVE_MISSING_BYTES && expected / 16 > actual) {
                throw fail(msg + " by far (it holds less than 1/16 of it); even in permissive mode this is not read "
                        + "(the header is probably corrupt)");
            }
            warn(msg + "; missing voxels are read as 0");
        } else if (actual > expected) {
            warn("file has " + (actual - expected) + " bytes more than the header describes; they are ignored");
        }
    }

    private StackKind stackKind() {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (h.ispg >= 401 && h.ispg <= 630) {
            return StackKind.VOLUME_STACK;
        }
        if (h.nz > 1 && (name.endsWith(".mrcs") || name.contains(".mrcs.") || (h.ispg == 0 && h.mz == 1))) {
            return StackKind.IMAGE_STACK;
        }
        return StackKind.VOLUME;
    }

    /** The format-neutral header, sizes in x, y, z after re-ordering. */
    VolumeHeader header() {
        Vec3 voxel = new Vec3(h.mx > 0 ? h.cella[0] / (double) h.mx : 0, h.my > 0 ? h.cella[1] / (double) h.my : 0,
                h.mz > 0 ? h.cella[2] / (double) h.mz : 0);
        // float32 division as mrcfile does it, so 17.93 / 40 reads 0.44825 rather than 0.448249995708
        voxel = new Vec3(asFloat(voxel.x()), asFloat(voxel.y()), asFloat(voxel.z()));
        return new VolumeHeader("mrc", dims[0], dims[1], dims[2], dataType(), h.mode, voxel,
                new Vec3(h.origin[0], h.origin[1], h.origin[2]), h.labelTexts(),
                new VolumeStatistics(h.dmin, h.dmax, h.dmean, h.rms), stackKind, h.order == ByteOrder.BIG_ENDIAN,
                h.nsymbt, h.exttypText(), h.ispg, h.nversion, List.of(h.mapc, h.mapr, h.maps));
    }

    private static double asFloat(double v) {
        return Double.parseDouble(Float.toString((float) v));
    }

    private DataType dataType() {
        switch (h.mode) {
            case 0: return h.signedBytes() ? DataType.INT8 : DataType.UINT8;
            case 1: return DataType.INT16;
            case 6: return DataType.UINT16;
            case 12: return DataType.FLOAT16;
            case 101: return DataType.UINT4;
            default: return DataType.FLOAT32;
        }
    }

    /** Reads the region (x0, y0, z0) of sx x sy x sz voxels (x, y, z after re-ordering). */
    Volume readRegion(int x0, int y0, int z0, int sx, int sy, int sz) {
        if (stackKind != StackKind.VOLUME && !options.allowStacks()) {
            String what = stackKind == StackKind.IMAGE_STACK ? "an image stack (" + h.nz + " images of " + h.nx + "x"
                    + h.ny + ", space group " + h.ispg + ")" : "a volume stack (space group " + h.ispg + ")";
            throw fail("is " + what + ", not a single volume; read it with ReadOptions.allowStacks "
                    + "(cli: --allow-stack) if you mean to treat it as one volume");
        }
        int[] lo = {x0, y0, z0};
        int[] size = {sx, sy, sz};
        for (int a = 0; a < 3; a++) {
            if (lo[a] < 0 || size[a] < 1 || (long) lo[a] + size[a] > dims[a]) {
                throw new IllegalArgumentException("region at (" + x0 + ", " + y0 + ", " + z0 + ") of " + sx + "x" + sy
                        + "x" + sz + " is not inside the " + dims[0] + "x" + dims[1] + "x" + dims[2] + " volume of " + path);
            }
        }
        int count;
        try {
            count = Volume.voxelCount(sx, sy, sz);
        } catch (IllegalArgumentException e) {
            throw fail(e.getMessage());
        }
        float[] out = new float[count];
        int[] stride = {1, sx, sx * sy};
        readInto(out, lo, size, stride);
        VolumeHeader header = header();
        var vs = header.voxelSizeOrDefault();
        Vec3 origin = header.origin().plus(new Vec3(x0 * vs.x(), y0 * vs.y(), z0 * vs.z()));
        return Volume.wrap(out, sx, sy, sz, vs, origin);
    }

    private void readInto(float[] out, int[] lo, int[] size, int[] stride) {
        int c0 = lo[axis[0]];
        int nc = size[axis[0]];
        int r0 = lo[axis[1]];
        int nr = size[axis[1]];
        int s0 = lo[axis[2]];
        int ns = size[axis[2]];
        int sc = stride[axis[0]];
        int sr = stride[axis[1]];
        int ss = stride[axis[2]];
        long rowBytes = h.rowBytes();
        int bpv = MrcHeader.bytesPerValue(h.mode);
        boolean packed = h.mode == 101;
        if ((long) nc * bpv > Integer.MAX_VALUE / 2 || rowBytes > Integer.MAX_VALUE / 2) {
            throw fail("rows of " + nc + " values are too long to read");
        }
        // mode 101 packs two values per byte: read only the bytes holding columns c0 .. c0 + nc - 1
        int len = packed ? ((c0 + nc - 1) >> 1) - (c0 >> 1) + 1 : nc * bpv;
        long skip = packed ? c0 >> 1 : (long) c0 * bpv;
        int firstColumn = packed ? c0 & 1 : c0;
        boolean wholeRows = len == rowBytes;
        long dataStart = MrcHeader.SIZE + (long) h.nsymbt;
        boolean signed = h.signedBytes();
        if (wholeRows && nr == h.ny) {
            // whole sections are contiguous in the file: read across them (a 1x1x12M file takes 6 reads, not 12M)
            long totalRows = (long) ns * nr;
            int rowsPerRead = (int) Math.max(1, Math.min(totalRows, CHUNK / Math.max(1, len)));
            byte[] buf = new byte[len * rowsPerRead];
            ByteBuffer bb = ByteBuffer.wrap(buf).order(h.order);
            // float32 in x, y, z order: the rows land one after the other in out, copied in bulk (no per-value decoding)
            boolean bulk = h.mode == 2 && sc == 1 && sr == nc && ss == nc * nr;
            for (long k = 0; k < totalRows; k += rowsPerRead) {
                int rows = (int) Math.min(rowsPerRead, totalRows - k);
                long pos = dataStart + ((long) s0 * h.ny + k) * rowBytes;
                readFully(pos, buf, len * rows);
                if (bulk) {
                    bb.clear();
                    bb.asFloatBuffer().get(out, (int) (k * nc), rows * nc);
                    continue;
                }
                for (int j = 0; j < rows; j++) {
                    long flat = k + j;
                    int outIndex = (int) (flat / nr) * ss + (int) (flat % nr) * sr;
                    decodeRow(bb, j * len, nc, firstColumn, out, outIndex, sc, signed);
                }
            }
            return;
        }
        int rowsPerRead = wholeRows ? Math.max(1, Math.min(nr, CHUNK / Math.max(1, len))) : 1;
        byte[] buf = new byte[len * rowsPerRead];
        ByteBuffer bb = ByteBuffer.wrap(buf).order(h.order);
        for (int s = 0; s < ns; s++) {
            for (int r = 0; r < nr; r += rowsPerRead) {
                int rows = Math.min(rowsPerRead, nr - r);
                long pos = dataStart + ((long) (s0 + s) * h.ny + (r0 + r)) * rowBytes + skip;
                readFully(pos, buf, len * rows);
                for (int k = 0; k < rows; k++) {
                    int outIndex = s * ss + (r + k) * sr;
                    decodeRow(bb, k * len, nc, firstColumn, out, outIndex, sc, signed);
                }
            }
        }
    }

    /** Reads {@code want} bytes at {@code pos} into {@code buf}; a short read is an error, or zeros when permissive. */
    private void readFully(long pos, byte[] buf, int want) {
        int got = pos >= source.size() ? 0 : source.read(pos, buf, 0, want);
        if (got < want) {
            shortRead(pos, got, want, buf);
        }
    }

    private void shortRead(long pos, int got, int want, byte[] buf) {
        if (!options.permissive()) {
            throw fail("file ends at byte " + (pos + got) + " but the data block needs " + (pos + want) + ": truncated");
        }
        java.util.Arrays.fill(buf, Math.max(0, got), want, (byte) 0);
        if (!warnedShort) {
            warnedShort = true;
            warn("data block ends early at byte " + (pos + got) + "; the missing voxels are 0");
        }
    }

    private void decodeRow(ByteBuffer bb, int off, int n, int c0, float[] out, int outIndex, int stride, boolean signed) {
        int o = outIndex;
        switch (h.mode) {
            case 0:
                for (int i = 0; i < n; i++, o += stride) {
                    byte v = bb.get(off + i);
                    out[o] = signed ? v : v & 0xff;
                }
                break;
            case 1:
                for (int i = 0; i < n; i++, o += stride) {
                    out[o] = bb.getShort(off + 2 * i);
                }
                break;
            case 6:
                for (int i = 0; i < n; i++, o += stride) {
                    out[o] = bb.getShort(off + 2 * i) & 0xffff;
                }
                break;
            case 12:
                for (int i = 0; i < n; i++, o += stride) {
                    out[o] = Float16.toFloat(bb.getShort(off + 2 * i));
                }
                break;
            case 101:
                for (int i = 0; i < n; i++, o += stride) {
                    int c = c0 + i;
                    int b = bb.get(off + (c >> 1)) & 0xff;
                    out[o] = (c & 1) == 0 ? b & 0x0f : b >>> 4;
                }
                break;
            default:
                for (int i = 0; i < n; i++, o += stride) {
                    out[o] = bb.getFloat(off + 4 * i);
                }
        }
    }

    /** The extended header's bytes (nsymbt of them; fewer if the file is short). */
    byte[] extendedHeader() {
        byte[] ext = new byte[(int) Math.max(0, Math.min(h.nsymbt, source.size() - MrcHeader.SIZE))];
        int n = source.read(MrcHeader.SIZE, ext, 0, ext.length);
        return n == ext.length ? ext : java.util.Arrays.copyOf(ext, n);
    }

    @Override
    public void close() {
        source.close();
    }
}
