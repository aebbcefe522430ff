package org.cryomine.pipeline;

/**
 * Orders clusters so that clusters with similar centroids sit side by side: a greedy nearest-neighbour chain
 * through the centroids (Euclidean distance in code space), starting at the centroid farthest from their mean.
 */
final class ClusterOrder {

    private ClusterOrder() {
    }

    /** Cluster numbers 0 .. k-1 in chain order; {@code centroids} (k rows) is not modified. */
    static int[] similarityChain(float[][] centroids) {
        int k = centroids.length;
        int[] order = new int[k];
        if (k == 0) {
            return order;
        }
        int d = centroids[0].length;
        double[] mean = new double[d];
        for (float[] c : centroids) {
            for (int j = 0; j < d; j++) {
                mean[j] += c[j] / (double) k;
            }
        }
        int start = 0;
        double far = -1;
        for (int c = 0; c < k; c++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                s += (centroids[c][j] - mean[j]) * (centroids[c][j] - mean[j]);
            }
            if (s > far) {
                far = s;
                start = c;
            }
        }
        boolean[] used = new boolean[k];
        order[0] = start;
        used[start] = true;
        for (int i = 1; i < k; i++) {
            float[] last = centroids[order[i - 1]];
            int best = -1;
            double bestDistance = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                if (!used[c]) {
                    double s = 0;
                    for (int j = 0; j < d; j++) {
                        double e = centroids[c][j] - last[j];
                        s += e * e;
                    }
                    if (s < bestDistance) {
                        bestDistance = s;
                        best = c;
                    }
                }
            }
            order[i] = best;
            used[best] = true;
        }
        return order;
    }
}
