package org.cryomine.cluster;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.cryomine.core.CryomineException;

/**
 * Quality and agreement measures of clusterings, with scikit-learn's definitions
 * ({@code sklearn.metrics.adjusted_rand_score}, {@code silhouette_score}, {@code calinski_harabasz_score}).
 * Stateless; nothing passed in is modified. Labels are arbitrary integers (not necessarily 0..k-1).
 */
public final class ClusterMetrics {

    private ClusterMetrics() {
    }

    /**
     * The adjusted Rand index (Hubert and Arabie 1985) of two labelings of the same points: 1 for identical
     * partitions (whatever the numbering), about 0 for independent ones; scikit-learn's pair-confusion form.
     *
     * @throws IllegalArgumentException if the arrays are empty or differ in length
     */
    public static double adjustedRandIndex(int[] a, int[] b) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        if (a.length != b.length) {
            throw new IllegalArgumentException("the labelings differ in length: " + a.length + " and " + b.length);
        }
        if (a.length == 0) {
            throw new IllegalArgumentException("the labelings are empty");
        }
        int n = a.length;
        Map<Long, Integer> cells = new HashMap<>();
        Map<Integer, Integer> rowSums = new HashMap<>();
        Map<Integer, Integer> colSums = new HashMap<>();
        for (int i = 0; i < n; i++) {
            cells.merge(((long) a[i] << 32) ^ (b[i] & 0xffffffffL), 1, Integer::sum);
            rowSums.merge(a[i], 1, Integer::sum);
            colSums.merge(b[i], 1, Integer::sum);
        }
        int classes = rowSums.size();
        int clusters = colSums.size();
        if (classes == clusters && (classes == 1 || classes == n)) {
            return 1.0;
        }
        double sumSquares = 0;
        for (int c : cells.values()) {
            sumSquares += (double) c * c;
        }
        double rowSq = 0;
        for (int c : rowSums.values()) {
            rowSq += (double) c * c;
        }
        double colSq = 0;
        for (int c : colSums.values()) {
            colSq += (double) c * c;
        }
        double nd = n;
        double tp = sumSquares - nd;
        double fp = rowSq - sumSquares;
        double fn = colSq - sumSquares;
        double tn = nd * nd - fp - fn - sumSquares;
        if (fn == 0 && fp == 0) {
            return 1.0;
        }
        return 2.0 * (tp * tn - fn * fp) / ((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn));
    }

    /**
     * The mean silhouette coefficient over all points (Euclidean distances, O(n^2 d) time): for each point,
     * (b - a) / max(a, b) with a its mean distance to the other points of its cluster and b the smallest mean
     * distance to the points of another cluster; 0 for a point alone in its cluster.
     *
     * @throws IllegalArgumentException if the sizes disagree or the number of distinct labels is not in [2, n-1]
     */
    public static double silhouette(float[][] points, int[] labels) {
        int n = checkSizes(points, labels);
        int[] dense = denseLabels(labels);
        int k = max(dense) + 1;
        if (k < 2 || k > n - 1) {
            throw new IllegalArgumentException("the silhouette needs between 2 and n - 1 = " + (n - 1)
                    + " distinct labels, got " + k);
        }
        if (n <= PAIRWISE_LIMIT) {
            return silhouette(new PairwiseDistances(points)::get, dense, k);
        }
        int d = points[0].length;
        return silhouette((i, q) -> {
            double s = 0;
            for (int j = 0; j < d; j++) {
                double v = (double) points[i][j] - points[q][j];
                s += v * v;
            }
            return Math.sqrt(s);
        }, dense, k);
    }

    /** Up to this many points the silhouette precomputes all pairwise distances (2 n^2 bytes). */
    private static final int PAIRWISE_LIMIT = 8192;

    /** Distances between points i and q of a set. */
    @FunctionalInterface
    interface Distances {
        double get(int i, int q);
    }

    /**
     * The silhouette from precomputed distances, for labels already numbered 0..k-1 with 2 &le; k &le; n-1.
     */
    static double silhouette(Distances distances, int[] dense, int k) {
        int n = dense.length;
        int[] counts = new int[k];
        for (int l : dense) {
            counts[l]++;
        }
        double total = 0;
        double[] sums = new double[k];
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(sums, 0);
            for (int q = 0; q < n; q++) {
                if (q != i) {
                    sums[dense[q]] += distances.get(i, q);
                }
            }
            int own = dense[i];
            if (counts[own] <= 1) {
                continue;
            }
            double a = sums[own] / (counts[own] - 1);
            double b = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                if (c != own && counts[c] > 0) {
                    b = Math.min(b, sums[c] / counts[c]);
                }
            }
            double m = Math.max(a, b);
            total += m > 0 ? (b - a) / m : 0;
        }
        return total / n;
    }

    /**
     * The Calinski-Harabasz index (variance ratio criterion): between-cluster dispersion times (n - k) over
     * within-cluster dispersion times (k - 1), for k distinct labels; 1 when the within dispersion is 0.
     *
     * @throws IllegalArgumentException if the sizes disagree or the number of distinct labels is not in [2, n-1]
     */
    public static double calinskiHarabasz(float[][] points, int[] labels) {
        int n = checkSizes(points, labels);
        int[] dense = denseLabels(labels);
        int k = max(dense) + 1;
        if (k < 2 || k > n - 1) {
            throw new IllegalArgumentException("the Calinski-Harabasz index needs between 2 and n - 1 = " + (n - 1)
                    + " distinct labels, got " + k);
        }
        int d = points[0].length;
        double[] mean = new double[d];
        double[][] means = new double[k][d];
        int[] counts = new int[k];
        for (int i = 0; i < n; i++) {
            counts[dense[i]]++;
            for (int j = 0; j < d; j++) {
                mean[j] += points[i][j];
                means[dense[i]][j] += points[i][j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        double between = 0;
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) {
                means[c][j] /= counts[c];
                double v = means[c][j] - mean[j];
                between += counts[c] * v * v;
            }
        }
        double within = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double v = points[i][j] - means[dense[i]][j];
                within += v * v;
            }
        }
        return within == 0 ? 1.0 : between * (n - k) / (within * (k - 1.0));
    }

    private static int checkSizes(float[][] points, int[] labels) {
        Objects.requireNonNull(points, "points");
        Objects.requireNonNull(labels, "labels");
        if (points.length != labels.length) {
            throw new IllegalArgumentException(points.length + " points but " + labels.length + " labels");
        }
        if (points.length == 0) {
            throw new IllegalArgumentException("no points");
        }
        int d = points[0].length;
        for (int i = 0; i < points.length; i++) {
            if (points[i] == null || points[i].length != d) {
                throw new CryomineException("ragged input: point " + i + " does not have " + d + " values like point 0");
            }
        }
        return points.length;
    }

    /** Relabels to 0..k-1 in order of first appearance. */
    static int[] denseLabels(int[] labels) {
        Map<Integer, Integer> ids = new HashMap<>();
        int[] out = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            out[i] = ids.computeIfAbsent(labels[i], l -> ids.size());
        }
        return out;
    }

    private static int max(int[] values) {
        int m = Integer.MIN_VALUE;
        for (int v : values) {
            m = Math.max(m, v);
        }
        return m;
    }
}
