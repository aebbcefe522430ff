package org.cryomine.segmentation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.cryomine.core.Volume;

/**
 * Undoes a class-weighted training loss at inference (beyond the paper): a tile model whose probabilities are
 * the wrapped model's divided by the weight each class had in the cross-entropy, renormalised to sum to 1.
 * Weighting class c by w_c in the loss multiplies the posterior odds the network learns by about w_c, so a
 * network trained with weights over-predicts the weighted classes: thin membranes came out a voxel too thick.
 * The weights help the network learn rare classes; dividing them out afterwards restores calibrated
 * probabilities. On three default-demo models (weights 2.1-2.5 for membranes, 4.1-6.0 for large globules)
 * whole-mode membrane IoU rose by 0.017 to 0.030 (to 0.480, 0.482 and 0.503) and large-globule IoU changed by
 * +0.017, +0.018 and -0.018. It assumes a network trained to convergence: on the quick demo's (4 epochs,
 * weights 3.0 and 6.7) it lowered membrane IoU from 0.331 to 0.321 and large globules from 0.516 to 0.426.
 */
public final class WeightCorrectedModel implements TileModel {

    private final TileModel base;
    private final double[] weights;

    /**
     * @param base    the wrapped model (not copied; it must stay open while this model is used)
     * @param weights the class weights it was trained with, one per class, each positive and finite
     */
    public WeightCorrectedModel(TileModel base, double[] weights) {
        this.base = Objects.requireNonNull(base, "base");
        if (weights.length != base.classes()) {
            throw new IllegalArgumentException(weights.length + " class weights for a model of " + base.classes()
                    + " classes");
        }
        for (double w : weights) {
            if (!(w > 0) || !Double.isFinite(w)) {
                throw new IllegalArgumentException("class weights must be positive and finite, got "
                        + java.util.Arrays.toString(weights));
            }
        }
        this.weights = weights.clone();
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
    public int batchSize() {
        return base.batchSize();
    }

    @Override
    public Volume[] probabilities(Volume tile) {
        return correct(base.probabilities(tile));
    }

    @Override
    public List<Volume[]> probabilities(List<Volume> tiles) {
        List<Volume[]> out = new ArrayList<>(tiles.size());
        for (Volume[] p : base.probabilities(tiles)) {
            out.add(correct(p));
        }
        return out;
    }

    private Volume[] correct(Volume[] p) {
        int n = p[0].voxelCount();
        float[][] in = new float[p.length][];
        float[][] out = new float[p.length][n];
        for (int c = 0; c < p.length; c++) {
            in[c] = p[c].data();
        }
        for (int v = 0; v < n; v++) {
            double sum = 0;
            for (int c = 0; c < p.length; c++) {
                sum += in[c][v] / weights[c];
            }
            for (int c = 0; c < p.length; c++) {
                out[c][v] = sum > 0 ? (float) (in[c][v] / weights[c] / sum) : in[c][v];
            }
        }
        Volume[] result = new Volume[p.length];
        for (int c = 0; c < p.length; c++) {
            result[c] = Volume.wrap(out[c], p[c].nx(), p[c].ny(), p[c].nz(), p[c].voxelSize(), p[c].origin());
        }
        return result;
    }
}
