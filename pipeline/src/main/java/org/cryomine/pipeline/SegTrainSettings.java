package org.cryomine.pipeline;

import java.util.List;
import java.util.Objects;

/**
 * Settings of training a segmentation model from a mined run's selected clusters ({@code cryomine train-seg}).
 * Immutable and validated; start from {@link Recipe#segmentationTraining()} and change single settings with the
 * {@code with*} methods, each returning a new instance.
 *
 * @param recipe         name of the recipe these settings started from (recorded in the model)
 * @param level          weak-label threshold in standard deviations of the training data (dense side), the same
 *                       for every group; {@link #PER_GROUP} (NaN): a level per group chosen from the data
 *                       ({@link org.cryomine.segmentation.GroupLevels}: Otsu's threshold of the members' decoded
 *                       densities above the mean within the label radius, clamped to [0.25, 2])
 * @param background     background examples per labelled example, drawn from unselected clusters
 * @param balanced       weight the cross-entropy by the square root of inverse class frequency (capped), so thin
 *                       membranes count without being over-predicted
 * @param flips          augment with the eight axis flips (they keep a missing wedge about y)
 * @param filters        convolution filters of Edss3d
 * @param epochs         maximum epochs
 * @param patience       early-stopping patience in epochs
 * @param seed           seed of the background draw and the network
 * @param threads        network threads (0: all cores); does not change results
 * @param skip           Edss3d with a full-resolution skip connection (beyond the paper; sharper thin membranes)
 * @param labelRadius    weak labels only within this radius of each box centre, in box edges; beyond it the
 *                       voxels are unknown to the loss (beyond the paper); infinity labels whole boxes
 * @param dataSigma      0: weak labels from the decoded images alone (the paper); positive: refined by each
 *                       member's own density smoothed by this Gaussian, in voxels (beyond the paper; see
 *                       {@link org.cryomine.segmentation.WeakLabels})
 * @param sphereGroups   names of the selected groups whose weak labels are completed as spheres (vesicles): the
 *                       parts the missing wedge hides are labelled too (beyond the paper; see
 *                       {@link org.cryomine.segmentation.SphereCompletion}); empty: none
 * @param mixedPrecision train Edss3d in bfloat16 on float32 master weights (and segment in bfloat16 with the model):
 *                       1.7x faster on CPUs with native bfloat16, see {@link org.cryomine.nn.Edss3d#mixedPrecision()};
 *                       boxes under 12 voxels always train in float32
 * @param centralObject  label only the dense piece nearest each member's box centre, the picked object; other dense
 *                       pieces in its box are unknown to the loss (beyond the paper; see
 *                       {@link org.cryomine.segmentation.WeakLabels#centralObject()})
 * @param flipAugmentation each epoch trains on every example flipped along a random choice of axes, drawn anew
 *                       every epoch, at the cost of an unflipped epoch (beyond the paper; see
 *                       {@link org.cryomine.nn.Edss3d#flipAugmentation()}); {@code flips} trains on all eight
 *                       flips of every example, eight times the work per epoch
 * @param minSteps       train for at least this many batches: a training set too small to give them in
 *                       {@code epochs} epochs trains for as many more epochs as it needs, and its patience grows by
 *                       the same factor (beyond the paper; 0: {@code epochs} whatever the set's size)
 * @param shift          0: each example is its box at the pick; n &gt; 0 (beyond the paper): the boxes are cut with n
 *                       voxels of context on each side and each epoch trains on the box around a centre moved by
 *                       up to n voxels per axis, labels moved alike, so the picked objects are seen off-centre in
 *                       their real surroundings ({@link org.cryomine.nn.Edss3d#shiftAugmentation()}); less than half
 *                       the box edge
 * @param evenBackground draw the background examples evenly from the unselected clusters, in turn, rather than at
 *                       random from all their boxes (beyond the paper): each kind of structure the person left out
 *                       (a carbon edge, gold, a cluster of small particles) is shown to the network as background,
 *                       not only the most numerous ones ({@link org.cryomine.segmentation.WeakLabels#evenBackground()});
 *                       off in both recipes (the quality suite: large globules +0.025 IoU, membranes -0.030)
 * @param noise          0: the examples as they are; s &gt; 0 (beyond the paper): each epoch adds noise of up to s
 *                       standard deviations of the training data to each example and restores its spread, so the
 *                       network also sees the examples as noisier tomograms would show them
 *                       ({@link org.cryomine.nn.Edss3d#noiseAugmentation()})
 * @param completeMembranes the weak labels of every membrane group of the selection
 *                       ({@link org.cryomine.segmentation.Selection.Kind#MEMBRANE}) are completed as spheres, as
 *                       for {@code sphereGroups} (beyond the paper); where that cannot be done (a dataset run, a
 *                       pose-normalized run, a tomogram too large for the heap) training goes on without, with a note
 * @param balancedGroups every selected group gives as many examples as the group with the most members, the others'
 *                       members repeated (beyond the paper; {@link org.cryomine.segmentation.WeakLabels#balancedGroups()}):
 *                       a membrane picked all along its length then no longer outweighs the particles in the set
 * @param memberSearch   0: the weak labels come from the picks alone; n &gt; 0 (beyond the paper): n rounds of
 *                       searching beside the selected members for more boxes like them, each found box a member of
 *                       its cluster for the weak labels ({@link MemberSearch}); a run of one tomogram only
 * @param weightAveraging 0: the model is the weights of the epoch that validated best (the paper); d in (0, 1) (beyond
 *                       the paper): a moving average of the weights over the training steps, decay d per step, is
 *                       validated each epoch and kept instead ({@link org.cryomine.nn.Edss3d#weightAveraging()})
 * @param freshBackground false: the background examples are one seeded draw of the unselected clusters' boxes (the
 *                       paper); true (beyond the paper): every unselected box takes turns, {@code background} per
 *                       labelled example in each epoch, a fresh sample each epoch
 *                       ({@link org.cryomine.segmentation.WeakLabels#freshBackground()}), so the model depends less on
 *                       which boxes one draw happened to hold
 * @param networks       1 (the paper): one Edss3d network; n &gt; 1 (beyond the paper): an ensemble of n networks trained
 *                       on the same weak labels from seeds {@code seed}, {@code seed + 1}, ..., segmenting with the mean
 *                       of their probabilities ({@link org.cryomine.segmentation.MeanOfModels}); n times the training
 *                       and segmenting work
 * @param groupAverage   0: each particle member's weak labels follow its own smoothed density; w in (0, 1] (beyond the
 *                       paper): that density mixed with weight w with the group's average, each member aligned to it
 *                       ({@link org.cryomine.segmentation.WeakLabels#groupAverageWeight()}); without effect where {@code dataSigma}
 *                       is 0 (the labels then follow no member's density)
 */
public record SegTrainSettings(String recipe, double level, double background, boolean balanced, boolean flips,
                               int filters, int epochs, int patience, long seed, int threads, boolean skip,
                               double labelRadius, double dataSigma, List<String> sphereGroups,
                               boolean mixedPrecision, boolean centralObject, boolean flipAugmentation,
                               int minSteps, int shift, boolean evenBackground, double noise,
                               boolean completeMembranes, boolean balancedGroups, int memberSearch,
                               double weightAveraging, boolean freshBackground, int networks,
                               double groupAverage) {

    /** The level that asks for a level per group chosen from the data (NaN). */
    public static final double PER_GROUP = Double.NaN;

    public SegTrainSettings {
        Objects.requireNonNull(recipe, "recipe");
        sphereGroups = List.copyOf(sphereGroups);
        if (Double.isInfinite(level)) {
            throw new IllegalArgumentException("threshold level must be finite (or NaN: per group from the data), got "
                    + level);
        }
        if (!(background >= 0)) {
            throw new IllegalArgumentException("background ratio must be >= 0, got " + background);
        }
        if (filters < 1 || epochs < 1 || patience < 1) {
            throw new IllegalArgumentException("filters, epochs and patience must be positive");
        }
        if (minSteps < 0) {
            throw new IllegalArgumentException("minimum training steps must be >= 0 (0: off), got " + minSteps);
        }
        if (shift < 0) {
            throw new IllegalArgumentException("the shift must be 0 (off) or a positive number of voxels, got " + shift);
        }
        if (!(noise >= 0) || !Double.isFinite(noise)) {
            throw new IllegalArgumentException("the noise must be a finite standard deviation >= 0 (0: off), got " + noise);
        }
        if (memberSearch < 0) {
            throw new IllegalArgumentException("member search takes a number of rounds >= 0 (0: off), got "
                    + memberSearch);
        }
        if (!(weightAveraging >= 0 && weightAveraging < 1)) {
            throw new IllegalArgumentException("weight averaging takes a decay per step in [0, 1) (0: off), got "
                    + weightAveraging);
        }
        if (networks < 1) {
            throw new IllegalArgumentException("an ensemble holds at least one network, not " + networks);
        }
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be 0 (all cores) or positive, got " + threads);
        }
        if (!(labelRadius > 0)) {
            throw new IllegalArgumentException("label radius must be positive (in box edges), got " + labelRadius);
        }
        if (!(dataSigma >= 0) || !Double.isFinite(dataSigma)) {
            throw new IllegalArgumentException("data refinement sigma must be finite and >= 0 (0: off), got " + dataSigma);
        }
        if (!(groupAverage >= 0 && groupAverage <= 1)) {
            throw new IllegalArgumentException("the group average's weight must be in [0, 1] (0: off), got " + groupAverage);
        }
    }

    /** The {@link Recipe#RECOMMENDED} settings. */
    public static SegTrainSettings recommended() {
        return Recipe.RECOMMENDED.segmentationTraining();
    }

    /** The {@link Recipe#PAPER} settings (the published method). */
    public static SegTrainSettings paper() {
        return Recipe.PAPER.segmentationTraining();
    }

    /** Whether each group's level is chosen from the data ({@link #level()} is {@link #PER_GROUP}). */
    public boolean perGroupLevels() {
        return Double.isNaN(level);
    }

    /** The same with one level for every group, or {@link #PER_GROUP} for levels chosen per group from the data. */
    public SegTrainSettings withLevel(double v) {
        return edit(e -> e.level = v);
    }

    public SegTrainSettings withBackground(double v) {
        return edit(e -> e.background = v);
    }

    public SegTrainSettings withBalanced(boolean v) {
        return edit(e -> e.balanced = v);
    }

    public SegTrainSettings withFlips(boolean v) {
        return edit(e -> e.flips = v);
    }

    public SegTrainSettings withFilters(int v) {
        return edit(e -> e.filters = v);
    }

    /**
     * The same with at most {@code v} epochs whatever the training set's size: an explicit length turns {@link
     * #minSteps()} off ({@link #withMinSteps} afterwards turns it on again).
     */
    public SegTrainSettings withEpochs(int v) {
        return edit(e -> {
            e.epochs = v;
            e.minSteps = 0;
        });
    }

    public SegTrainSettings withPatience(int v) {
        return edit(e -> e.patience = v);
    }

    public SegTrainSettings withSeed(long v) {
        return edit(e -> e.seed = v);
    }

    public SegTrainSettings withThreads(int v) {
        return edit(e -> e.threads = v);
    }

    public SegTrainSettings withSkip(boolean v) {
        return edit(e -> e.skip = v);
    }

    public SegTrainSettings withLabelRadius(double v) {
        return edit(e -> e.labelRadius = v);
    }

    public SegTrainSettings withDataSigma(double v) {
        return edit(e -> e.dataSigma = v);
    }

    public SegTrainSettings withSphereGroups(List<String> v) {
        return edit(e -> e.sphereGroups = v);
    }

    public SegTrainSettings withMixedPrecision(boolean v) {
        return edit(e -> e.mixedPrecision = v);
    }

    public SegTrainSettings withCentralObject(boolean v) {
        return edit(e -> e.centralObject = v);
    }

    public SegTrainSettings withFlipAugmentation(boolean v) {
        return edit(e -> e.flipAugmentation = v);
    }

    public SegTrainSettings withMinSteps(int v) {
        return edit(e -> e.minSteps = v);
    }

    public SegTrainSettings withShift(int v) {
        return edit(e -> e.shift = v);
    }

    /** A copy drawing background examples evenly from the unselected clusters ({@code true}) or at random. */
    public SegTrainSettings withEvenBackground(boolean v) {
        return edit(e -> e.evenBackground = v);
    }

    /** A copy adding noise of up to {@code v} standard deviations to the examples each epoch (0: none). */
    public SegTrainSettings withNoise(double v) {
        return edit(e -> e.noise = v);
    }

    /**
     * The epochs and the patience of a training of {@code perEpoch} batches an epoch (at least 1; {@link
     * org.cryomine.nn.Edss3d#batchesPerEpoch}): {@link #epochs()} and {@link #patience()}, or, when that gives fewer
     * than {@link #minSteps()} batches, the epochs that give them and the patience grown by the same factor.
     */
    public int[] epochsAndPatience(int perEpoch) {
        if (perEpoch < 1) {
            throw new IllegalArgumentException("batches per epoch must be positive, got " + perEpoch);
        }
        int needed = (minSteps + perEpoch - 1) / perEpoch;
        if (needed <= epochs) {
            return new int[] {epochs, patience};
        }
        return new int[] {needed, (int) Math.ceil(patience * (double) needed / epochs)};
    }

    /** A copy that completes (or not) the spheres of the selection's membrane groups in the weak labels. */
    public SegTrainSettings withCompleteMembranes(boolean v) {
        return edit(e -> e.completeMembranes = v);
    }

    /** A copy giving every group as many examples as the largest ({@code true}) or one per member. */
    public SegTrainSettings withBalancedGroups(boolean v) {
        return edit(e -> e.balancedGroups = v);
    }

    /** A copy searching {@code v} rounds for more boxes like the selected members (0: off). */
    public SegTrainSettings withMemberSearch(int v) {
        return edit(e -> e.memberSearch = v);
    }

    /** A copy averaging the weights over the training steps with decay {@code v} per step (0: off). */
    public SegTrainSettings withWeightAveraging(double v) {
        return edit(e -> e.weightAveraging = v);
    }

    /** A copy drawing the background examples afresh each epoch from every unselected box ({@code true}) or once. */
    public SegTrainSettings withFreshBackground(boolean v) {
        return edit(e -> e.freshBackground = v);
    }

    /** A copy training an ensemble of {@code v} networks (1: one network). */
    public SegTrainSettings withNetworks(int v) {
        return edit(e -> e.networks = v);
    }

    /** A copy mixing each particle member's density with weight {@code v} with its group's aligned average (0: off). */
    public SegTrainSettings withGroupAverage(double v) {
        return edit(e -> e.groupAverage = v);
    }

    /** A copy with {@code change} applied to an editable copy of every setting (validated by the constructor). */
    private SegTrainSettings edit(java.util.function.Consumer<Editor> change) {
        Editor e = new Editor(this);
        change.accept(e);
        return e.build();
    }

    /** The settings as mutable fields, for {@link #edit}: each {@code with*} changes one and builds anew. */
    private static final class Editor {
        private String recipe;
        private double level;
        private double background;
        private boolean balanced;
        private boolean flips;
        private int filters;
        private int epochs;
        private int patience;
        private long seed;
        private int threads;
        private boolean skip;
        private double labelRadius;
        private double dataSigma;
        private List<String> sphereGroups;
        private boolean mixedPrecision;
        private boolean centralObject;
        private boolean flipAugmentation;
        private int minSteps;
        private int shift;
        private boolean evenBackground;
        private double noise;
        private boolean completeMembranes;
        private boolean balancedGroups;
        private int memberSearch;
        private double weightAveraging;
        private boolean freshBackground;
        private int networks;
        private double groupAverage;

        private Editor(SegTrainSettings s) {
            recipe = s.recipe;
            level = s.level;
            background = s.background;
            balanced = s.balanced;
            flips = s.flips;
            filters = s.filters;
            epochs = s.epochs;
            patience = s.patience;
            seed = s.seed;
            threads = s.threads;
            skip = s.skip;
            labelRadius = s.labelRadius;
            dataSigma = s.dataSigma;
            sphereGroups = s.sphereGroups;
            mixedPrecision = s.mixedPrecision;
            centralObject = s.centralObject;
            flipAugmentation = s.flipAugmentation;
            minSteps = s.minSteps;
            shift = s.shift;
            evenBackground = s.evenBackground;
            noise = s.noise;
            completeMembranes = s.completeMembranes;
            balancedGroups = s.balancedGroups;
            memberSearch = s.memberSearch;
            weightAveraging = s.weightAveraging;
            freshBackground = s.freshBackground;
            networks = s.networks;
            groupAverage = s.groupAverage;
        }

        private SegTrainSettings build() {
            return new SegTrainSettings(recipe, level, background, balanced, flips, filters, epochs, patience, seed,
                    threads, skip, labelRadius, dataSigma, sphereGroups, mixedPrecision, centralObject, flipAugmentation,
                    minSteps, shift, evenBackground, noise, completeMembranes, balancedGroups, memberSearch,
                    weightAveraging, freshBackground, networks, groupAverage);
        }
    }
}
