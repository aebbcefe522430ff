package org.cryomine.segmentation;

import java.util.ArrayList;
import java.util.List;
import org.cryomine.core.Flips;
import org.cryomine.core.Volume;

/**
 * Test-time augmentation (beyond the paper): a tile model whose probabilities are the mean over the eight
 * {@link Flips} of the wrapped model's probabilities of the flipped tile, flipped back. The flips keep a missing
 * wedge about y a wedge about y, so every flipped tile looks like a tomogram the network could have been
 * trained on; averaging removes the orientation bias a network learns from a few hundred examples. Eight
 * times the wrapped model's work.
 */
public final class FlipAveragedModel implements TileModel {

    private final TileModel base;

    /** Wraps {@code base} (not copied; it must stay open while this model is used). */
    public FlipAveragedModel(TileModel base) {
        this.base = java.util.Objects.requireNonNull(base, "base");
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
        List<Volume> flipped = new ArrayList<>(tiles.size() * Flips.COUNT);
        for (Volume t : tiles) {
            for (int f = 0; f < Flips.COUNT; f++) {
                flipped.add(Flips.apply(t, f));
            }
        }
        List<Volume[]> all = base.probabilities(flipped);
        List<Volume[]> out = new ArrayList<>(tiles.size());
        for (int t = 0; t < tiles.size(); t++) {
            Volume[] mean = new Volume[classes()];
            for (int c = 0; c < mean.length; c++) {
                float[] sum = new float[(int) tiles.get(t).voxelCount()];
                for (int f = 0; f < Flips.COUNT; f++) {
                    float[] back = Flips.apply(all.get(t * Flips.COUNT + f)[c], f).data();
                    for (int v = 0; v < sum.length; v++) {
                        sum[v] += back[v];
                    }
                }
                for (int v = 0; v < sum.length; v++) {
                    sum[v] /= Flips.COUNT;
                }
                Volume tile = tiles.get(t);
                mean[c] = Volume.wrap(sum, tile.nx(), tile.ny(), tile.nz(), tile.voxelSize(), tile.origin());
            }
            out.add(mean);
        }
        return out;
    }

    /** The wrapped model's batch size divided by the eight flips (at least 1 tile). */
    @Override
    public int batchSize() {
        return Math.max(1, base.batchSize() / Flips.COUNT);
    }
}
