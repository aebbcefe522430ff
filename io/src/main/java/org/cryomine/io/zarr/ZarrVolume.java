package org.cryomine.io.zarr;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cryomine.core.Vec3;
import org.cryomine.core.Volume;
import org.cryomine.core.VolumeStatistics;
import org.cryomine.core.VoxelSize;
import org.cryomine.io.ReadOptions;
import org.cryomine.io.StackKind;
import org.cryomine.io.VolumeFormatException;
import org.cryomine.io.VolumeHeader;

/**
 * A volume in a Zarr store: an OME-Zarr group (the scale level chosen by {@link ReadOptions#voxelSize()}),
 * or one array directly (its voxel size from the parent group's multiscales when it is one of its datasets).
 * Axes other than x, y, z (t, c) must have size 1. Regions are read through the chunks they touch.
 */
final class ZarrVolume {

    private final Path path;
    private final ZarrArray array;
    private final int[] xyz;
    private final ScaleLevel level;

    private ZarrVolume(Path path, ZarrArray array, int[] xyz, ScaleLevel level) {
        this.path = path;
        this.array = array;
        this.xyz = xyz;
        this.level = level;
        int[] shape = array.shape;
        List<String> extra = new ArrayList<>();
        for (int d = 0; d < shape.length; d++) {
            if (d != xyz[0] && d != xyz[1] && d != xyz[2] && shape[d] != 1) {
                extra.add("axis " + d + " of size " + shape[d]);
            }
        }
        if (shape.length < 3 || !extra.isEmpty()) {
            throw new VolumeFormatException(path, "array of shape " + java.util.Arrays.toString(shape) + " is not one "
                    + "3-D volume (" + (extra.isEmpty() ? "fewer than 3 axes" : String.join(", ", extra)) + ")");
        }
    }

    /** Opens the store (group or array) at {@code path}. */
    static ZarrVolume open(Path path, ReadOptions options) {
        if (Files.exists(path.resolve("zarr.json"))) {
            throw new VolumeFormatException(path, "is a Zarr v3 store (zarr.json); cryomine reads Zarr v2 "
                    + "(OME-NGFF 0.4, as the CryoET Data Portal serves)");
        }
        if (Files.isRegularFile(path.resolve(".zarray"))) {
            ZarrArray a = ZarrArray.open(path);
            Path parent = path.toAbsolutePath().getParent();
            Multiscales ms = parent == null ? null : Multiscales.read(parent);
            String name = path.getFileName().toString();
            if (ms != null) {
                for (ScaleLevel l : ms.levels()) {
                    if (l.path().equals(name)) {
                        return new ZarrVolume(path, a, Multiscales.axes(ms.axisNames(), a.shape.length), l);
                    }
                }
            }
            int[] xyz = Multiscales.axes(List.of(), a.shape.length);
            int n = a.shape.length;
            return new ZarrVolume(path, a, xyz, new ScaleLevel(name, a.shape[n - 1], n > 1 ? a.shape[n - 2] : 1,
                    n > 2 ? a.shape[n - 3] : 1, Vec3.ZERO, Vec3.ZERO));
        }
        Multiscales ms = Multiscales.read(path);
        if (ms == null) {
            throw new VolumeFormatException(path, "is a Zarr group without OME-NGFF multiscales metadata in .zattrs; "
                    + "open one of its arrays (a folder holding .zarray) instead");
        }
        ScaleLevel l = ms.levels().get(ms.nearest(options.voxelSize()));
        ZarrArray a = ZarrArray.open(path.resolve(l.path()));
        return new ZarrVolume(path, a, Multiscales.axes(ms.axisNames(), a.shape.length), l);
    }

    ScaleLevel level() {
        return level;
    }

    VolumeHeader header() {
        double nan = Double.NaN;
        return new VolumeHeader("zarr", array.shape[xyz[0]], array.shape[xyz[1]], array.shape[xyz[2]],
                array.type.dataType(), -1, level.voxelSize(), level.origin(), List.of(),
                new VolumeStatistics(nan, nan, nan, nan), StackKind.VOLUME, array.order == ByteOrder.BIG_ENDIAN, 0, "",
                -1, 0, List.of(1, 2, 3));
    }

    /** The region at voxel (x0, y0, z0) of sx x sy x sz voxels, x fastest. */
    Volume read(int x0, int y0, int z0, int sx, int sy, int sz) {
        VolumeHeader h = header();
        int[] lo3 = {x0, y0, z0};
        int[] n3 = {sx, sy, sz};
        int[] dims = {h.nx(), h.ny(), h.nz()};
        for (int a = 0; a < 3; a++) {
            if (lo3[a] < 0 || n3[a] < 1 || (long) lo3[a] + n3[a] > dims[a]) {
                throw new IllegalArgumentException("region at (" + x0 + ", " + y0 + ", " + z0 + ") of " + sx + "x" + sy
                        + "x" + sz + " is not inside the " + dims[0] + "x" + dims[1] + "x" + dims[2] + " volume of " + path);
            }
        }
        int count;
        try {
            count = Volume.voxelCount(sx, sy, sz);
        } catch (IllegalArgumentException e) {
            throw new VolumeFormatException(path, e.getMessage());
        }
        int nd = array.shape.length;
        int[] lo = new int[nd];
        int[] size = new int[nd];
        java.util.Arrays.fill(size, 1);
        for (int a = 0; a < 3; a++) {
            lo[xyz[a]] = lo3[a];
            size[xyz[a]] = n3[a];
        }
        float[] r = array.read(lo, size);
        float[] out = r;
        if (xyz[0] != nd - 1 || xyz[1] != nd - 2) {
            int[] stride = new int[nd];
            stride[nd - 1] = 1;
            for (int d = nd - 2; d >= 0; d--) {
                stride[d] = stride[d + 1] * size[d + 1];
            }
            out = new float[count];
            int i = 0;
            for (int z = 0; z < sz; z++) {
                for (int y = 0; y < sy; y++) {
                    for (int x = 0; x < sx; x++) {
                        out[i++] = r[x * stride[xyz[0]] + y * stride[xyz[1]] + z * stride[xyz[2]]];
                    }
                }
            }
        }
        VoxelSize vs = h.voxelSizeOrDefault();
        Vec3 origin = h.origin().plus(new Vec3(x0 * vs.x(), y0 * vs.y(), z0 * vs.z()));
        return Volume.wrap(out, sx, sy, sz, vs, origin);
    }
}
