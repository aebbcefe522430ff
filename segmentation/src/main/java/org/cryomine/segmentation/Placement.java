package org.cryomine.segmentation;

import java.util.Objects;
import org.cryomine.core.Volume;

/**
 * An image placed into a tomogram with a label: the image's voxel (0, 0, 0) lands on tomogram voxel
 * {@code (cx - sx/2, cy - sy/2, cz - sz/2)}, the same convention as {@link Volume#box}.
 *
 * @param cx    centre x in tomogram voxels
 * @param cy    centre y in tomogram voxels
 * @param cz    centre z in tomogram voxels
 * @param image the image to place (e.g. a decoded subvolume), in original density units; not copied
 * @param label the label to paint, at least 1 (0 is background)
 */
public record Placement(int cx, int cy, int cz, Volume image, int label) {

    public Placement {
        Objects.requireNonNull(image, "image");
        if (label < 1) {
            throw new IllegalArgumentException("a placement's label must be at least 1 (0 is background), got " + label);
        }
    }
}
