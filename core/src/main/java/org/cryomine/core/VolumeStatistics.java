package org.cryomine.core;

/**
 * Summary statistics of a volume's voxel values, computed in double precision.
 *
 * @param min  smallest value
 * @param max  largest value
 * @param mean arithmetic mean
 * @param rms  root-mean-square deviation from the mean (the population standard deviation), as the
 *             MRC2014 header's {@code rms} field defines it
 */
public record VolumeStatistics(double min, double max, double mean, double rms) {

    /** Statistics of {@code values}; throws when the array is empty. Non-finite values propagate. */
    public static VolumeStatistics of(float[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values: statistics of an empty volume are undefined");
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (float v : values) {
            if (v < min) {
                min = v;
            }
            if (v > max) {
                max = v;
            }
            sum += v;
        }
        double mean = sum / values.length;
        double squares = 0;
        for (float v : values) {
            double d = v - mean;
            squares += d * d;
        }
        if (Double.isNaN(sum)) {
            min = Double.NaN;
            max = Double.NaN;
        }
        return new VolumeStatistics(min, max, mean, Math.sqrt(squares / values.length));
    }
}
