package org.cryomine.nn;

import java.nio.file.Path;
import java.util.List;
import org.cryomine.core.Volume;

/**
 * Configuration of the paper's 3D convolutional autoencoder (Zeng et al. 2018; docs/method.md step 4). Immutable
 * and validated; {@link #fit} trains a new {@link TrainedAutoencoder} and leaves this object unchanged.
 * Box sizes are (x, y, z) in voxels, each a positive multiple of 4.
 *
 * <p>Reproducible: the same configuration (seed and {@code threads} included) and the same {@link #fit}
 * inputs in the same order, on the same machine and software (CPU instruction set, TensorFlow and cryomine
 * versions), give the same trained weights, codes and decoded boxes, bit for bit; so does a training
 * resumed from its checkpoint directory. Another thread count gives other round-off; with {@code threads} 0
 * TensorFlow uses every core the process may run on, so a run under another CPU affinity differs.
 *
 * @param boxX             box edge along x (multiple of 4)
 * @param boxY             box edge along y (multiple of 4)
 * @param boxZ             box edge along z (multiple of 4)
 * @param codeSize         length of the code vector (paper: 32)
 * @param filters          convolution filters per layer (paper: 32)
 * @param l1Weight         weight of the L1 activity penalty on the code (paper: 1e-4)
 * @param learningRate     Adam learning rate (1e-3)
 * @param beta1            Adam beta1 (0.9)
 * @param beta2            Adam beta2 (0.99)
 * @param batchSize        training batch size (8)
 * @param maxEpochs        maximum number of epochs
 * @param patience         stop after this many epochs without a better validation loss (20)
 * @param validationFraction fraction of the subvolumes held out by a seeded random split (0.1)
 * @param seed             seeds the weights, the split and the shuffling
 * @param threads          TensorFlow intra-op threads (0 = all cores); part of what makes a run reproducible
 * @param normalization    input scaling mode
 * @param linearCode       false (the paper): ReLU on the code; true: a linear code, which cannot lose units
 *                         that a ReLU keeps at zero for every input (the paper's codes lose many)
 * @param centreWeighting  0 (the paper): every voxel counts the same in the reconstruction loss; s &gt; 0
 *                         (beyond the paper): voxel errors are weighted by a Gaussian of sigma s box edges
 *                         around the box centre (normalised to mean 1), so the code spends its capacity on
 *                         the picked object rather than on its neighbours
 * @param flipAugmentation false (the paper): every epoch trains on the subvolumes as they are; true (beyond the
 *                         paper): each training subvolume is flipped by one of the eight axis flips, drawn anew
 *                         for every epoch from the seed (flips keep a missing wedge about y; the validation
 *                         subvolumes and the codes are not flipped)
 * @param mixedPrecision   false (default): float32 throughout; true (beyond the paper): the layers compute in
 *                         bfloat16 on bfloat16 casts of float32 master weights, the loss, gradients and Adam
 *                         stay float32 (fast on CPUs with AVX512_BF16 or AMX; elsewhere it may be slower than
 *                         float32); inference of the trained model runs in bfloat16 too. Needs box edges of at
 *                         least 12. Recorded in the saved model
 * @param inputNoise       0 (the paper): the network reconstructs the boxes it is given; s &gt; 0 (beyond the paper,
 *                         a denoising autoencoder): each training box is given to the encoder with Gaussian noise of s
 *                         standard deviations of the normalised data added, drawn anew for every epoch from the seed,
 *                         and the loss compares the reconstruction with the box without that noise (the validation
 *                         boxes and the codes are not noised)
 * @param inputSmoothing   0 (the paper): the network sees the boxes as they are; s &gt; 0 (beyond the paper): every
 *                         box the network is given, in training, validation and encoding, is first smoothed by a
 *                         Gaussian of s voxels (reflecting at the box's faces), so the code and the reconstruction
 *                         describe the smoothed box; the caller's boxes are not modified
 * @param weightAveraging  0 (the paper): validation, the kept weights and the trained model use the weights as Adam
 *                         left them; d in (0, 1) (beyond the paper): an exponential moving average of the weights over
 *                         the training steps (decay d per step, warmed up as {@link Edss3d#weightAveraging()} says) is
 *                         validated after each epoch, kept when best and returned
 */
public record Autoencoder3D(int boxX, int boxY, int boxZ, int codeSize, int filters, float l1Weight,
        float learningRate, float beta1, float beta2, int batchSize, int maxEpochs, int patience,
        double validationFraction, long seed, int threads, Normalization.Mode normalization, boolean linearCode,
        double centreWeighting, boolean flipAugmentation, boolean mixedPrecision, double inputNoise,
        double inputSmoothing, double weightAveraging) {

    public Autoencoder3D {
        Checks.box(boxX, boxY, boxZ);
        Checks.mixedPrecisionBox(mixedPrecision, boxX, boxY, boxZ);
        Checks.positive("codeSize", codeSize);
        Checks.positive("filters", filters);
        if (!(l1Weight >= 0) || !Float.isFinite(l1Weight)) {
            throw new IllegalArgumentException("l1Weight must be finite and >= 0, got " + l1Weight);
        }
        Checks.adam(learningRate, beta1, beta2);
        Checks.training(batchSize, maxEpochs, patience, validationFraction, threads);
        if (normalization == null) {
            throw new IllegalArgumentException("normalization mode is null");
        }
        if (!(centreWeighting >= 0) || !Double.isFinite(centreWeighting)) {
            throw new IllegalArgumentException("centre weighting must be 0 (off) or a positive fraction of the box edge, got "
                    + centreWeighting);
        }
        if (!(inputNoise >= 0) || !Double.isFinite(inputNoise)) {
            throw new IllegalArgumentException("input noise must be 0 (off) or a positive number of standard deviations "
                    + "of the normalised data, got " + inputNoise);
        }
        if (!(inputSmoothing >= 0) || !Double.isFinite(inputSmoothing)) {
            throw new IllegalArgumentException("input smoothing must be 0 (off) or a positive Gaussian sigma in voxels, "
                    + "got " + inputSmoothing);
        }
        Checks.weightAveraging(weightAveraging);
    }

    /** A builder with the paper's defaults (32^3 box, code 32, 32 filters, 100 epochs, seed 0). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder().boxSize(boxX, boxY, boxZ).codeSize(codeSize).filters(filters).l1Weight(l1Weight)
                .learningRate(learningRate).betas(beta1, beta2).batchSize(batchSize).maxEpochs(maxEpochs)
                .patience(patience).validationFraction(validationFraction).seed(seed).threads(threads)
                .normalization(normalization).linearCode(linearCode).centreWeighting(centreWeighting);
        return b.flipAugmentation(flipAugmentation).mixedPrecision(mixedPrecision).inputNoise(inputNoise)
                .inputSmoothing(inputSmoothing).weightAveraging(weightAveraging);
    }

    /** Trains from the given seed; see {@link #fit(List, TrainingListener, Path)}. */
    public TrainedAutoencoder fit(List<Volume> subvolumes, TrainingListener listener) {
        return fit(subvolumes, listener, null);
    }

    /**
     * Trains the autoencoder. Subvolumes are read batch by batch (a lazily loading list keeps memory bounded);
     * they are not modified. With a {@code checkpointDir}, the state is saved after every epoch and a later
     * call with the same directory, configuration and data resumes after the last finished epoch.
     *
     * @param subvolumes    boxes of exactly boxX x boxY x boxZ voxels, finite values, at least 2
     * @param listener      progress and cancellation (may be {@link TrainingListener#NONE})
     * @param checkpointDir directory for resumable checkpoints, or null
     * @return the trained model with the best weights by validation loss; the caller closes it
     */
    public TrainedAutoencoder fit(List<Volume> subvolumes, TrainingListener listener, Path checkpointDir) {
        return AutoencoderTraining.fit(this, subvolumes, listener == null ? TrainingListener.NONE : listener,
                checkpointDir);
    }

    /** Builder; {@link #build()} validates. */
    public static final class Builder {
        private int boxX = 32;
        private int boxY = 32;
        private int boxZ = 32;
        private int codeSize = 32;
        private int filters = 32;
        private float l1Weight = 1e-4f;
        private float learningRate = 1e-3f;
        private float beta1 = 0.9f;
        private float beta2 = 0.99f;
        private int batchSize = 8;
        private int maxEpochs = 100;
        private int patience = 20;
        private double validationFraction = 0.1;
        private long seed;
        private int threads;
        private Normalization.Mode normalization = Normalization.Mode.DATASET;
        private boolean linearCode;
        private double centreWeighting;
        private boolean flipAugmentation;
        private boolean mixedPrecision;
        private double inputNoise;
        private double inputSmoothing;
        private double weightAveraging;

        private Builder() {
        }

        /** Cubic box of {@code edge} voxels. */
        public Builder boxSize(int edge) {
            return boxSize(edge, edge, edge);
        }

        /** Box of (x, y, z) voxels. */
        public Builder boxSize(int x, int y, int z) {
            boxX = x;
            boxY = y;
            boxZ = z;
            return this;
        }

        public Builder codeSize(int v) {
            codeSize = v;
            return this;
        }

        public Builder filters(int v) {
            filters = v;
            return this;
        }

        public Builder l1Weight(float v) {
            l1Weight = v;
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

        /** TensorFlow intra-op threads; 0 lets TensorFlow use every core. */
        public Builder threads(int v) {
            threads = v;
            return this;
        }

        public Builder normalization(Normalization.Mode v) {
            normalization = v;
            return this;
        }

        /** Gaussian centre weighting of the loss, sigma in box edges (0 = off, the paper's); see the record. */
        public Builder centreWeighting(double sigmaInBoxEdges) {
            centreWeighting = sigmaInBoxEdges;
            return this;
        }

        /** Axis-flip augmentation (see {@link Autoencoder3D#flipAugmentation()}). */
        public Builder flipAugmentation(boolean v) {
            flipAugmentation = v;
            return this;
        }

        /** bfloat16 compute on float32 master weights (see {@link Autoencoder3D#mixedPrecision()}). */
        public Builder mixedPrecision(boolean v) {
            mixedPrecision = v;
            return this;
        }

        /** Denoising: Gaussian noise of {@code sigma} normalised standard deviations on training inputs (0 = off). */
        public Builder inputNoise(double sigma) {
            inputNoise = sigma;
            return this;
        }

        /** Boxes smoothed by a Gaussian of {@code sigma} voxels before the network sees them (0 = off). */
        public Builder inputSmoothing(double sigma) {
            inputSmoothing = sigma;
            return this;
        }

        /** A moving average of the weights, decay {@code d} per step (see {@link Autoencoder3D#weightAveraging()}); 0: off. */
        public Builder weightAveraging(double d) {
            weightAveraging = d;
            return this;
        }

        /** A linear code instead of the paper's ReLU code (see {@link Autoencoder3D#linearCode()}). */
        public Builder linearCode(boolean v) {
            linearCode = v;
            return this;
        }

        /** Validates and returns the configuration. */
        public Autoencoder3D build() {
            return new Autoencoder3D(boxX, boxY, boxZ, codeSize, filters, l1Weight, learningRate, beta1, beta2,
                    batchSize, maxEpochs, patience, validationFraction, seed, threads, normalization, linearCode,
                    centreWeighting, flipAugmentation, mixedPrecision, inputNoise,
                    inputSmoothing, weightAveraging);
        }
    }
}
