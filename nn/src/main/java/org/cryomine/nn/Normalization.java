package org.cryomine.nn;

/**
 * How input voxels are scaled before they enter a network: {@code (v - mean) / std}.
 *
 * @param mode DATASET: one mean and standard deviation of all training voxels, stored in the model, so
 *             decoded volumes come back in the original units; PER_SUBVOLUME: each subvolume is scaled by its
 *             own mean and standard deviation ({@link #mean}/{@link #std} then hold the training averages)
 * @param mean mean in input units
 * @param std  standard deviation in input units, &gt; 0
 */
public record Normalization(Mode mode, double mean, double std) {

    /** Normalization modes. */
    public enum Mode { DATASET, PER_SUBVOLUME }

    public Normalization {
        if (mode == null) {
            throw new IllegalArgumentException("normalization mode is null");
        }
        if (!Double.isFinite(mean) || !(std > 0) || !Double.isFinite(std)) {
            throw new IllegalArgumentException("normalization needs a finite mean and a positive std, got mean "
                    + mean + " std " + std);
        }
    }
}
