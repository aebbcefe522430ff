package org.cryomine.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import java.util.SplittableRandom;
import org.cryomine.core.ProgressListener;
import org.junit.jupiter.api.Test;

class SwapRefinementTest {

    /** The peer workload's recipe, smaller: ReLU of Gaussian blobs (sd 3 centres, unit noise), more blobs than k. */
    private static Points reluBlobs(int n, int blobs, int d, long seed) {
        Random random = new Random(seed);
        double[][] centres = new double[blobs][d];
        for (double[] c : centres) {
            for (int j = 0; j < d; j++) {
                c[j] = 3 * random.nextGaussian();
            }
        }
        float[][] x = new float[n][d];
        for (float[] p : x) {
            double[] c = centres[random.nextInt(blobs)];
            for (int j = 0; j < d; j++) {
                p[j] = (float) Math.max(c[j] + random.nextGaussian(), 0);
            }
        }
        return Points.of(x);
    }

    @Test
    void neverRaisesInertiaAndEndsAtALloydFixedPoint() {
        Points x = reluBlobs(3000, 45, 8, 21);
        int k = 30;
        int improved = 0;
        try (ChunkExecutor exec = new ChunkExecutor(2)) {
            for (int seed = 0; seed < 6; seed++) {
                float[] init = KMeansPlusPlus.seed(x, k, new SplittableRandom(seed), exec);
                HamerlyLloyd.Result lloyd = HamerlyLloyd.run(x, init, 300, 0, exec, ProgressListener.NONE);
                HamerlyLloyd.Result swapped = SwapRefinement.refine(x, lloyd, 4, 300, 0, exec, ProgressListener.NONE);
                assertThat(swapped.inertia()).isLessThanOrEqualTo(lloyd.inertia());
                improved += swapped.inertia() < lloyd.inertia() * (1 - 1e-3) ? 1 : 0;
                assertThat(swapped.iterations()).isGreaterThanOrEqualTo(lloyd.iterations());
                assertLloydFixedPoint(x, swapped, k);
            }
        }
        assertThat(improved).as("seeds on which swaps lowered the inertia by more than 0.1%").isGreaterThanOrEqualTo(3);
    }

    /** Labels are nearest centres, centres are their clusters' means, the inertia is the brute-force sum. */
    private static void assertLloydFixedPoint(Points x, HamerlyLloyd.Result r, int k) {
        int d = x.d;
        float[] c = r.centres();
        double[] sums = new double[k * d];
        int[] counts = new int[k];
        double inertia = 0;
        for (int i = 0; i < x.n; i++) {
            int a = r.labels()[i];
            double own = x.distanceSquared(i, c, a * d);
            for (int q = 0; q < k; q++) {
                assertThat(own).as("point %d: centre %d is nearer than its own %d", i, q, a)
                        .isLessThanOrEqualTo(x.distanceSquared(i, c, q * d) * (1 + 1e-5) + 1e-6);
            }
            double s = 0;
            for (int j = 0; j < d; j++) {
                double v = (double) x.rows[i * d + j] - c[a * d + j];
                s += v * v;
                sums[a * d + j] += x.rows[i * d + j];
            }
            inertia += s;
            counts[a]++;
        }
        assertThat(r.inertia()).isCloseTo(inertia, within(1e-9 * inertia));
        for (int q = 0; q < k; q++) {
            for (int j = 0; j < d; j++) {
                assertThat(c[q * d + j]).as("centre %d, dimension %d", q, j)
                        .isCloseTo((float) (sums[q * d + j] / counts[q]), within(1e-3f));
            }
        }
    }

    /**
     * Four blobs of 100 points, k = 4, Lloyd started with two centres in blob 0 and one centre between blobs 2
     * and 3: Lloyd keeps blobs 2 and 3 together and blob 0 split (a fixed point); one swap finds the partition
     * into the four blobs.
     */
    @Test
    void repairsAMergedPairAndASplitBlob() {
        Random random = new Random(5);
        double[][] blobCentres = {{0, 0}, {0, 40}, {40, 0}, {40, 12}};
        float[][] data = new float[400][2];
        int[] truth = new int[400];
        for (int i = 0; i < 400; i++) {
            truth[i] = i / 100;
            for (int j = 0; j < 2; j++) {
                data[i][j] = (float) (blobCentres[truth[i]][j] + random.nextGaussian());
            }
        }
        Points x = Points.of(data);
        float[] init = {-1, 0, 1, 0, 0, 40, 40, 6};
        try (ChunkExecutor exec = new ChunkExecutor(2)) {
            HamerlyLloyd.Result lloyd = HamerlyLloyd.run(x, init, 300, 0, exec, ProgressListener.NONE);
            assertThat(lloyd.labels()[300]).as("Lloyd keeps blobs 2 and 3 together").isEqualTo(lloyd.labels()[200]);
            HamerlyLloyd.Result swapped = SwapRefinement.refine(x, lloyd, 1, 300, 0, exec, ProgressListener.NONE);
            assertThat(ClusterMetrics.adjustedRandIndex(truth, swapped.labels())).isEqualTo(1.0);
            // four blobs of unit variance in 2-D: inertia about 4 * 100 * 2; the merged pair costs 50 * 12^2 more
            assertThat(swapped.inertia()).isLessThan(1000).isLessThan(lloyd.inertia() - 5000);
            assertLloydFixedPoint(x, swapped, 4);
            HamerlyLloyd.Result none = SwapRefinement.refine(x, lloyd, 0, 300, 0, exec, ProgressListener.NONE);
            assertThat(none).isSameAs(lloyd);
        }
    }

    @Test
    void swapsGiveTheSameModelWhateverTheThreadCount() {
        Points x = reluBlobs(3000, 45, 8, 21);
        float[][] data = new float[x.n][];
        for (int i = 0; i < x.n; i++) {
            data[i] = java.util.Arrays.copyOfRange(x.rows, i * 8, i * 8 + 8);
        }
        int checked = 0;
        for (int seed = 0; seed < 4; seed++) {
            KMeansClusterer base = KMeansClusterer.of(30).withSeed(seed);
            ClusterModel plain = base.withSwapTrials(0).withThreads(1).fit(data);
            ClusterModel one = base.withThreads(1).fit(data);
            if (one.inertia() == plain.inertia()) {
                continue;
            }
            checked++;
            ClusterModel three = base.withThreads(3).fit(data);
            assertThat(three.assignments()).isEqualTo(one.assignments());
            assertThat(three.centroids()).isDeepEqualTo(one.centroids());
            assertThat(three.inertia()).isEqualTo(one.inertia()).isLessThan(plain.inertia());
            assertThat(three.iterations()).isEqualTo(one.iterations()).isGreaterThan(plain.iterations());
        }
        assertThat(checked).as("seeds on which the swaps changed the model").isGreaterThanOrEqualTo(2);
    }

    @Test
    void reportsSwapTrialsAndCanBeCancelled() {
        Points x = reluBlobs(2000, 40, 6, 35);
        float[][] data = new float[x.n][];
        for (int i = 0; i < x.n; i++) {
            data[i] = java.util.Arrays.copyOfRange(x.rows, i * 6, i * 6 + 6);
        }
        java.util.List<String> stages = new java.util.ArrayList<>();
        KMeansClusterer.of(20).withSeed(1).fit(data, (stage, done, total) -> stages.add(stage + " " + total));
        assertThat(stages).contains("k-means swaps " + KMeansClusterer.DEFAULT_SWAP_TRIALS);
        ProgressListener cancelInSwaps = new ProgressListener() {
            private boolean swapping;

            @Override
            public void onProgress(String stage, long done, long total) {
                swapping |= stage.equals("k-means swaps");
            }

            @Override
            public boolean isCancelled() {
                return swapping;
            }
        };
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> KMeansClusterer.of(20).withSeed(1)
                .withSwapTrials(3).fit(data, cancelInSwaps)).isInstanceOf(ProgressListener.CancelledException.class);
    }

    @Test
    void rejectsNegativeSwapTrials() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> KMeansClusterer.of(2).withSwapTrials(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("swapTrials must be at least 0");
    }
}
