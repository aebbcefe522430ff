package org.cryomine.segmentation;

/** Class weights of the segmentation network's cross-entropy, from the class fractions of its weak labels. */
public final class ClassWeights {

    /** The largest weight a class gets, however rare. */
    public static final double MAX_WEIGHT = 50;

    private ClassWeights() {
    }

    /**
     * Square roots of the inverse-frequency ratios, normalised so background (index 0) has weight 1, capped at
     * {@value #MAX_WEIGHT}; a class without voxels keeps weight 1. Full inverse-frequency weights (about 45 for
     * membranes in the demo) made the network over-predict the rare classes: weighting the cross-entropy by w
     * multiplies the learned posterior odds by about w, and dividing the probabilities of such a network by the
     * square root of its weights raised the demo's whole-mode large-globule IoU from 0.56 to 0.64 (membrane 0.335
     * to 0.339). Training with the square root directly has the same effect without a correction step.
     *
     * @param fractions each class's fraction of the labelled voxels, background first (not modified)
     * @return a new array of weights, one per class
     */
    public static double[] balanced(double[] fractions) {
        double[] w = new double[fractions.length];
        for (int c = 0; c < w.length; c++) {
            w[c] = fractions[c] > 0 ? Math.min(MAX_WEIGHT, Math.sqrt(fractions[0] / fractions[c])) : 1;
        }
        w[0] = 1;
        return w;
    }
}
