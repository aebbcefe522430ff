package org.cryomine.core.pick;

import org.cryomine.core.Vec3;

/**
 * A candidate particle position: voxel (x, y, z), its score (larger = stronger) and, from a multi-scale picker,
 * the scale it was found at.
 *
 * @param x     voxel index along x
 * @param y     voxel index along y
 * @param z     voxel index along z
 * @param score response at the voxel, signed so that stronger is larger (multi-scale: the scale-normalised
 *              response, see {@link SubvolumePicker#multiScale})
 * @param sigma the DoG sigma in voxels at which a multi-scale picker found the peak; NaN from a single-scale
 *              picker (whose one sigma is the picker's)
 */
public record Peak(int x, int y, int z, double score, double sigma) {

    /** A peak without a recorded scale (sigma NaN), as a single-scale picker finds it. */
    public Peak(int x, int y, int z, double score) {
        this(x, y, z, score, Double.NaN);
    }

    /** The position as a vector in voxels. */
    public Vec3 position() {
        return new Vec3(x, y, z);
    }

    /** Whether the peak records the scale it was found at. */
    public boolean hasSigma() {
        return !Double.isNaN(sigma);
    }
}
