package org.cryomine.segmentation;

import org.cryomine.core.Volume;

/**
 * A segmentation model seen as a function from a cubic tile to per-class probabilities; an adapter over
 * a trained Edss3d, or anything else that segments.
 */
public interface TileModel {

    /** Number of classes including background (class 0). */
    int classes();

    /** Edge lengths (x, y, z) of the tiles the model takes. */
    int[] tileSize();

    /**
     * Class probabilities of every voxel of {@code tile} (whose size is {@link #tileSize()}): one volume per
     * class, each of the tile's size, summing to 1 voxel by voxel. {@code tile} is not modified.
     */
    Volume[] probabilities(Volume tile);
}
