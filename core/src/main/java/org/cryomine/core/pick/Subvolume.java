package org.cryomine.core.pick;

import java.util.Objects;
import org.cryomine.core.Vec3;
import org.cryomine.core.Volume;

/**
 * A box cut from a tomogram around a centre voxel.
 *
 * @param source a name for the tomogram it came from (file name or caller's label; never null)
 * @param x      centre voxel along x in the source tomogram; the centre is at box index {@code size/2}
 * @param y      centre voxel along y
 * @param z      centre voxel along z
 * @param score  picking score (DoG response signed so that stronger is larger; 0 for grid extraction)
 * @param voxels the box's voxels (its origin in Å places it in the tomogram); shared, not copied
 */
public record Subvolume(String source, int x, int y, int z, double score, Volume voxels) {

    public Subvolume {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(voxels, "voxels");
        if (!Double.isFinite(score)) {
            throw new IllegalArgumentException("score must be finite, got " + score);
        }
    }

    /** The centre in voxels of the source tomogram. */
    public Vec3 centre() {
        return new Vec3(x, y, z);
    }

    /** The same subvolume with other voxels (e.g. after pose normalization). */
    public Subvolume withVoxels(Volume newVoxels) {
        return new Subvolume(source, x, y, z, score, newVoxels);
    }
}
