package org.cryomine.cli;

import org.cryomine.nn.Autoencoder3D;
import org.cryomine.nn.CodeAveraging;
import org.cryomine.pipeline.MiningSettings;
import picocli.CommandLine.Option;

/**
 * The autoencoder's options of {@code mine} and {@code quality} (a picocli mixin), its training and how its codes are
 * clustered: each given one overrides the recipe's setting; those not given leave it.
 */
final class AutoencoderOptions {

    @Option(names = "--epochs", paramLabel = "N", description = "Maximum training epochs (recipe: recommended 16, paper 30).")
    Integer epochs;

    @Option(names = "--patience", paramLabel = "N",
            description = "Stop after this many epochs without a better validation loss (recipe: recommended 8, paper 20).")
    Integer patience;

    @Option(names = "--filters", paramLabel = "N", description = "Convolution filters of the autoencoder (recipe: 32).")
    Integer filters;

    @Option(names = "--code-size", paramLabel = "N", description = "Length of the codes (recipe: 32).")
    Integer codeSize;

    @Option(names = "--linear-code", negatable = true,
            description = "A linear code instead of the paper's ReLU code (ReLU codes often lose units that stay zero; "
                    + "recipe: recommended on, paper off).")
    Boolean linearCode;

    @Option(names = "--centre-weighting", paramLabel = "S",
            description = "Weight the reconstruction loss by a Gaussian of sigma S box edges around the box centre, so "
                    + "the code describes the picked object more than its neighbours (0: the paper's plain loss; recipe: "
                    + "recommended 0.15, paper 0).")
    Double centreWeighting;

    @Option(names = "--flip-augmentation", negatable = true,
            description = "Train on each box flipped along a random choice of axes, drawn anew every epoch (the eight "
                    + "axis flips keep a missing wedge about y; recipe: recommended on, paper off).")
    Boolean flipAugmentation;

    @Option(names = "--input-noise", paramLabel = "S",
            description = "Train as a denoising autoencoder: Gaussian noise of S standard deviations of the normalised "
                    + "data added to each training box, the loss taken against the box without it (0: off, both "
                    + "recipes; docs/recipes.md).")
    Double inputNoise;

    @Option(names = "--input-smoothing", paramLabel = "SIGMA",
            description = "Smooth every box by a Gaussian of SIGMA voxels before the autoencoder sees it, in training "
                    + "and in encoding (0: off, both recipes; docs/recipes.md).")
    Double inputSmoothing;

    @Option(names = "--weight-averaging", paramLabel = "DECAY",
            description = "Validate, keep and save a moving average of the autoencoder's weights over the training "
                    + "steps (DECAY per step, e.g. 0.99: about the last 100 steps) instead of the weights as the last "
                    + "step left them (0: off; docs/recipes.md).")
    Double weightAveraging;

    @Option(names = "--flip-averaged-codes", negatable = true,
            description = "Cluster each box by the mean of the codes of its eight axis flips, so mirror images of one "
                    + "structure fall in one cluster (eight times the encoding; recipe: recommended on, paper off). "
                    + "codes.csv keeps each box's own code; codes-flip-averaged.csv holds the clustered ones.")
    Boolean flipAveragedCodes;

    /** Whether any of these options was given. */
    boolean any() {
        return epochs != null || patience != null || filters != null || codeSize != null || linearCode != null
                || centreWeighting != null || flipAugmentation != null || inputNoise != null
                || inputSmoothing != null || weightAveraging != null || flipAveragedCodes != null;
    }

    /** {@code s} with the given options applied to its autoencoder and to its code averaging. */
    MiningSettings apply(MiningSettings s) {
        return codeAveraging(s.withAutoencoder(apply(s.autoencoder().toBuilder()).build()));
    }

    /** {@code s} with {@code --[no-]flip-averaged-codes} applied, when given. */
    MiningSettings codeAveraging(MiningSettings s) {
        return flipAveragedCodes == null ? s
                : s.withCodeAveraging(flipAveragedCodes ? CodeAveraging.FLIPS : CodeAveraging.NONE);
    }

    /** {@code ae} with the given options applied; returns {@code ae}. */
    Autoencoder3D.Builder apply(Autoencoder3D.Builder ae) {
        if (epochs != null) {
            ae.maxEpochs(epochs);
        }
        if (patience != null) {
            ae.patience(patience);
        }
        if (filters != null) {
            ae.filters(filters);
        }
        if (codeSize != null) {
            ae.codeSize(codeSize);
        }
        if (linearCode != null) {
            ae.linearCode(linearCode);
        }
        if (centreWeighting != null) {
            ae.centreWeighting(centreWeighting);
        }
        if (flipAugmentation != null) {
            ae.flipAugmentation(flipAugmentation);
        }
        if (inputNoise != null) {
            ae.inputNoise(inputNoise);
        }
        if (inputSmoothing != null) {
            ae.inputSmoothing(inputSmoothing);
        }
        if (weightAveraging != null) {
            ae.weightAveraging(weightAveraging);
        }
        return ae;
    }
}
