package org.cryomine.pipeline;

/** Euclidean distances between codes, and the nearest cluster centre of a code. */
final class CodeDistances {

    private CodeDistances() {
    }

    /** The squared Euclidean distance between two codes of the same length. */
    static double squared(float[] a, float[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            double d = a[j] - b[j];
            s += d * d;
        }
        return s;
    }

    /** The index of the centre nearest {@code code} (the first of equally near ones). */
    static int nearest(float[] code, float[][] centroids) {
        int best = 0;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int c = 0; c < centroids.length; c++) {
            double d = squared(code, centroids[c]);
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return best;
    }
}
