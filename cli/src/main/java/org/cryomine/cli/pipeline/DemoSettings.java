package org.cryomine.cli.pipeline;

/**
 * Sizes and settings of {@code cryomine demo}.
 *
 * @param size           simulated tomogram size (x, y, z) in voxels
 * @param vesicles       membrane vesicles per simulated tomogram (-1: the simulator's density)
 * @param sheets         flat membrane sheets per simulated tomogram (-1: the simulator's density)
 * @param box            subvolume edge in voxels
 * @param maxPicks       most DoG picks kept
 * @param gridStep       grid boxes every this many voxels (0: none)
 * @param k              clusters
 * @param filters        autoencoder filters
 * @param epochs         autoencoder epochs
 * @param patience       autoencoder early-stopping patience
 * @param poseNormalized also mine with pose normalization and report it
 * @param level          weak-label and embedding threshold (standard deviations)
 * @param segmentation   Edss3d training settings
 * @param seed           seed of everything (the second tomogram uses seed + 1)
 * @param linearCode     a linear autoencoder code instead of the paper's ReLU code
 * @param centreWeighting autoencoder loss centre weighting (sigma in box edges; 0 = the paper's plain MSE)
 * @param flipAugmentation train the autoencoder on randomly flipped boxes (mine --flip-augmentation)
 */
public record DemoSettings(int[] size, int vesicles, int sheets, int box, int maxPicks, int gridStep, int k,
                           int filters, int epochs, int patience, boolean poseNormalized, double level,
                           SegTrainOptions segmentation, long seed, boolean linearCode,
                           double centreWeighting, boolean flipAugmentation) {

    public DemoSettings {
        size = size.clone();
        if (size.length != 3) {
            throw new IllegalArgumentException("size needs x, y and z");
        }
    }

    @Override
    public int[] size() {
        return size.clone();
    }

    /** The same settings with some replaced; null keeps the current value. */
    public DemoSettings with(int[] newSize, Integer newK, Integer newEpochs, Integer newFilters, Integer newGrid,
                             Double newLevel, Boolean newPose, Integer newSegEpochs, Boolean newLinearCode) {
        SegTrainOptions seg = segmentation;
        if (newLevel != null || newSegEpochs != null) {
            seg = new SegTrainOptions(newLevel != null ? newLevel : seg.level(), seg.background(), seg.balanced(),
                    seg.flips(), seg.filters(), newSegEpochs != null ? newSegEpochs : seg.epochs(), seg.patience(),
                    seg.seed(), seg.threads(), seg.skip(), seg.labelRadius(), seg.dataSigma(), seg.sphereGroups());
        }
        return new DemoSettings(newSize != null ? newSize : size, vesicles, sheets, box, maxPicks,
                newGrid != null ? newGrid : gridStep, newK != null ? newK : k, newFilters != null ? newFilters : filters,
                newEpochs != null ? newEpochs : epochs, patience, newPose != null ? newPose : poseNormalized,
                newLevel != null ? newLevel : level, seg, seed, newLinearCode != null ? newLinearCode : linearCode,
                centreWeighting, flipAugmentation);
    }

    /**
     * Weak labels within 0.45 box edges of each box centre (train-seg --label-radius 0.45). Whole-mode IoU
     * membrane / large globule, one run each from the same mined run, before sphere completion: whole boxes
     * 0.351 / 0.577; radius 0.25: 0.353 / 0.624; 0.35: 0.381 / 0.594; 0.45: 0.360 / 0.631. With sphere
     * completion, the weight correction and membrane pieces under 1000 voxels removed (TF_DETERMINISTIC_OPS=1,
     * another mined run): 0.35: 0.464 / 0.676; 0.45: 0.488 / 0.681 (a larger ball holds more of the spheres'
     * shells). Level 1 instead of 0.75 gave 0.470 / 0.668 and 18 epochs instead of 12 0.469 / 0.692.
     */
    static final double LABEL_RADIUS = 0.45;

    /**
     * Weak labels refined by each member's own density smoothed by 1 voxel (train-seg --data-sigma 1): from the
     * same mined run with radius 0.35, whole-mode IoU membrane / large globule 0.381 / 0.594 without and
     * 0.363 / 0.640 with it, one run each (the membrane difference is within run-to-run variation).
     */
    static final double DATA_SIGMA = 1.0;

    /**
     * Membrane pieces under 1000 voxels set to background after segmenting (segment --min-piece membrane=1000):
     * whole-mode membrane IoU 0.429 -> 0.450, 0.351 -> 0.428 and 0.397 -> 0.413 in three runs. Large globules
     * gained nothing (0.670 -> 0.667), so they are left whole.
     */
    static final java.util.Map<String, Integer> MIN_PIECES =
            java.util.Map.of(org.cryomine.core.simulate.ObjectClass.MEMBRANE.displayName(), 1000);

    /**
     * Autoencoder trained on flipped boxes (mine --flip-augmentation): codes purity 0.922 and macro-F1 0.825 in
     * the first demo with it, against 0.911-0.912 and 0.79 in two without. On the same picks, training on all
     * eight flips of each box for 3 or 5 epochs gave purity 0.914 and 0.911 against 0.915 without flips (20
     * epochs): the gain is within run-to-run variation.
     */
    static final boolean FLIPS = true;

    /**
     * The membrane group's weak labels completed as spheres (train-seg --complete-spheres membrane): the
     * vesicles' caps that the missing wedge hides are labelled too. From one mined run (whole-mode IoU membrane,
     * tiles reaching beyond the faces): 0.389 with the shells painted into the existing boxes (0.38-0.42
     * without the margin; 0.38 without completion) and 0.434-0.440 with boxes added on the spheres.
     */
    static final java.util.List<String> SPHERE_GROUPS =
            java.util.List.of(org.cryomine.core.simulate.ObjectClass.MEMBRANE.displayName());

    /**
     * The same groups' spheres completed in the segmentations too (segment --complete-spheres membrane), with
     * shells 1.5 voxels to either side of the surface (--shell-half-thickness 1.5). Painted afterwards onto five
     * earlier default-demo segmentations of the second tomogram: whole mode 0.475-0.503 -> 0.528-0.545, clusters
     * mode 0.413-0.495 -> 0.512-0.551, every accepted sphere a true vesicle. Half thicknesses of 1, 2 and 2.5
     * and the spheres' own (1.5 RMS residuals) gave less on three of them.
     */
    static final double SHELL_HALF_THICKNESS = 1.5;

    /**
     * Autoencoder epochs of the default demo. 20 took the demo to 587-598 s of its 10 minutes once codes were
     * flip-averaged (eight encodings per box); 16 saves about 40 s. In those runs the validation loss fell by
     * only 1% from epoch 12 to 20 (0.888 to 0.879). Two demos with 16: 547 and 521 s, purity 0.938 and 0.944
     * (0.939-0.946 with 20), whole-mode IoU 0.543 / 0.669 and 0.552 / 0.622; the embedding's membrane IoU fell
     * to 0.287 and 0.305 (0.335-0.341 with 20).
     */
    static final int AUTOENCODER_EPOCHS = 16;

    /**
     * The default demo: two 256x256x96 tomograms, k = 30, and a linear autoencoder code (the paper's ReLU code
     * collapsed to one cluster in smaller runs: purity 0.72 and macro-F1 0.17 against 0.88 and 0.54 linear).
     */
    public static DemoSettings standard() {
        return new DemoSettings(new int[] {256, 256, 96}, 6, 3, 32, 1500, 0, 30, 32, AUTOENCODER_EPOCHS, 8, true, 0.75,
                new SegTrainOptions(0.75, 1.0, true, false, 32, 12, 4, 7, 0, true, LABEL_RADIUS, DATA_SIGMA, SPHERE_GROUPS), 7, true, 0.15, FLIPS);
    }

    /** A smaller, faster demo for a first look (under a minute here): two 192x192x80 tomograms, k = 15. */
    public static DemoSettings quick() {
        return new DemoSettings(new int[] {192, 192, 80}, 4, 2, 32, 600, 0, 15, 16, 10, 4, true, 1.0,
                new SegTrainOptions(1.0, 1.0, true, false, 16, 4, 2, 7, 0, true, LABEL_RADIUS, DATA_SIGMA, SPHERE_GROUPS), 7, true, 0.15, FLIPS);
    }
}
