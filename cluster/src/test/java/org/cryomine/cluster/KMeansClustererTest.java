package org.cryomine.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import java.util.SplittableRandom;
import org.cryomine.core.CryomineException;
import org.cryomine.core.ProgressListener;
import org.junit.jupiter.api.Test;

class KMeansClustererTest {

    @Test
    void recoversSeparatedBlobs() {
        Blobs blobs = new Blobs(8, 150, 5, 12, 1);
        ClusterModel model = KMeansClusterer.of(8).withSeed(3).withRestarts(3).fit(blobs.points);
        assertThat(ClusterMetrics.adjustedRandIndex(blobs.truth, model.assignments())).isGreaterThanOrEqualTo(0.99);
        assertThat(model.sizes()).containsOnly(150);
        assertThat(model.k()).isEqualTo(8);
        assertThat(model.dimension()).isEqualTo(5);
        assertThat(model.pointCount()).isEqualTo(1200);
    }

    @Test
    void sameSeedGivesTheSameModelWhateverTheThreadCount() {
        Blobs blobs = new Blobs(10, 300, 8, 3, 2);
        KMeansClusterer base = KMeansClusterer.of(12).withSeed(42).withRestarts(2);
        ClusterModel a = base.withThreads(1).fit(blobs.points);
        ClusterModel b = base.withThreads(3).fit(blobs.points);
        ClusterModel c = base.withThreads(1).fit(blobs.points);
        for (ClusterModel m : new ClusterModel[] {b, c}) {
            assertThat(m.assignments()).isEqualTo(a.assignments());
            assertThat(m.centroids()).isDeepEqualTo(a.centroids());
            assertThat(m.inertia()).isEqualTo(a.inertia());
            assertThat(m.iterations()).isEqualTo(a.iterations());
        }
        ClusterModel other = base.withSeed(43).fit(blobs.points);
        assertThat(other.configuration().seed()).isEqualTo(43);
    }

    /**
     * Issue 19 at a size where every stage runs in parallel: 20000 overlapping points (10 units of
     * HamerlyLloyd.UNIT points, many k-means++ blocks), k = 24, two restarts, one swap trial. Sums are combined
     * in unit order, so 4 threads twice and 1 thread give the same model bit for bit.
     */
    @Test
    void manyThreadsGiveBitwiseIdenticalModels() {
        Blobs blobs = new Blobs(30, 667, 8, 1.5, 9);
        KMeansClusterer base = KMeansClusterer.of(24).withSeed(5).withRestarts(2);
        ClusterModel a = base.withThreads(4).fit(blobs.points);
        ClusterModel b = base.withThreads(4).fit(blobs.points);
        ClusterModel c = base.withThreads(1).fit(blobs.points);
        assertThat(a.iterations()).isGreaterThan(3);
        for (ClusterModel m : new ClusterModel[] {b, c}) {
            assertThat(m.assignments()).isEqualTo(a.assignments());
            float[][] ca = a.centroids();
            float[][] cm = m.centroids();
            for (int i = 0; i < ca.length; i++) {
                for (int j = 0; j < ca[i].length; j++) {
                    assertThat(Float.floatToRawIntBits(cm[i][j])).as("centroid %d, dimension %d", i, j)
                            .isEqualTo(Float.floatToRawIntBits(ca[i][j]));
                }
            }
            assertThat(Double.doubleToRawLongBits(m.inertia())).isEqualTo(Double.doubleToRawLongBits(a.inertia()));
        }
    }

    @Test
    void clustersAreNumberedBySizeThenCentroid() {
        // sizes 5, 3, 3, 1 (two clusters of 3 are ordered by their centroids)
        float[][] x = {
            {10, 0}, {10, 0.1f}, {10.1f, 0}, {10, -0.1f}, {9.9f, 0},
            {0, 5}, {0, 5.1f}, {0.1f, 5},
            {0, -5}, {0, -5.1f}, {0.1f, -5},
            {30, 30},
        };
        ClusterModel model = KMeansClusterer.of(4).withSeed(1).fit(x);
        assertThat(model.sizes()).containsExactly(5, 3, 3, 1);
        assertThat(model.centroid(1)[1]).isLessThan(0);  // (0.03, -5.03) before (0.03, 5.03)
        assertThat(model.centroid(2)[1]).isGreaterThan(0);
        assertThat(model.assignment(0)).isZero();
        assertThat(model.assignment(8)).isEqualTo(1);
        assertThat(model.assignment(11)).isEqualTo(3);
    }

    @Test
    void inertiaEqualsBruteForceAndLabelsAreNearestCentres() {
        Blobs blobs = new Blobs(6, 200, 7, 2, 5);
        ClusterModel model = KMeansClusterer.of(9).withSeed(8).fit(blobs.points);
        float[][] centres = model.centroids();
        double inertia = 0;
        for (int i = 0; i < blobs.points.length; i++) {
            double[] dist = new double[centres.length];
            for (int c = 0; c < centres.length; c++) {
                for (int j = 0; j < 7; j++) {
                    double v = (double) blobs.points[i][j] - centres[c][j];
                    dist[c] += v * v;
                }
            }
            int a = model.assignment(i);
            inertia += dist[a];
            assertThat(dist[a]).isLessThanOrEqualTo(Arrays.stream(dist).min().getAsDouble() * (1 + 1e-5) + 1e-9);
            assertThat(model.predict(blobs.points[i])).isEqualTo(a);
            double[] reported = model.distances(blobs.points[i]);
            for (int c = 0; c < centres.length; c++) {
                assertThat(reported[c]).isCloseTo(Math.sqrt(dist[c]), within(1e-9));
            }
        }
        assertThat(model.inertia()).isCloseTo(inertia, within(1e-9 * inertia));
        assertThat(model.predict(blobs.points)).isEqualTo(model.assignments());
    }

    @Test
    void hamerlyGivesPlainLloydsLabelsAndCentres() {
        Blobs blobs = new Blobs(15, 100, 6, 1.5, 9);
        Points x = Points.of(blobs.points);
        int k = 20;
        try (ChunkExecutor exec = new ChunkExecutor(2)) {
            float[] init = KMeansPlusPlus.seed(x, k, new SplittableRandom(4), exec);
            for (int iterations = 1; iterations <= 12; iterations += 11) {
                HamerlyLloyd.Result fast = HamerlyLloyd.run(x, init, iterations, 0, exec, ProgressListener.NONE);
                float[] centres = init.clone();
                int[] labels = new int[x.n];
                for (int it = 0; it < iterations; it++) {
                    labels = naiveAssign(x, centres, k);
                    centres = naiveMeans(x, labels, centres, k);
                }
                labels = naiveAssign(x, centres, k);
                assertThat(fast.labels()).isEqualTo(labels);
                assertThat(fast.centres()).containsExactly(centres, within(1e-4f));
            }
        }
    }

    private static int[] naiveAssign(Points x, float[] centres, int k) {
        int[] labels = new int[x.n];
        for (int i = 0; i < x.n; i++) {
            double best = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                double s = 0;
                for (int j = 0; j < x.d; j++) {
                    double v = (double) x.rows[i * x.d + j] - centres[c * x.d + j];
                    s += v * v;
                }
                if (s < best) {
                    best = s;
                    labels[i] = c;
                }
            }
        }
        return labels;
    }

    private static float[] naiveMeans(Points x, int[] labels, float[] old, int k) {
        double[] sums = new double[k * x.d];
        int[] counts = new int[k];
        for (int i = 0; i < x.n; i++) {
            counts[labels[i]]++;
            for (int j = 0; j < x.d; j++) {
                sums[labels[i] * x.d + j] += x.rows[i * x.d + j];
            }
        }
        float[] out = old.clone();
        for (int c = 0; c < k; c++) {
            assertThat(counts[c]).as("no empty cluster in this test").isPositive();
            for (int j = 0; j < x.d; j++) {
                out[c * x.d + j] = (float) (sums[c * x.d + j] / counts[c]);
            }
        }
        return out;
    }

    @Test
    void emptyClusterIsReseededFromTheFarthestPoint() {
        Blobs blobs = new Blobs(3, 50, 2, 10, 11);
        Points x = Points.of(blobs.points);
        float[] init = new float[4 * 2];
        for (int c = 0; c < 3; c++) {
            System.arraycopy(x.rows, c * 2, init, c * 2, 2);  // points 0, 1, 2 are in blobs 0, 1, 2
        }
        init[6] = 1e6f;  // centre 3 is far from every point: empty after the first assignment
        init[7] = 1e6f;
        try (ChunkExecutor exec = new ChunkExecutor(1)) {
            HamerlyLloyd.Result r = HamerlyLloyd.run(x, init, 100, 0, exec, ProgressListener.NONE);
            int[] sizes = new int[4];
            for (int l : r.labels()) {
                sizes[l]++;
            }
            assertThat(sizes).doesNotContain(0);
            assertThat(r.centres()[6]).isLessThan(1000);
        }
    }

    @Test
    void duplicatePointsAndFewerDistinctPointsThanK() {
        float[][] x = new float[30][];
        for (int i = 0; i < x.length; i++) {
            x[i] = new float[] {i % 3, 1};
        }
        ClusterModel model = KMeansClusterer.of(5).withSeed(2).fit(x);
        assertThat(model.sizes()).containsExactly(10, 10, 10, 0, 0);
        assertThat(model.inertia()).isZero();
        ClusterModel exact = KMeansClusterer.of(3).fit(x);
        assertThat(exact.sizes()).containsExactly(10, 10, 10);
        assertThat(exact.centroids()).isDeepEqualTo(new float[][] {{0, 1}, {1, 1}, {2, 1}});
    }

    @Test
    void toleranceFollowsScikitLearn() {
        Blobs blobs = new Blobs(20, 60, 4, 1, 13);
        ClusterModel loose = KMeansClusterer.of(20).withTolerance(1e-1).fit(blobs.points);
        ClusterModel exact = KMeansClusterer.of(20).withTolerance(0).fit(blobs.points);
        assertThat(loose.iterations()).isLessThan(exact.iterations());
        assertThat(exact.inertia()).isLessThanOrEqualTo(loose.inertia());
        ClusterModel one = KMeansClusterer.of(20).withMaxIterations(1).fit(blobs.points);
        assertThat(one.iterations()).isEqualTo(1);
    }

    @Test
    void moreRestartsNeverIncreaseInertia() {
        Blobs blobs = new Blobs(12, 40, 3, 1, 17);
        double one = KMeansClusterer.of(12).withSeed(5).withRestarts(1).fit(blobs.points).inertia();
        double many = KMeansClusterer.of(12).withSeed(5).withRestarts(6).fit(blobs.points).inertia();
        assertThat(many).isLessThanOrEqualTo(one);
    }

    @Test
    void badInputGetsClearErrors() {
        float[][] three = {{1, 2}, {3, 4}, {5, 6}};
        assertThatThrownBy(() -> KMeansClusterer.of(4).fit(three)).isInstanceOf(CryomineException.class)
                .hasMessageContaining("k = 4 is larger than the number of points (3)");
        assertThatThrownBy(() -> KMeansClusterer.of(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("k must be at least 1");
        assertThatThrownBy(() -> KMeansClusterer.of(1).fit(new float[0][])).isInstanceOf(CryomineException.class)
                .hasMessageContaining("no points");
        assertThatThrownBy(() -> KMeansClusterer.of(1).fit(new float[][] {{1, 2}, {3}}))
                .isInstanceOf(CryomineException.class).hasMessageContaining("ragged input: point 1 has 1 values");
        assertThatThrownBy(() -> KMeansClusterer.of(1).fit(new float[][] {{1, 2}, {3, Float.NaN}}))
                .isInstanceOf(CryomineException.class).hasMessageContaining("point 1, dimension 1 is NaN");
        assertThatThrownBy(() -> KMeansClusterer.of(1).fit(new float[][] {{Float.POSITIVE_INFINITY}}))
                .isInstanceOf(CryomineException.class).hasMessageContaining("Infinity");
        assertThatThrownBy(() -> KMeansClusterer.of(1).fit(new float[][] {{}}))
                .isInstanceOf(CryomineException.class).hasMessageContaining("no values");
        assertThatThrownBy(() -> KMeansClusterer.of(2).withTolerance(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KMeansClusterer.of(2).withRestarts(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KMeansClusterer.of(2).withThreads(0)).isInstanceOf(IllegalArgumentException.class);
        ClusterModel m = KMeansClusterer.of(2).fit(three);
        assertThatThrownBy(() -> m.predict(new float[] {1})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has 1 values but the model's centres have 2");
    }

    @Test
    void modelDoesNotExposeItsArrays() {
        float[][] x = new Blobs(2, 20, 2, 10, 19).points;
        ClusterModel m = KMeansClusterer.of(2).fit(x);
        float before = m.centroid(0)[0];
        m.centroids()[0][0] = 1234;
        m.centroid(0)[0] = 1234;
        m.assignments()[0] = 99;
        m.sizes()[0] = 99;
        assertThat(m.centroid(0)[0]).isEqualTo(before);
        assertThat(m.assignments()[0]).isNotEqualTo(99);
        assertThat(m.sizes()[0]).isEqualTo(20);
        x[0][0] = Float.NaN;  // the model keeps no reference to the input
        assertThat(m.centroid(0)[0]).isEqualTo(before);
    }

    @Test
    void singleClusterIsTheMean() {
        Random random = new Random(3);
        float[][] x = new float[100][3];
        double[] mean = new double[3];
        for (float[] p : x) {
            for (int j = 0; j < 3; j++) {
                p[j] = (float) random.nextGaussian();
                mean[j] += p[j] / 100.0;
            }
        }
        ClusterModel m = KMeansClusterer.of(1).fit(x);
        for (int j = 0; j < 3; j++) {
            assertThat(m.centroid(0)[j]).isCloseTo((float) mean[j], within(1e-5f));
        }
    }

    /** The factory is static and the copier an instance method with another name, so no call drops a setting. */
    @Test
    void changingKKeepsTheOtherSettings() {
        KMeansClusterer c = KMeansClusterer.of(20).withSeed(7).withRestarts(3).withK(30);
        assertThat(c.k()).isEqualTo(30);
        assertThat(c.seed()).isEqualTo(7);
        assertThat(c.restarts()).isEqualTo(3);
    }
}
