package org.cryomine.io.zarr;

import java.util.Objects;
import org.cryomine.core.Vec3;

/**
 * One resolution of an OME-Zarr multiscale image.
 *
 * @param path      the array's path inside the group ("0", "1", ...)
 * @param nx        voxels along x
 * @param ny        voxels along y
 * @param nz        voxels along z
 * @param voxelSize Å per voxel along x, y, z (the dataset's scale in the axes' units, converted; 0 where the
 *                  store gives none)
 * @param origin    Å, position of voxel (0, 0, 0) (the dataset's translation, converted)
 */
public record ScaleLevel(String path, int nx, int ny, int nz, Vec3 voxelSize, Vec3 origin) {

    public ScaleLevel {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(voxelSize, "voxelSize");
        Objects.requireNonNull(origin, "origin");
    }

    /** The mean voxel size over x, y, z in Å. */
    public double meanVoxelSize() {
        return (voxelSize.x() + voxelSize.y() + voxelSize.z()) / 3;
    }
}
