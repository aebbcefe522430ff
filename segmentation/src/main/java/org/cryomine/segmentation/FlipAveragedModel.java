package org.cryomine.segmentation;

import java.util.ArrayList;
import java.util.List;
import org.cryomine.core.Flips;
import org.cryomine.core.Volume;

/**
 * Test-time augmentation (beyond the paper): a tile model whose probabilities are the mean over a set of
 * {@link Flips} of the wrapped model's probabilities of the flipped tile, flipped back. The flips keep a missing
 * wedge about y a wedge about y, so every flipped tile looks like a tomogram the network could have been
 * trained on; averaging removes the orientation bias a network learns from a few hundred examples. The set is a
 * group of flips, so every voxel's neighbourhood is seen in as many orientations as the set holds: 8 (all of
 * them), 4 (the identity and the three half-turns about x, y and z, which flip two axes each) or 2 (the identity
 * and the inversion through the centre, which flips all three). The work is the wrapped model's times the count.
 */
public final class FlipAveragedModel implements TileModel {

    /** The flips (bits: x, y, z, as {@link Flips#apply}) of each supported count, the identity first. */
    private static final int[] TWO = {0, 7};
    private static final int[] FOUR = {0, 3, 5, 6};
    private static final int[] EIGHT = {0, 1, 2, 3, 4, 5, 6, 7};

    private final TileModel base;
    private final int[] flips;

    /** Wraps {@code base} (not copied; it must stay open while this model is used), averaging all eight flips. */
    public FlipAveragedModel(TileModel base) {
        this(base, Flips.COUNT);
    }

    /**
     * Wraps {@code base} (not copied; it must stay open while this model is used), averaging {@code count} flips: 2,
     * 4 or 8 (see the class comment).
     *
     * @throws IllegalArgumentException when {@code count} is not 2, 4 or 8
     */
    public FlipAveragedModel(TileModel base, int count) {
        this.base = java.util.Objects.requireNonNull(base, "base");
        this.flips = switch (count) {
            case 2 -> TWO;
            case 4 -> FOUR;
            case 8 -> EIGHT;
            default -> throw new IllegalArgumentException("flips averaged must be 2, 4 or 8 (a group of axis flips), "
                    + "got " + count);
        };
    }

    /** How many flips are averaged: 2, 4 or 8. */
    public int count() {
        return flips.length;
    }

    @Override
    public int classes() {
        return base.classes();
    }

    @Override
    public int[] tileSize() {
        return base.tileSize();
    }

    @Override
    public Volume[] probabilities(Volume tile) {
        return probabilities(List.of(tile)).get(0);
    }

    @Override
    public List<Volume[]> probabilities(List<Volume> tiles) {
        int n = flips.length;
        List<Volume> flipped = new ArrayList<>(tiles.size() * n);
        for (Volume t : tiles) {
            for (int f : flips) {
                flipped.add(Flips.apply(t, f));
            }
        }
        List<Volume[]> all = base.probabilities(flipped);
        List<Volume[]> out = new ArrayList<>(tiles.size());
        for (int t = 0; t < tiles.size(); t++) {
            Volume[] mean = new Volume[classes()];
            for (int c = 0; c < mean.length; c++) {
                float[] sum = new float[(int) tiles.get(t).voxelCount()];
                for (int i = 0; i < n; i++) {
                    float[] back = Flips.apply(all.get(t * n + i)[c], flips[i]).data();
                    for (int v = 0; v < sum.length; v++) {
                        sum[v] += back[v];
                    }
                }
                for (int v = 0; v < sum.length; v++) {
                    sum[v] /= n;
                }
                Volume tile = tiles.get(t);
                mean[c] = Volume.wrap(sum, tile.nx(), tile.ny(), tile.nz(), tile.voxelSize(), tile.origin());
            }
            out.add(mean);
        }
        return out;
    }

    /** The wrapped model's batch size divided by the flips averaged (at least 1 tile). */
    @Override
    public int batchSize() {
        return Math.max(1, base.batchSize() / flips.length);
    }
}
