package org.cryomine.segmentation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cryomine.core.Volume;

/**
 * An ensemble (beyond the paper): a tile model whose probabilities are the mean of several models' probabilities
 * of the same tile, e.g. Edss3d networks trained on the same weak labels from different seeds. Networks trained on a
 * few hundred weak examples differ in where the noise of their training left them; the mean keeps what they agree
 * on. The models' work added up.
 */
public final class MeanOfModels implements TileModel {

    private final List<TileModel> models;

    /**
     * Wraps {@code models} (not copied; they must stay open while this model is used).
     *
     * @throws IllegalArgumentException when there is none, or they differ in classes or tile size
     */
    public MeanOfModels(List<? extends TileModel> models) {
        this.models = List.copyOf(models);
        if (this.models.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one model");
        }
        TileModel first = this.models.get(0);
        for (TileModel m : this.models) {
            if (m.classes() != first.classes() || !Arrays.equals(m.tileSize(), first.tileSize())) {
                throw new IllegalArgumentException("the ensemble's models must share classes and tile size: "
                        + first.classes() + " classes of " + Arrays.toString(first.tileSize()) + " tiles, and "
                        + m.classes() + " of " + Arrays.toString(m.tileSize()));
            }
        }
    }

    @Override
    public int classes() {
        return models.get(0).classes();
    }

    @Override
    public int[] tileSize() {
        return models.get(0).tileSize();
    }

    @Override
    public Volume[] probabilities(Volume tile) {
        return probabilities(List.of(tile)).get(0);
    }

    @Override
    public List<Volume[]> probabilities(List<Volume> tiles) {
        List<float[][]> sums = new ArrayList<>(tiles.size());
        for (Volume t : tiles) {
            sums.add(new float[classes()][(int) t.voxelCount()]);
        }
        for (TileModel m : models) {
            List<Volume[]> each = m.probabilities(tiles);
            for (int t = 0; t < tiles.size(); t++) {
                for (int c = 0; c < classes(); c++) {
                    float[] p = each.get(t)[c].data();
                    float[] sum = sums.get(t)[c];
                    for (int v = 0; v < sum.length; v++) {
                        sum[v] += p[v];
                    }
                }
            }
        }
        List<Volume[]> out = new ArrayList<>(tiles.size());
        for (int t = 0; t < tiles.size(); t++) {
            Volume tile = tiles.get(t);
            Volume[] mean = new Volume[classes()];
            for (int c = 0; c < mean.length; c++) {
                float[] sum = sums.get(t)[c];
                for (int v = 0; v < sum.length; v++) {
                    sum[v] /= models.size();
                }
                mean[c] = Volume.wrap(sum, tile.nx(), tile.ny(), tile.nz(), tile.voxelSize(), tile.origin());
            }
            out.add(mean);
        }
        return out;
    }

    /** The smallest of the models' batch sizes. */
    @Override
    public int batchSize() {
        return models.stream().mapToInt(TileModel::batchSize).min().orElse(1);
    }
}
