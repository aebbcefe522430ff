package org.cryomine.cli.pipeline;

/**
 * Settings of {@code cryomine train-seg}.
 *
 * @param level          weak-label threshold in standard deviations of the training data (dense side)
 * @param background     background examples per labelled example, drawn from unselected clusters
 * @param balanced       weight the cross-entropy by the square root of inverse class frequency (capped), so thin
 *                       membranes count without being over-predicted
 * @param flips          augment with the eight axis flips (they keep a missing wedge about y)
 * @param filters        convolution filters of Edss3d
 * @param epochs         maximum epochs
 * @param patience       early-stopping patience in epochs
 * @param seed           seed of the background draw and the network
 * @param threads        network threads (0: all cores)
 * @param skip           Edss3d with a full-resolution skip connection (beyond the paper; sharper thin membranes)
 * @param labelRadius    weak labels only within this radius of each box centre, in box edges; beyond it the
 *                       voxels are unknown to the loss (beyond the paper); infinity labels whole boxes
 * @param dataSigma      0: weak labels from the decoded images alone (the paper); positive: refined by each
 *                       member's own density smoothed by this Gaussian, in voxels (beyond the paper; see
 *                       {@link org.cryomine.segmentation.WeakLabels})
 * @param sphereGroups   names of the selected groups whose weak labels are completed as spheres (vesicles): the
 *                       parts the missing wedge hides are labelled too (beyond the paper; see
 *                       {@link org.cryomine.segmentation.SphereCompletion}); empty: none
 */
public record SegTrainOptions(double level, double background, boolean balanced, boolean flips, int filters,
                              int epochs, int patience, long seed, int threads, boolean skip,
                              double labelRadius, double dataSigma, java.util.List<String> sphereGroups) {

    public SegTrainOptions {
        sphereGroups = java.util.List.copyOf(sphereGroups);
        if (!Double.isFinite(level)) {
            throw new IllegalArgumentException("threshold level must be finite, got " + level);
        }
        if (!(background >= 0)) {
            throw new IllegalArgumentException("background ratio must be >= 0, got " + background);
        }
        if (filters < 1 || epochs < 1 || patience < 1) {
            throw new IllegalArgumentException("filters, epochs and patience must be positive");
        }
        if (!(labelRadius > 0)) {
            throw new IllegalArgumentException("label radius must be positive (in box edges), got " + labelRadius);
        }
        if (!(dataSigma >= 0) || !Double.isFinite(dataSigma)) {
            throw new IllegalArgumentException("data refinement sigma must be finite and >= 0 (0: off), got " + dataSigma);
        }
    }

    /**
     * Defaults: level 1, one background example per labelled one, balanced, no flips, 32 filters, 30 epochs,
     * whole boxes labelled from the decoded images alone, no sphere completion.
     */
    public static SegTrainOptions defaults() {
        return new SegTrainOptions(1.0, 1.0, true, false, 32, 30, 10, 7, 0, false, Double.POSITIVE_INFINITY, 0,
                java.util.List.of());
    }
}
