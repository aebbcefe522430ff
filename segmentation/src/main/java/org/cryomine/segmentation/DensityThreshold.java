package org.cryomine.segmentation;

/**
 * Decides which voxels of a decoded image count as "dense matter", in the units of the autoencoder's
 * stored input normalization: a voxel of value {@code v} has the normalized value
 * {@code z = (v - mean) / std}, and it is dense when {@code (darkIsDense ? -z : z) > level}.
 *
 * <p>In cryo-ET dense matter is dark (negative), so the default contrast is {@code darkIsDense = true}:
 * a level of 1 then keeps voxels more than one standard deviation darker than the training data's mean.
 * This is the documented, signed replacement for the raw-intensity thresholds of the original code.
 *
 * @param level       threshold in standard deviations of the training data; finite
 * @param mean        mean of the training data (original units)
 * @param std         standard deviation of the training data (original units), positive
 * @param darkIsDense true for cryo-ET contrast (dense = negative), false for inverted contrast
 */
public record DensityThreshold(double level, double mean, double std, boolean darkIsDense) {

    public DensityThreshold {
        if (!Double.isFinite(level) || !Double.isFinite(mean)) {
            throw new IllegalArgumentException("threshold level and mean must be finite, got " + level + " and " + mean);
        }
        if (!(std > 0) || !Double.isFinite(std)) {
            throw new IllegalArgumentException("normalization standard deviation must be positive, got " + std);
        }
    }

    /** Density of {@code value} in standard deviations, signed so that denser is larger. */
    public double density(float value) {
        double z = (value - mean) / std;
        return darkIsDense ? -z : z;
    }

    /** Whether {@code value} (original units) counts as dense matter. */
    public boolean isDense(float value) {
        return density(value) > level;
    }

    /** The same normalization at another level. */
    public DensityThreshold withLevel(double newLevel) {
        return new DensityThreshold(newLevel, mean, std, darkIsDense);
    }
}
