package org.cryomine.segmentation;

import org.cryomine.core.Volume;
import org.cryomine.core.filter.ConnectedComponents;

/**
 * Removes connected pieces (26-connectivity) of a label by their number of voxels (beyond the paper).
 *
 * <p>Specks: membranes and large complexes are large connected objects, while a network trained on a few hundred
 * weak examples also labels scattered specks of noise: in the default demo, half of the whole-mode membrane false
 * positives lay more than 10 voxels from any membrane, in about 1300 pieces of up to 900 voxels, and removing
 * membrane pieces under 1000 voxels raised membrane IoU from 0.351 to 0.428 (0.397 to 0.413 in another run).
 *
 * <p>Pieces far larger than one particle: a group of particles labels objects of about one size, so a piece of many
 * times that size is something else the network took for them (a carbon film, a membrane lying in the section): on
 * the quality suite's twenty pairs, removing large-globule pieces over five times the group's typical weak-label
 * object raised the large-globule IoU from 0.539 to 0.558, no pair losing (docs/recipes.md).
 */
public final class PieceSizes {

    private PieceSizes() {
    }

    /**
     * Sets to 0, in {@code labels} (modified), every connected piece of label {@code label} with fewer than
     * {@code minVoxels} voxels; returns the number of voxels cleared.
     */
    public static long removeSmaller(Volume labels, int label, int minVoxels) {
        return removeSmaller(labels, label, minVoxels, false);
    }

    /**
     * As {@link #removeSmaller(Volume, int, int)}; with {@code keepLargest}, the largest piece of the label stays
     * whatever its size (a rule of thumb for specks never empties a group).
     */
    public static long removeSmaller(Volume labels, int label, int minVoxels, boolean keepLargest) {
        if (minVoxels < 1) {
            throw new IllegalArgumentException("the smallest piece kept must be at least 1 voxel, got " + minVoxels);
        }
        ConnectedComponents pieces = pieces(labels, label);
        int[] sizes = pieces.sizes();
        int min = keepLargest ? Math.min(minVoxels, java.util.Arrays.stream(sizes).max().orElse(0)) : minVoxels;
        return clear(labels, pieces, size -> size < min);
    }

    /**
     * Sets to 0, in {@code labels} (modified), every connected piece of label {@code label} with more than
     * {@code maxVoxels} voxels; returns the number of voxels cleared.
     */
    public static long removeLarger(Volume labels, int label, long maxVoxels) {
        if (maxVoxels < 1) {
            throw new IllegalArgumentException("the largest piece kept must be at least 1 voxel, got " + maxVoxels);
        }
        return clear(labels, pieces(labels, label), size -> size > maxVoxels);
    }

    /** The connected pieces (26-connectivity) of the voxels of {@code labels} that hold {@code label}. */
    static ConnectedComponents pieces(Volume labels, int label) {
        float[] d = labels.data();
        float l = label;
        return ConnectedComponents.of(labels, v -> d[v] == l);
    }

    private static long clear(Volume labels, ConnectedComponents pieces, java.util.function.IntPredicate cleared) {
        float[] d = labels.data();
        int[] sizes = pieces.sizes();
        int[] ids = pieces.ids();
        long count = 0;
        for (int v = 0; v < d.length; v++) {
            if (ids[v] != 0 && cleared.test(sizes[ids[v]])) {
                d[v] = 0;
                count++;
            }
        }
        return count;
    }
}
