package org.cryomine.core.pick;

import org.cryomine.core.Vec3;

/**
 * A candidate particle position: voxel (x, y, z) and its score (larger = stronger).
 *
 * @param x     voxel index along x
 * @param y     voxel index along y
 * @param z     voxel index along z
 * @param score response at the voxel, signed so that stronger is larger
 */
public record Peak(int x, int y, int z, double score) {

    /** The position as a vector in voxels. */
    public Vec3 position() {
        return new Vec3(x, y, z);
    }
}
