package org.cryomine.core.stats;

/**
 * Fitted principal components: the data mean, the unit component vectors in descending order of
 * variance, and the variance along each. Immutable; accessors return copies.
 */
public final class PcaModel {

    private final double[] mean;
    private final double[][] components;
    private final double[] variances;

    PcaModel(double[] mean, double[][] components, double[] variances) {
        this.mean = mean;
        this.components = components;
        this.variances = variances;
    }

    public int dimensions() {
        return mean.length;
    }

    public int componentCount() {
        return components.length;
    }

    /** Variance of the data along each component (divided by n - 1), descending. */
    public double[] variances() {
        return variances.clone();
    }

    /** Component {@code c} as a unit vector of {@link #dimensions()} values (a copy). */
    public double[] component(int c) {
        return components[c].clone();
    }

    /** Projects rows of d values onto the components: a new n x {@link #componentCount()} array. */
    public float[][] transform(float[][] data) {
        float[][] out = new float[data.length][components.length];
        for (int i = 0; i < data.length; i++) {
            if (data[i].length != mean.length) {
                throw new IllegalArgumentException("row " + i + " has " + data[i].length + " values; the model has "
                        + mean.length + " dimensions");
            }
            for (int c = 0; c < components.length; c++) {
                double[] comp = components[c];
                double sum = 0;
                for (int j = 0; j < comp.length; j++) {
                    sum += (data[i][j] - mean[j]) * comp[j];
                }
                out[i][c] = (float) sum;
            }
        }
        return out;
    }
}
