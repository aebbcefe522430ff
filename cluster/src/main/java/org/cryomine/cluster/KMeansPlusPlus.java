package org.cryomine.cluster;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Greedy k-means++ seeding as scikit-learn does it ({@code sklearn.cluster._kmeans._kmeans_plusplus}): the
 * first centre is a uniformly drawn point; each further centre is the best, by resulting potential (sum of
 * squared distances to the nearest centre), of {@code 2 + floor(ln k)} candidates drawn with probability
 * proportional to the squared distance to the nearest centre chosen so far.
 * The random stream is Java's {@link SplittableRandom}, so the centres differ from scikit-learn's for the
 * same seed number; the procedure is the same.
 */
final class KMeansPlusPlus {

    private KMeansPlusPlus() {
    }

    /** Returns k initial centres, row-major (k x d). Nothing passed in is modified. */
    static float[] seed(Points x, int k, SplittableRandom random, ChunkExecutor exec) {
        int n = x.n;
        int d = x.d;
        int trials = 2 + (int) Math.log(k);
        float[] centres = new float[k * d];
        int first = random.nextInt(n);
        System.arraycopy(x.rows, first * d, centres, 0, d);

        float[] closest = new float[n];
        float[][] candidateDist = new float[trials][n];
        double[][] partial = new double[x.blockCount][trials];
        float[] one = Arrays.copyOfRange(x.rows, first * d, first * d + d);
        distancesToCandidates(x, new float[][] {one}, new float[][] {closest}, null, partial, exec);
        double potential = 0;
        for (double[] p : partial) {
            potential += p[0];
        }
        float[][] candidates = new float[trials][];
        int[] candidateIds = new int[trials];
        double[] draws = new double[trials];
        for (int c = 1; c < k; c++) {
            for (int t = 0; t < trials; t++) {
                draws[t] = random.nextDouble() * potential;
            }
            searchSorted(closest, draws, candidateIds);
            for (int t = 0; t < trials; t++) {
                candidates[t] = Arrays.copyOfRange(x.rows, candidateIds[t] * d, candidateIds[t] * d + d);
            }
            for (double[] p : partial) {
                Arrays.fill(p, 0);
            }
            distancesToCandidates(x, candidates, candidateDist, closest, partial, exec);
            double[] pots = new double[trials];
            for (double[] p : partial) {
                for (int t = 0; t < trials; t++) {
                    pots[t] += p[t];
                }
            }
            int best = 0;
            for (int t = 1; t < trials; t++) {
                if (pots[t] < pots[best]) {
                    best = t;
                }
            }
            potential = pots[best];
            float[] swap = closest;
            closest = candidateDist[best];
            candidateDist[best] = swap;
            System.arraycopy(candidates[best], 0, centres, c * d, d);
        }
        return centres;
    }

    /**
     * For each draw r (in any order), the first index i with cumsum(closest)[i] &gt;= r, clipped to n-1, as
     * numpy's searchsorted(side='left') on the cumulative sum in double precision.
     */
    private static void searchSorted(float[] closest, double[] draws, int[] out) {
        Integer[] order = new Integer[draws.length];
        for (int t = 0; t < order.length; t++) {
            order[t] = t;
        }
        Arrays.sort(order, (a, b) -> Double.compare(draws[a], draws[b]));
        int n = closest.length;
        int i = 0;
        double cumulative = closest[0];
        for (Integer t : order) {
            while (i < n - 1 && cumulative < draws[t]) {
                i++;
                cumulative += closest[i];
            }
            out[t] = i;
        }
    }

    /**
     * dist[t][i] = min(closest[i], |x_i - cand[t]|^2) (or just the distance when closest is null), and
     * partial[block][t] = sum of dist[t] over the block.
     */
    private static void distancesToCandidates(Points x, float[][] cand, float[][] dist, float[] closest,
                                              double[][] partial, ChunkExecutor exec) {
        int bs = Points.BLOCK;
        exec.forEach(x.blockCount, b -> {
            float[] acc = new float[bs];
            int valid = x.blockSize(b);
            int first = b * bs;
            for (int t = 0; t < cand.length; t++) {
                BlockDistances.squared(x, b, cand[t], 0, acc);
                float[] out = dist[t];
                double s0 = 0;
                double s1 = 0;
                int p = 0;
                for (; p + 1 < valid; p += 2) {
                    float v0 = closest == null ? acc[p] : Math.min(closest[first + p], acc[p]);
                    float v1 = closest == null ? acc[p + 1] : Math.min(closest[first + p + 1], acc[p + 1]);
                    out[first + p] = v0;
                    out[first + p + 1] = v1;
                    s0 += v0;
                    s1 += v1;
                }
                for (; p < valid; p++) {
                    float v = closest == null ? acc[p] : Math.min(closest[first + p], acc[p]);
                    out[first + p] = v;
                    s0 += v;
                }
                double sum = s0 + s1;
                partial[b][t] = sum;
            }
        });
    }
}
