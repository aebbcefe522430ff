package org.cryomine.pipeline;

import java.util.Objects;
import org.cryomine.core.pick.SubvolumePicker;
import org.cryomine.nn.Autoencoder3D;
import org.cryomine.nn.CodeAveraging;

/**
 * Settings of a mining run ({@code cryomine mine}): how to pick, whether to pose-normalize, the autoencoder, and
 * the clustering. Immutable and validated; start from {@link Recipe#mining(int)} (or {@link #recommended(int)} /
 * {@link #paper(int)}) and change single settings with the {@code with*} methods, each returning a new instance.
 *
 * @param recipe        name of the recipe these settings started from (recorded in the run's manifest)
 * @param picker        the DoG picker (its box size must equal the autoencoder's)
 * @param gridStep      also cut boxes on a regular grid with this step in voxels (0: DoG picks only);
 *                      grid boxes catch surfaces that DoG blobs miss
 * @param poseNormalize pose-normalize the boxes before training
 * @param autoencoder   the network and its training settings
 * @param codeAveraging which codes k-means clusters: the boxes' own ({@link CodeAveraging#NONE}, the paper's)
 *                      or the mean over their eight axis flips ({@link CodeAveraging#FLIPS})
 * @param k             number of k-means clusters, or {@link #AUTO_K} to choose it from the codes ({@link
 *                      org.cryomine.cluster.AutoK}: the silhouette's best k from 8 to 60)
 * @param restarts      k-means restarts (the best inertia is kept)
 * @param seed          seed of k-means and of the code map
 * @param maxTrainingBoxes the autoencoder trains on at most this many boxes, drawn evenly from the tomograms (a
 *                      seeded sample), so training time stays bounded however large the tomogram or dataset; every
 *                      box is still encoded and clustered.
 * @param standardizeTomograms false: a dataset's boxes keep their tomograms' units (the paper's one tomogram has no
 *                      other); true (beyond the paper): in a dataset of two or more tomograms, each tomogram's boxes are
 *                      cut from it changed affinely to median 0 and spread 1
 *                      ({@link org.cryomine.core.stats.IntensityStatistics}), so that tomograms reconstructed or stored
 *                      in other units are encoded alike; picking sees the tomograms as they are. A run of one tomogram
 *                      keeps its units either way.
 */
public record MiningSettings(String recipe, SubvolumePicker picker, int gridStep, boolean poseNormalize,
                             Autoencoder3D autoencoder, CodeAveraging codeAveraging, int k, int restarts, long seed,
                             int maxTrainingBoxes, boolean standardizeTomograms) {

    /** The value of {@link #k()} that asks for k to be chosen from the codes. */
    public static final int AUTO_K = 0;

    public MiningSettings {
        Objects.requireNonNull(recipe, "recipe");
        Objects.requireNonNull(picker, "picker");
        Objects.requireNonNull(autoencoder, "autoencoder");
        Objects.requireNonNull(codeAveraging, "codeAveraging");
        if (gridStep < 0) {
            throw new IllegalArgumentException("grid step must be 0 (off) or positive, got " + gridStep);
        }
        if (k < 1 && k != AUTO_K) {
            throw new IllegalArgumentException("k must be at least 1, or AUTO_K (0) to choose it from the codes, got " + k);
        }
        if (maxTrainingBoxes < 2) {
            throw new IllegalArgumentException("the training sample needs at least 2 boxes, got " + maxTrainingBoxes);
        }
        if (restarts < 1) {
            throw new IllegalArgumentException("k-means restarts must be at least 1, got " + restarts);
        }
        if (autoencoder.boxX() != picker.boxSize() || autoencoder.boxY() != picker.boxSize()
                || autoencoder.boxZ() != picker.boxSize()) {
            throw new IllegalArgumentException("the picker cuts " + picker.boxSize() + "^3 boxes but the autoencoder takes "
                    + autoencoder.boxX() + "x" + autoencoder.boxY() + "x" + autoencoder.boxZ());
        }
    }

    /** The {@link Recipe#RECOMMENDED} settings for {@code box}^3 boxes. */
    public static MiningSettings recommended(int box) {
        return Recipe.RECOMMENDED.mining(box);
    }

    /** The {@link Recipe#PAPER} settings (the published method) for {@code box}^3 boxes. */
    public static MiningSettings paper(int box) {
        return Recipe.PAPER.mining(box);
    }

    /** Cubic box edge in voxels. */
    public int boxSize() {
        return picker.boxSize();
    }

    /** The same settings with another picker; its box size must equal the autoencoder's. */
    public MiningSettings withPicker(SubvolumePicker newPicker) {
        return edit(e -> e.picker = newPicker);
    }

    /** The same settings with grid boxes every {@code step} voxels (0: none). */
    public MiningSettings withGridStep(int step) {
        return edit(e -> e.gridStep = step);
    }

    /** The same settings with or without pose normalization. */
    public MiningSettings withPoseNormalize(boolean on) {
        return edit(e -> e.poseNormalize = on);
    }

    /** The same settings with another autoencoder; its box must equal the picker's. */
    public MiningSettings withAutoencoder(Autoencoder3D newAutoencoder) {
        return edit(e -> e.autoencoder = newAutoencoder);
    }

    /** The same settings clustering codes averaged as {@code averaging} says. */
    public MiningSettings withCodeAveraging(CodeAveraging averaging) {
        return edit(e -> e.codeAveraging = averaging);
    }

    /** The same settings with k chosen from the codes ({@link #AUTO_K}). */
    public MiningSettings withAutoK() {
        return withK(AUTO_K);
    }

    /** Whether k is chosen from the codes. */
    public boolean isAutoK() {
        return k == AUTO_K;
    }

    /** A copy with another number of clusters ({@link #AUTO_K}: chosen from the codes). */
    public MiningSettings withK(int newK) {
        return edit(e -> e.k = newK);
    }

    /** The same settings with {@code n} k-means restarts. */
    public MiningSettings withRestarts(int n) {
        return edit(e -> e.restarts = n);
    }

    /** The same settings with a training sample of at most {@code n} boxes across a dataset's tomograms. */
    public MiningSettings withMaxTrainingBoxes(int n) {
        return edit(e -> e.maxTrainingBoxes = n);
    }

    /** The same settings with {@code newSeed} for k-means and the autoencoder (its weights, split and shuffling). */
    public MiningSettings withSeed(long newSeed) {
        Autoencoder3D reseeded = autoencoder.toBuilder().seed(newSeed).build();
        return edit(e -> {
            e.autoencoder = reseeded;
            e.seed = newSeed;
        });
    }

    /** The same settings standardizing each tomogram of a dataset ({@code true}) or keeping their units. */
    public MiningSettings withStandardizeTomograms(boolean on) {
        return edit(e -> e.standardizeTomograms = on);
    }

    private MiningSettings edit(java.util.function.Consumer<Editor> change) {
        Editor e = new Editor(this);
        change.accept(e);
        return e.build();
    }

    /** The settings as mutable fields, for {@link #edit}: each {@code with*} changes one and builds anew. */
    private static final class Editor {
        private final String recipe;
        private SubvolumePicker picker;
        private int gridStep;
        private boolean poseNormalize;
        private Autoencoder3D autoencoder;
        private CodeAveraging codeAveraging;
        private int k;
        private int restarts;
        private long seed;
        private int maxTrainingBoxes;
        private boolean standardizeTomograms;

        private Editor(MiningSettings s) {
            recipe = s.recipe;
            picker = s.picker;
            gridStep = s.gridStep;
            poseNormalize = s.poseNormalize;
            autoencoder = s.autoencoder;
            codeAveraging = s.codeAveraging;
            k = s.k;
            restarts = s.restarts;
            seed = s.seed;
            maxTrainingBoxes = s.maxTrainingBoxes;
            standardizeTomograms = s.standardizeTomograms;
        }

        private MiningSettings build() {
            return new MiningSettings(recipe, picker, gridStep, poseNormalize, autoencoder, codeAveraging, k, restarts,
                    seed, maxTrainingBoxes, standardizeTomograms);
        }
    }
}
