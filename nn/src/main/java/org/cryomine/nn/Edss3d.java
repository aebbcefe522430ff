package org.cryomine.nn;

import java.nio.file.Path;
import java.util.List;
import org.cryomine.core.Volume;

/**
 * Configuration of EDSS3D, the paper's weakly supervised 3D segmentation network (docs/method.md step 7).
 * Immutable and validated; {@link #fit} returns a new {@link TrainedEdss3d}. Box sizes (x, y, z) in voxels,
 * multiples of 4.
 *
 * <p>Reproducible: the same configuration (seed and {@code threads} included) and the same {@link #fit}
 * inputs in the same order, on the same machine and software (CPU instruction set, TensorFlow and cryomine
 * versions), give the same trained weights, probabilities and segmentations, bit for bit; so does a training
 * resumed from its checkpoint directory. Another thread count gives other round-off; with {@code threads} 0
 * TensorFlow uses every core the process may run on, so a run under another CPU affinity differs.
 *
 * @param numClasses   number of classes including background (class 0), at least 2
 * @param boxX         training box edge along x
 * @param boxY         training box edge along y
 * @param boxZ         training box edge along z
 * @param filters      convolution filters per layer (32)
 * @param learningRate Adam learning rate (1e-3)
 * @param beta1        Adam beta1 (0.9)
 * @param beta2        Adam beta2 (0.99)
 * @param batchSize    training batch size (8)
 * @param maxEpochs    maximum epochs
 * @param patience     early-stopping patience in epochs (20)
 * @param validationFraction seeded random validation fraction (0.1)
 * @param seed         seeds weights, split and shuffling
 * @param threads      TensorFlow intra-op threads (0 = all cores); part of what makes a run reproducible
 * @param classWeights per-class weights of the cross-entropy (length numClasses), or empty for all 1
 * @param fullResolutionSkip false (the paper): the class scores come from half-resolution features only;
 *                     true (beyond the paper): the last convolution also sees the first block's
 *                     full-resolution features (a U-Net-style skip connection), which keeps thin
 *                     structures such as membranes sharp instead of blocky at two voxels
 * @param mixedPrecision false (default): float32 throughout; true (beyond the paper): the layers compute in
 *                     bfloat16 on bfloat16 casts of float32 master weights, the loss, gradients and Adam stay
 *                     float32 (fast on CPUs with AVX512_BF16 or AMX; elsewhere it may be slower than
 *                     float32); inference of the trained model runs in bfloat16 too. Needs box edges of at
 *                     least 12. Recorded in the saved model
 * @param flipAugmentation false (the paper): every epoch trains on the images as they are; true (beyond the
 *                     paper): each epoch trains on each image and its labels flipped along a random choice of
 *                     axes (one of the eight axis flips, drawn anew every epoch from the seed, the epoch and the
 *                     image's index; flips keep a missing wedge about y), so few weakly labelled boxes teach
 *                     more orientations at the same cost per epoch; validation uses the images as they are
 * @param shiftAugmentation 0 (the paper): no shifts; n &gt; 0 (beyond the paper): each epoch moves each image and its
 *                     labels by a random whole number of voxels from -n to n along each axis (drawn like the flips,
 *                     before them); voxels moved in from outside the box take the image's mean and an unknown
 *                     label, so the objects of weak labels, picked at the box centres, are seen off-centre too;
 *                     where {@link #fit} is given images with n voxels of context beyond the box on each side, the
 *                     moved box is cut from them instead (real data, no filling). Less than half the smallest box
 *                     edge
 * @param noiseAugmentation 0 (the paper): the images as they are; s &gt; 0 (beyond the paper): each epoch adds to each
 *                     normalised image Gaussian noise of a standard deviation drawn uniformly from [0, s] (from the
 *                     seed, the epoch and the image's index), then divides the image by sqrt(1 + sigma^2), so its
 *                     spread stays what the training data's was: the image as a noisier tomogram brought to the same
 *                     intensities would show it (at s = 1 the signal-to-noise ratio of the noisiest copy of a
 *                     tomogram at SNR 0.5 is about 0.25); validation uses the images as they are
 * @param weightAveraging 0 (the paper): validation, the kept weights and the trained model use the weights as Adam left
 *                     them; d in (0, 1) (beyond the paper): an exponential moving average of the weights over the
 *                     training steps (decay d per step; the first steps' decay lowered to (1 + step) / (10 + step)) is
 *                     what is validated after each epoch, kept when best and returned, so the model does not depend on
 *                     where in the last few hundred noisy steps an epoch happened to end (0.99 averages over about
 *                     100 steps)
 */
public record Edss3d(int numClasses, int boxX, int boxY, int boxZ, int filters, float learningRate, float beta1,
        float beta2, int batchSize, int maxEpochs, int patience, double validationFraction, long seed, int threads,
        List<Double> classWeights, boolean fullResolutionSkip, boolean mixedPrecision, boolean flipAugmentation,
        int shiftAugmentation, double noiseAugmentation, double weightAveraging) {

    public Edss3d {
        if (numClasses < 2) {
            throw new IllegalArgumentException("numClasses counts the background too and must be >= 2, got "
                    + numClasses);
        }
        Checks.box(boxX, boxY, boxZ);
        Checks.mixedPrecisionBox(mixedPrecision, boxX, boxY, boxZ);
        Checks.positive("filters", filters);
        Checks.adam(learningRate, beta1, beta2);
        Checks.training(batchSize, maxEpochs, patience, validationFraction, threads);
        classWeights = classWeights == null ? List.of() : List.copyOf(classWeights);
        if (!classWeights.isEmpty() && classWeights.size() != numClasses) {
            throw new IllegalArgumentException("classWeights has " + classWeights.size() + " entries but there are "
                    + numClasses + " classes");
        }
        for (double w : classWeights) {
            if (!(w >= 0) || !Double.isFinite(w)) {
                throw new IllegalArgumentException("class weights must be finite and >= 0, got " + classWeights);
            }
        }
        if (shiftAugmentation < 0 || 2 * shiftAugmentation >= Math.min(boxX, Math.min(boxY, boxZ))) {
            throw new IllegalArgumentException("shift augmentation must be 0 (off) to less than half the box edge ("
                    + Math.min(boxX, Math.min(boxY, boxZ)) + "), got " + shiftAugmentation);
        }
        if (!(noiseAugmentation >= 0) || !Double.isFinite(noiseAugmentation)) {
            throw new IllegalArgumentException("noise augmentation must be a finite standard deviation >= 0 (0: off), got "
                    + noiseAugmentation);
        }
        Checks.weightAveraging(weightAveraging);
    }

    /**
     * The label of a voxel whose class is unknown: it adds nothing to the loss (beyond the paper, for weak
     * labels that are only trusted near the picked object, see {@code WeakLabels}).
     */
    public static final int UNKNOWN = org.cryomine.core.Labels.UNKNOWN;

    /** A builder with the paper's defaults (32^3 boxes, 32 filters, 100 epochs, seed 0). */
    public static Builder builder() {
        return new Builder();
    }

    /** The class weights, then 0 for the extra index {@code numClasses} that {@link #UNKNOWN} maps to. */
    float[] classWeightArray() {
        float[] w = new float[numClasses + 1];
        for (int i = 0; i < numClasses; i++) {
            w[i] = classWeights.isEmpty() ? 1f : classWeights.get(i).floatValue();
        }
        return w;
    }

    /**
     * Training batches in one epoch of {@link #fit} on {@code examples} images: those left after the validation split
     * (the fraction, rounded, at least one), in batches of {@link #batchSize()}; at least 1.
     */
    public int batchesPerEpoch(int examples) {
        int train = examples - Trainer.validationCount(examples, validationFraction);
        return Math.max(1, (train + batchSize - 1) / batchSize);
    }

    /** See {@link #fit(List, List, TrainingListener, Path)}; no checkpoints. */
    public TrainedEdss3d fit(List<Volume> images, List<Volume> labelVolumes, TrainingListener listener) {
        return fit(images, labelVolumes, listener, null);
    }

    /**
     * Trains the network. Neither list is modified; volumes are read batch by batch. An image given more than once
     * (the same {@link Volume} object: a repeated example) falls with all its repeats on one side of the validation
     * split, so validation never sees what training saw.
     *
     * @param images        boxes of boxX x boxY x boxZ voxels with finite values; with {@link #shiftAugmentation()}
     *                      n &gt; 0 they may instead all hold n voxels of context on each side ((boxX + 2n) x
     *                      (boxY + 2n) x (boxZ + 2n)): each epoch trains on the box around a centre moved by up to n
     *                      voxels per axis, validation and the normalization on the central box
     * @param labelVolumes  one per image, same shape, voxel values class ids 0..numClasses-1 (0 = background)
     *                      or {@link #UNKNOWN} where the class is not known
     * @param listener      progress and cancellation
     * @param checkpointDir directory for resumable checkpoints, or null
     */
    public TrainedEdss3d fit(List<Volume> images, List<Volume> labelVolumes, TrainingListener listener,
            Path checkpointDir) {
        return fit(images, labelVolumes, ExamplePool.NONE, listener, checkpointDir);
    }

    /**
     * Trains the network as {@link #fit(List, List, TrainingListener, Path)} does, with some images taking turns: of
     * {@code pool}'s members an epoch trains on {@link ExamplePool#perEpoch()}, a fresh seeded sample each epoch (see
     * {@link ExamplePool}); an epoch holds {@link ExamplePool#itemsOf pool.itemsOf(images.size())} images, which is what
     * {@link #batchesPerEpoch} counts. The normalization is the mean and spread of every image, the pool's included.
     */
    public TrainedEdss3d fit(List<Volume> images, List<Volume> labelVolumes, ExamplePool pool, TrainingListener listener,
            Path checkpointDir) {
        return EdssTraining.fit(this, images, labelVolumes, java.util.Objects.requireNonNull(pool, "pool"),
                listener == null ? TrainingListener.NONE : listener, checkpointDir);
    }

    /** Builder; {@link #build()} validates. */
    public static final class Builder {
        private int numClasses = 2;
        private int boxX = 32;
        private int boxY = 32;
        private int boxZ = 32;
        private int filters = 32;
        private float learningRate = 1e-3f;
        private float beta1 = 0.9f;
        private float beta2 = 0.99f;
        private int batchSize = 8;
        private int maxEpochs = 100;
        private int patience = 20;
        private double validationFraction = 0.1;
        private long seed;
        private int threads;
        private List<Double> classWeights = List.of();
        private boolean fullResolutionSkip;
        private boolean mixedPrecision;
        private boolean flipAugmentation;
        private int shiftAugmentation;
        private double noiseAugmentation;
        private double weightAveraging;

        private Builder() {
        }

        public Builder numClasses(int v) {
            numClasses = v;
            return this;
        }

        public Builder boxSize(int edge) {
            return boxSize(edge, edge, edge);
        }

        public Builder boxSize(int x, int y, int z) {
            boxX = x;
            boxY = y;
            boxZ = z;
            return this;
        }

        public Builder filters(int v) {
            filters = v;
            return this;
        }

        public Builder learningRate(float v) {
            learningRate = v;
            return this;
        }

        public Builder betas(float b1, float b2) {
            beta1 = b1;
            beta2 = b2;
            return this;
        }

        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        public Builder maxEpochs(int v) {
            maxEpochs = v;
            return this;
        }

        public Builder patience(int v) {
            patience = v;
            return this;
        }

        public Builder validationFraction(double v) {
            validationFraction = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder threads(int v) {
            threads = v;
            return this;
        }

        /** Per-class cross-entropy weights, background first. */
        public Builder classWeights(double... w) {
            classWeights = java.util.Arrays.stream(w).boxed().toList();
            return this;
        }

        /** Whether the last layer also sees full-resolution features (default false, the paper's network). */
        public Builder fullResolutionSkip(boolean on) {
            fullResolutionSkip = on;
            return this;
        }

        /** bfloat16 compute on float32 master weights (see {@link Edss3d#mixedPrecision()}). */
        public Builder mixedPrecision(boolean v) {
            mixedPrecision = v;
            return this;
        }

        /** A random axis flip of each image and its labels every epoch (see {@link Edss3d#flipAugmentation()}). */
        public Builder flipAugmentation(boolean v) {
            flipAugmentation = v;
            return this;
        }

        /** Random shifts of up to {@code n} voxels per axis every epoch (see {@link Edss3d#shiftAugmentation()}). */
        public Builder shiftAugmentation(int n) {
            shiftAugmentation = n;
            return this;
        }

        /** Noise of up to {@code s} standard deviations added every epoch (see {@link Edss3d#noiseAugmentation()}). */
        public Builder noiseAugmentation(double s) {
            noiseAugmentation = s;
            return this;
        }

        /** A moving average of the weights, decay {@code d} per step (see {@link Edss3d#weightAveraging()}); 0: off. */
        public Builder weightAveraging(double d) {
            weightAveraging = d;
            return this;
        }

        public Edss3d build() {
            return new Edss3d(numClasses, boxX, boxY, boxZ, filters, learningRate, beta1, beta2, batchSize,
                    maxEpochs, patience, validationFraction, seed, threads, classWeights, fullResolutionSkip,
                    mixedPrecision, flipAugmentation, shiftAugmentation, noiseAugmentation, weightAveraging);
        }
    }
}
