package org.cryomine.io.hdf;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.exceptions.HdfException;
import io.jhdf.object.datatype.FixedPoint;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.cryomine.core.Vec3;
import org.cryomine.core.Volume;
import org.cryomine.core.VolumeStatistics;
import org.cryomine.core.VoxelSize;
import org.cryomine.io.DataType;
import org.cryomine.io.StackKind;
import org.cryomine.io.VolumeFormatException;
import org.cryomine.io.VolumeHeader;

/**
 * One EMAN2 image in an open HDF5 file: the dataset {@code /MDF/images/0/image} (shape nz, ny, nx, or ny, nx
 * for an image) and the header attributes of its group ({@code EMAN.apix_x/y/z} Å per voxel,
 * {@code EMAN.origin_x/y/z} Å, and for data stored with fewer bits {@code EMAN.stored_renderbits},
 * {@code EMAN.stored_rendermin/max}: value = code / (2^bits - 1) (max - min) + min, as EMAN2's HdfIO2).
 * Not thread-safe; close after use.
 */
final class Eman2Image implements AutoCloseable {

    static final String IMAGES = "/MDF/images";

    private final Path path;
    private final HdfFile file;
    private final Group group;
    private final Dataset data;
    private final int nx;
    private final int ny;
    private final int nz;

    private Eman2Image(Path path, HdfFile file) {
        this.path = path;
        this.file = file;
        Node images = find(IMAGES);
        Node g = find(IMAGES + "/0");
        Node d = find(IMAGES + "/0/image");
        if (!(g instanceof Group) || !(d instanceof Dataset)) {
            throw new VolumeFormatException(path, "is an HDF5 file but not in EMAN2's layout (no " + IMAGES
                    + "/0/image dataset; its top level holds " + file.getChildren().keySet() + "); cryomine reads "
                    + "EMAN2 .hdf volumes only");
        }
        Attribute max = images.getAttribute("imageid_max");
        if (max != null && number(max) > 0) {
            throw new VolumeFormatException(path, "holds " + ((long) number(max) + 1) + " EMAN2 images (a stack); "
                    + "cryomine reads single volumes: extract one (e2proc3d.py / e2proc2d.py --first --last)");
        }
        this.group = (Group) g;
        this.data = (Dataset) d;
        int[] dims = data.getDimensions();
        if (dims.length < 2 || dims.length > 3 || data.isCompound() || !Number.class.isAssignableFrom(box(data))) {
            throw new VolumeFormatException(path, "EMAN2 image dataset of shape " + java.util.Arrays.toString(dims)
                    + " and type " + data.getJavaType() + " is not a 2-D or 3-D array of numbers");
        }
        this.nx = dims[dims.length - 1];
        this.ny = dims[dims.length - 2];
        this.nz = dims.length == 3 ? dims[0] : 1;
    }

    private static Class<?> box(Dataset d) {
        Class<?> c = d.getJavaType();
        return c.isPrimitive() ? Array.get(Array.newInstance(c, 1), 0).getClass() : c;
    }

    private Node find(String p) {
        try {
            return file.getByPath(p);
        } catch (HdfException e) {
            return null;
        }
    }

    /** Opens {@code path}; {@link VolumeFormatException} when it is not an EMAN2 image file. */
    static Eman2Image open(Path path) {
        HdfFile f;
        try {
            f = new HdfFile(path);
        } catch (HdfException | IllegalArgumentException e) {
            throw new VolumeFormatException(path, "cannot read as HDF5: " + e.getMessage(), e);
        }
        try {
            return new Eman2Image(path, f);
        } catch (RuntimeException e) {
            f.close();
            throw e;
        }
    }

    private double attribute(String name, double otherwise) {
        Attribute a = group.getAttribute("EMAN." + name);
        return a == null ? otherwise : number(a);
    }

    private static double number(Attribute a) {
        Object v = a.getData();
        if (v != null && v.getClass().isArray()) {
            v = Array.getLength(v) > 0 ? Array.get(v, 0) : null;
        }
        return v instanceof Number ? ((Number) v).doubleValue() : Double.NaN;
    }

    VolumeHeader header() {
        DataType type = storedType(data.getDataType());
        double nan = Double.NaN;
        Vec3 apix = new Vec3(attribute("apix_x", 0), attribute("apix_y", 0), attribute("apix_z", 0));
        Vec3 origin = new Vec3(attribute("origin_x", 0), attribute("origin_y", 0), attribute("origin_z", 0));
        return new VolumeHeader("hdf", nx, ny, nz, type, -1, apix, origin, List.of(), new VolumeStatistics(nan, nan,
                nan, nan), StackKind.VOLUME, false, 0, "", -1, 0, List.of(1, 2, 3));
    }

    private static DataType storedType(io.jhdf.object.datatype.DataType t) {
        if (t instanceof FixedPoint) {
            boolean signed = ((FixedPoint) t).isSigned();
            switch (t.getSize()) {
                case 1: return signed ? DataType.INT8 : DataType.UINT8;
                case 2: return signed ? DataType.INT16 : DataType.UINT16;
                default: return DataType.INT32;
            }
        }
        return t.getSize() == 8 ? DataType.FLOAT64 : DataType.FLOAT32;
    }

    /** The region at voxel (x0, y0, z0) of sx x sy x sz voxels, x fastest, rescaled when stored with fewer bits. */
    Volume read(int x0, int y0, int z0, int sx, int sy, int sz) {
        int[] lo = {x0, y0, z0};
        int[] n = {sx, sy, sz};
        int[] dims = {nx, ny, nz};
        for (int a = 0; a < 3; a++) {
            if (lo[a] < 0 || n[a] < 1 || (long) lo[a] + n[a] > dims[a]) {
                throw new IllegalArgumentException("region at (" + x0 + ", " + y0 + ", " + z0 + ") of " + sx + "x" + sy
                        + "x" + sz + " is not inside the " + nx + "x" + ny + "x" + nz + " volume of " + path);
            }
        }
        float[] out = new float[Volume.voxelCount(sx, sy, sz)];
        try {
            readPieces(lo, n, out);
        } catch (HdfException | UnsupportedOperationException e) {
            throw new VolumeFormatException(path, "cannot read the EMAN2 image data: " + e.getMessage(), e);
        }
        double bits = attribute("stored_renderbits", 0);
        if (bits > 0) {
            double min = attribute("stored_rendermin", 0);
            double max = attribute("stored_rendermax", 0);
            double scale = (max - min) / (Math.pow(2, bits) - 1);
            if (max != min) {
                for (int i = 0; i < out.length; i++) {
                    out[i] = (float) (out[i] * scale + min);
                }
            }
        }
        VoxelSize vs = header().voxelSizeOrDefault();
        Vec3 origin = header().origin().plus(new Vec3(x0 * vs.x(), y0 * vs.y(), z0 * vs.z()));
        return Volume.wrap(out, sx, sy, sz, vs, origin);
    }

    /**
     * Reads the region (x, y, z order) into {@code out}: one hyperslab from contiguous data; chunk by chunk from
     * chunked data (decompressed by jhdf, decoded by its data type), because jhdf 0.10.0 returns zeros for
     * hyperslabs of chunked data beyond the first chunk along x.
     */
    private void readPieces(int[] lo, int[] n, float[] out) {
        int rank = data.getDimensions().length;
        if (!(data instanceof ChunkedDataset)) {
            Object raw = rank == 2 ? data.getData(new long[] {lo[1], lo[0]}, new int[] {n[1], n[0]})
                    : data.getData(new long[] {lo[2], lo[1], lo[0]}, new int[] {n[2], n[1], n[0]});
            flatten(raw, out, 0);
            return;
        }
        ChunkedDataset chunked = (ChunkedDataset) data;
        int[] tile = chunked.getChunkDimensions();
        int[] t = {tile[rank - 1], tile[rank - 2], rank == 3 ? tile[0] : 1};
        float[] chunk = new float[t[0] * t[1] * t[2]];
        for (int cz = lo[2] / t[2]; cz <= (lo[2] + n[2] - 1) / t[2]; cz++) {
            for (int cy = lo[1] / t[1]; cy <= (lo[1] + n[1] - 1) / t[1]; cy++) {
                for (int cx = lo[0] / t[0]; cx <= (lo[0] + n[0] - 1) / t[0]; cx++) {
                    int[] offset = rank == 2 ? new int[] {cy * t[1], cx * t[0]}
                            : new int[] {cz * t[2], cy * t[1], cx * t[0]};
                    byte[] bytes = chunked.getDecompressedChunk(offset);
                    flatten(data.getDataType().fillData(ByteBuffer.wrap(bytes), tile, null), chunk, 0);
                    copy(chunk, t, new int[] {cx * t[0], cy * t[1], cz * t[2]}, lo, n, out);
                }
            }
        }
    }

    /** Copies the part of a chunk of size t at c0 (x, y, z) that lies in the region (lo, n) into out. */
    private static void copy(float[] chunk, int[] t, int[] c0, int[] lo, int[] n, float[] out) {
        int x0 = Math.max(lo[0], c0[0]);
        int x1 = Math.min(lo[0] + n[0], c0[0] + t[0]);
        for (int z = Math.max(lo[2], c0[2]); z < Math.min(lo[2] + n[2], c0[2] + t[2]); z++) {
            for (int y = Math.max(lo[1], c0[1]); y < Math.min(lo[1] + n[1], c0[1] + t[1]); y++) {
                System.arraycopy(chunk, ((z - c0[2]) * t[1] + y - c0[1]) * t[0] + x0 - c0[0], out,
                        ((z - lo[2]) * n[1] + y - lo[1]) * n[0] + x0 - lo[0], x1 - x0);
            }
        }
    }

    /** Copies a (nested) Java array of numbers into {@code out} from {@code at}, last index fastest. */
    private static int flatten(Object a, float[] out, int at) {
        int n = Array.getLength(a);
        if (a instanceof float[]) {
            System.arraycopy((float[]) a, 0, out, at, n);
            return at + n;
        }
        for (int i = 0; i < n; i++) {
            Object e = Array.get(a, i);
            if (e instanceof Number) {
                out[at++] = ((Number) e).floatValue();
            } else {
                at = flatten(e, out, at);
            }
        }
        return at;
    }

    @Override
    public void close() {
        file.close();
    }
}
