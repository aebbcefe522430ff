package org.cryomine.nn;

/** A tiny standardised logistic regression (batch gradient descent) for test classification accuracy. */
final class LogisticRegression {

    private LogisticRegression() {
    }

    /** Trains on rows [0, split) and returns the accuracy on rows [split, n). Labels are 0/1. */
    static double heldOutAccuracy(float[][] x, int[] y, int split) {
        int d = x[0].length;
        double[] mu = new double[d];
        double[] sd = new double[d];
        for (int j = 0; j < d; j++) {
            for (int i = 0; i < split; i++) {
                mu[j] += x[i][j];
            }
            mu[j] /= split;
            for (int i = 0; i < split; i++) {
                sd[j] += (x[i][j] - mu[j]) * (x[i][j] - mu[j]);
            }
            sd[j] = Math.sqrt(sd[j] / split);
            if (sd[j] == 0) {
                sd[j] = 1;
            }
        }
        double[] w = new double[d + 1];
        for (int it = 0; it < 2000; it++) {
            double[] g = new double[d + 1];
            for (int i = 0; i < split; i++) {
                double p = prob(w, x[i], mu, sd) - y[i];
                for (int j = 0; j < d; j++) {
                    g[j] += p * (x[i][j] - mu[j]) / sd[j];
                }
                g[d] += p;
            }
            for (int j = 0; j <= d; j++) {
                w[j] -= 0.5 * (g[j] / split + (j < d ? 1e-3 * w[j] : 0));
            }
        }
        int ok = 0;
        for (int i = split; i < x.length; i++) {
            if ((prob(w, x[i], mu, sd) > 0.5 ? 1 : 0) == y[i]) {
                ok++;
            }
        }
        return ok / (double) (x.length - split);
    }

    private static double prob(double[] w, float[] x, double[] mu, double[] sd) {
        double s = w[w.length - 1];
        for (int j = 0; j < x.length; j++) {
            s += w[j] * (x[j] - mu[j]) / sd[j];
        }
        return 1 / (1 + Math.exp(-s));
    }
}
