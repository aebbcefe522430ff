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

    /**
     * Probabilities of several tiles at once (a model may batch them for speed); by default one by one.
     * The result has one entry per tile, in order.
     */
    default java.util.List<Volume[]> probabilities(java.util.List<Volume> tiles) {
        java.util.List<Volume[]> out = new java.util.ArrayList<>(tiles.size());
        for (Volume t : tiles) {
            out.add(probabilities(t));
        }
        return out;
    }

    /** How many tiles {@link #probabilities(java.util.List)} should get at a time. */
    default int batchSize() {
        return 1;
    }
}
