package org.cryomine.core;

/** What to do where a box or a filter reaches outside a volume. The caller always chooses. */
public enum BoundaryPolicy {
    /** Leave the box out altogether (extraction returns nothing). */
    SKIP,
    /** Fill the voxels outside with a constant, by default the volume's mean. */
    FILL_MEAN,
    /**
     * Mirror the volume at its faces, repeating the edge voxel ({@code d c b a | a b c d | d c b a}),
     * as scipy.ndimage's mode {@code 'reflect'}.
     */
    MIRROR
}
