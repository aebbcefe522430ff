package org.cryomine.cluster;

/**
 * Euclidean distances between every pair of a (small) set of points, computed once in double precision and
 * stored as floats in the upper triangle; m points take 2 m^2 bytes.
 */
final class PairwiseDistances {

    private final int n;
    private final float[] upper;

    /** Computes the distances between the rows of {@code points} (not modified, assumed rectangular). */
    PairwiseDistances(float[][] points) {
        this.n = points.length;
        if ((long) n * (n - 1) / 2 > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("too many points for pairwise distances: " + n
                    + "; use a sample of the points");
        }
        this.upper = new float[(int) ((long) n * (n - 1) / 2)];
        int d = points.length == 0 ? 0 : points[0].length;
        int idx = 0;
        for (int i = 0; i < n; i++) {
            float[] p = points[i];
            for (int q = i + 1; q < n; q++) {
                float[] r = points[q];
                double s = 0;
                for (int j = 0; j < d; j++) {
                    double v = (double) p[j] - r[j];
                    s += v * v;
                }
                upper[idx++] = (float) Math.sqrt(s);
            }
        }
    }

    /** The distance between points i and q (0 when i == q). */
    double get(int i, int q) {
        if (i == q) {
            return 0;
        }
        int a = Math.min(i, q);
        int b = Math.max(i, q);
        // row a starts after sum_{r<a} (n-1-r) entries
        long start = (long) a * (2L * n - a - 1) / 2;
        return upper[(int) (start + (b - a - 1))];
    }
}
