package org.cryomine.pipeline;

import java.util.List;
import java.util.Locale;
import org.cryomine.core.BoundaryPolicy;
import org.cryomine.core.pick.SubvolumePicker;
import org.cryomine.nn.Autoencoder3D;
import org.cryomine.nn.CodeAveraging;
import org.cryomine.nn.CpuFeatures;

/**
 * A named recipe for the whole chain: the settings of mining, segmentation training and segmenting that belong
 * together. {@link #RECOMMENDED} is the best measured recipe and the default of every command; {@link #PAPER} is
 * exactly the published method (Zeng et al., J. Struct. Biol. 2018). Single settings override a recipe through
 * the settings' {@code with*} methods (or the command line's options); runs record the recipe they started from.
 * docs/recipes.md lists what {@code recommended} changes and what each change measured.
 */
public enum Recipe {

    /**
     * The published method: DoG picks whose box leaves the tomogram skipped, ReLU code, plain mean squared error, no
     * flips, codes clustered as they are, weak labels over whole boxes from the decoded images alone, unweighted
     * cross-entropy, no skip connection, threshold level 1, clusters-mode segmentation.
     */
    PAPER,

    /**
     * The best measured recipe: the paper's DoG picker keeping picks whose box leaves the tomogram (filled with the
     * mean outside), a linear code (ReLU codes lose units), the reconstruction loss weighted towards
     * the box centre (sigma 0.15 box edges), training on axis-flipped boxes (at most 1500, a seeded sample) and
     * clustering flip-averaged codes of every box;
     * weak labels of the object at each box centre within 0.45 box edges of it, refined by each member's density
     * (sigma 1 voxel), at a level chosen per group from the members' decodings
     * ({@link org.cryomine.segmentation.GroupLevels}), with class-balanced loss and a full-resolution skip
     * connection; whole-tomogram segmentation in tiles of 64 voxels, pieces smaller than a fifth of the group's
     * typical object removed and particle pieces over five typical objects too, the spheres of membrane groups
     * completed (the caps the missing wedge hides);
     * mixed-precision training where the CPU computes bfloat16 natively.
     */
    RECOMMENDED;

    /**
     * Most boxes the paper recipe's autoencoder trains on across a dataset (a single tomogram rarely has more
     * picks: the paper trained on all of them): 20,000 boxes of 32^3 train an epoch in about 4 minutes on 2 cores
     * (12.5 ms per box and step, docs/measurements.md).
     */
    public static final int PAPER_MAX_TRAINING_BOXES = 20_000;

    /**
     * Most boxes the recommended recipe's autoencoder trains on, from one tomogram or a dataset: a seeded sample
     * of 1500 of a 400x400x128 tomogram's 2615 picks gave the same purity and segmentation as all of them in 61%
     * of the mining time (docs/recipes.md, "A training sample of 1500 boxes").
     */
    public static final int RECOMMENDED_MAX_TRAINING_BOXES = 1500;

    /**
     * Whether the recommended recipe trains in mixed precision (bfloat16 compute on float32 master weights) for
     * boxes of {@code box} voxels: where the CPU computes bfloat16 natively ({@link CpuFeatures#fastBfloat16()}) and
     * the box is large enough for TensorFlow's bfloat16 gradients (12 voxels). Elsewhere float32, which is then
     * faster. The trained models record which, and run inference the way they trained.
     */
    public static boolean mixedPrecision(int box) {
        return box >= MIXED_PRECISION_MIN_BOX && CpuFeatures.fastBfloat16();
    }

    /** Smallest box edge the networks train in mixed precision (the networks refuse smaller ones). */
    public static final int MIXED_PRECISION_MIN_BOX = 12;

    /**
     * Batches the recommended recipe trains Edss3d for at least ({@link SegTrainSettings#minSteps()}), so a small
     * training set (the quality suite's 50-130 weak examples) is not cut short; the demo's 400-500 examples give
     * about 700 in 12 epochs and train a few epochs more. docs/recipes.md, "Training length" and "A minimum of 1000
     * batches", measured 500 and 1000 on two seeds of the quality suite.
     */
    public static final int MIN_TRAINING_STEPS = 1000;

    /**
     * Whether the recommended recipe completes the spheres of membrane groups in the weak labels
     * ({@link SegTrainSettings#completeMembranes()}; docs/recipes.md).
     */
    static final boolean COMPLETE_MEMBRANES_IN_TRAINING = false;

    /**
     * Whether the recommended recipe gives every selected group as many weak-label examples as the largest
     * ({@link SegTrainSettings#balancedGroups()}; docs/recipes.md). Off: on the quality suite's twenty pairs it lowered
     * membrane IoU 0.440 -> 0.416 and large globules 0.558 -> 0.548, eleven pairs losing, one membrane falling to 0.007.
     */
    static final boolean BALANCED_GROUPS = false;

    /**
     * Rounds of searching beside the selected membrane members for more boxes like them in the recommended recipe
     * ({@link SegTrainSettings#memberSearch()}; docs/recipes.md); 0: off. Off: on fourteen quality-suite pairs 108 of
     * the 115 boxes it found lay on a membrane, but the nine pairs it changed moved by -0.012 membrane IoU and -0.010
     * large-globule IoU on average, one membrane losing 0.18.
     */
    static final int MEMBER_SEARCH_ROUNDS = 0;

    /**
     * Decay per step of the moving average of Edss3d's weights in the recommended recipe
     * ({@link SegTrainSettings#weightAveraging()}); 0: off. Off: on the quality suite's twenty pairs 0.99 gave membrane
     * IoU 0.440 -> 0.438 and large globules 0.558 -> 0.559, fifteen pairs within 0.02 and five moving 0.05-0.13 either
     * way (docs/recipes.md).
     */
    static final double WEIGHT_AVERAGING = 0;

    /**
     * Whether the recommended recipe draws Edss3d's background examples afresh each epoch from every unselected box
     * ({@link SegTrainSettings#freshBackground()}; docs/recipes.md). Off: on ten quality-suite pairs it lowered membrane
     * IoU 0.504 -> 0.483 (five pairs losing, one by 0.15) and left large globules at 0.551 -> 0.550.
     */
    static final boolean FRESH_BACKGROUND = false;

    /**
     * How many Edss3d networks the recommended recipe trains and averages ({@link SegTrainSettings#networks()};
     * docs/recipes.md). One: on ten quality-suite pairs two networks gave large globules 0.551 -> 0.565 and membranes
     * 0.504 -> 0.505 at twice the training and segmenting time, which issue 20's train-seg target has no room for.
     */
    static final int NETWORKS = 1;

    /**
     * The weight of a particle group's aligned average in its members' weak-label densities in the recommended recipe
     * ({@link SegTrainSettings#groupAverage()}; docs/recipes.md, "Particle labels from the group's average"): half and
     * half. On the quality suite's twenty pairs large-globule IoU 0.557 -> 0.591 (seventeen pairs gain), membranes 0.442
     * -> 0.441; the labels' IoU with the truth rose on every pair probed.
     */
    static final double GROUP_AVERAGE = 0.5;

    /**
     * The recommended recipe's {@link SegmentSettings#maxPieceMultiple()}: particle pieces larger than five typical
     * weak-label objects are removed. On the quality suite's twenty pairs any multiple from 3 to 12 raised the
     * large-globule IoU by 0.015-0.021 with no pair losing; 5 leaves room for particles that touch.
     */
    public static final double MAX_PIECE_MULTIPLE = 5;

    /**
     * Whether the recommended recipe gives membrane groups the particle pieces shaped like membrane that touch them
     * ({@link SegmentSettings#sheetsToMembranes()}); docs/recipes.md, "Particle pieces shaped like membrane".
     */
    public static final boolean SHEETS_TO_MEMBRANES = true;

    /**
     * The recommended recipe's {@link SegmentSettings#flips()}: each tile's probabilities averaged with those of its
     * inversion through the centre, twice the network's work. docs/recipes.md, "Tiles averaged with their inversion":
     * re-segmenting the quality suite's twenty pairs with their trained models, large-globule IoU +0.008 (ten pairs
     * gain, two lose), membranes +0.004, visible membranes +0.008 and their worst pair 0.144 -> 0.175; four and eight
     * flips gained a little more on average but lost a pair's membranes almost entirely.
     */
    public static final int SEGMENT_FLIPS = 2;

    /**
     * The recommended recipe's {@link SegmentSettings#minPieceFraction()}: pieces of a group smaller than this
     * fraction of the group's typical object in the weak labels are specks; docs/recipes.md, "Small pieces", measured
     * it on two seeds of the quality suite.
     */
    public static final double MIN_PIECE_FRACTION = 0.2;

    /** Parses "recommended" or "paper" (any case), with an error that lists the choices. */
    public static Recipe parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown recipe '" + name + "'; choose one of " + names());
        }
    }

    /** The recipes' names as the command line spells them. */
    public static List<String> names() {
        return List.of(RECOMMENDED.label(), PAPER.label());
    }

    /** The name as the command line and the manifests spell it: "recommended", "paper". */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The DoG picker of {@code mine}, {@code pick} and of segmenting in clusters mode, cutting {@code box}^3 boxes:
     * the paper's (smoothing 2, sigma 5, K 1.1, minimum distance 10 voxels), which skips boxes that leave the
     * tomogram; the recommended recipe keeps them, filled with the tomogram's mean outside (on the quality suite's
     * 192x192x96 tomograms skipping them lost a third to a half of the large globules: docs/recipes.md).
     */
    public SubvolumePicker picker(int box) {
        SubvolumePicker paper = SubvolumePicker.dog().withBoxSize(box);
        return this == PAPER ? paper : paper.withBoundary(BoundaryPolicy.FILL_MEAN);
    }

    /** Mining settings for {@code box}^3 boxes: {@link #picker(int)}, k = 100, seed 7. */
    public MiningSettings mining(int box) {
        SubvolumePicker picker = picker(box);
        Autoencoder3D.Builder ae = Autoencoder3D.builder().boxSize(box).seed(7);
        if (this == PAPER) {
            return new MiningSettings(label(), picker, 0, false, ae.maxEpochs(30).patience(20).build(),
                    CodeAveraging.NONE, 100, 3, 7, PAPER_MAX_TRAINING_BOXES, false);
        }
        // the demo's measured settings (docs/recipes.md): 16 epochs with patience 8 (the validation loss fell by 1%
        // from epoch 12 to 20), linear code, centre weighting 0.15, flips in training and in the clustered codes
        return new MiningSettings(label(), picker, 0, false, ae.maxEpochs(16).patience(8).linearCode(true)
                .centreWeighting(0.15).flipAugmentation(true).mixedPrecision(mixedPrecision(box)).build(),
                CodeAveraging.FLIPS, 100, 3, 7, RECOMMENDED_MAX_TRAINING_BOXES, true);
    }

    /** Segmentation-training settings; no group is completed as spheres (that names a group: see the settings). */
    public SegTrainSettings segmentationTraining() {
        if (this == PAPER) {
            return new SegTrainSettings(label(), 1.0, 1.0, false, false, 32, 30, 20, 7, 0, false,
                    Double.POSITIVE_INFINITY, 0, List.of(), false, false, false, 0, 0, false, 0, false, false, 0, 0, false, 1, 0);
        }
        return new SegTrainSettings(label(), SegTrainSettings.PER_GROUP, 1.0, true, false, 32, 12, 4, 7, 0, true, 0.45,
                1.0, List.of(), CpuFeatures.fastBfloat16(), true, false, MIN_TRAINING_STEPS, 0, false, 0,
                COMPLETE_MEMBRANES_IN_TRAINING, BALANCED_GROUPS, MEMBER_SEARCH_ROUNDS, WEIGHT_AVERAGING,
                FRESH_BACKGROUND, NETWORKS, GROUP_AVERAGE);
    }

    /** Settings of segmenting a new tomogram: the paper's clusters mode, or whole-tomogram tiles. */
    public SegmentSettings segmenting() {
        return this == PAPER ? SegmentSettings.defaults().withMode(SegmentSettings.Mode.CLUSTERS).withMatchIntensities(false)
                : SegmentSettings.defaults().withMinPieceFraction(MIN_PIECE_FRACTION).withMatchIntensities(true)
                        .withCompleteMembranes(true).withMaxPieceMultiple(MAX_PIECE_MULTIPLE)
                        .withSheetsToMembranes(SHEETS_TO_MEMBRANES).withFlips(SEGMENT_FLIPS);
    }

    /**
     * Threshold level of {@code embed}, in standard deviations of the training data (dense side); {@link
     * RunEmbedding#PER_GROUP} (NaN): each group's level chosen from its members' decodings.
     */
    public double embedLevel() {
        return this == PAPER ? 1.0 : RunEmbedding.PER_GROUP;
    }
}
