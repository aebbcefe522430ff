package org.cryomine.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Reference values computed with scikit-learn 1.2.1 (sklearn.metrics) on the same inputs. */
class ClusterMetricsTest {

    private static final float[][] POINTS = {
        {0, 0}, {0.5f, 0.2f}, {1, 0.1f}, {0.2f, 0.9f}, {5, 5}, {5.5f, 4.8f}, {4.7f, 5.3f}, {6, 6.1f},
        {9, 0}, {8.5f, 0.4f}, {9.3f, -0.2f}, {2.5f, 2.5f},
    };
    private static final int[] LABELS = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 0};
    private static final int[] LABELS2 = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 3, 1};

    @Test
    void silhouetteMatchesScikitLearn() {
        // scikit-learn 1.2.1 silhouette_score (float32 input, so float32 precision)
        assertThat(ClusterMetrics.silhouette(POINTS, LABELS)).isCloseTo(0.7875599, within(2e-6));
        assertThat(ClusterMetrics.silhouette(POINTS, LABELS2)).isCloseTo(0.5013054, within(2e-6));
    }

    @Test
    void silhouetteOfManyPointsAgreesWithThePrecomputedPath() {
        Blobs blobs = new Blobs(3, 2750, 2, 4, 47);  // 8250 points: above the pairwise-distance limit
        int[] dense = ClusterMetrics.denseLabels(blobs.truth);
        double direct = ClusterMetrics.silhouette(blobs.points, blobs.truth);
        double precomputed = ClusterMetrics.silhouette(new PairwiseDistances(blobs.points)::get, dense, 3);
        assertThat(direct).isCloseTo(precomputed, within(1e-6)).isGreaterThan(0.5);
    }

    @Test
    void calinskiHarabaszMatchesScikitLearn() {
        // scikit-learn 1.2.1 calinski_harabasz_score
        assertThat(ClusterMetrics.calinskiHarabasz(POINTS, LABELS)).isCloseTo(79.09753618913916, within(1e-4));
        assertThat(ClusterMetrics.calinskiHarabasz(POINTS, LABELS2)).isCloseTo(31.426096922871608, within(1e-4));
    }

    @Test
    void adjustedRandIndexMatchesScikitLearn() {
        // scikit-learn 1.2.1 adjusted_rand_score
        int[] a = {0, 0, 1, 1, 2, 2, 2, 3, 3, 3, 4, 0, 1, 7};
        int[] b = {1, 1, 0, 0, 2, 2, 3, 3, 3, 3, 4, 1, 5, 5};
        assertThat(ClusterMetrics.adjustedRandIndex(a, b)).isCloseTo(0.6160337552742616, within(1e-12));
        assertThat(ClusterMetrics.adjustedRandIndex(new int[] {0, 0, 1, 1}, new int[] {1, 1, 0, 0})).isEqualTo(1.0);
        assertThat(ClusterMetrics.adjustedRandIndex(new int[] {0, 0, 0, 0}, new int[] {0, 1, 2, 3})).isEqualTo(0.0);
        assertThat(ClusterMetrics.adjustedRandIndex(new int[] {-4, 7, 7}, new int[] {2, 9, 9})).isEqualTo(1.0);
    }

    @Test
    void badArgumentsAreRejected() {
        assertThatThrownBy(() -> ClusterMetrics.adjustedRandIndex(new int[] {1}, new int[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differ in length");
        assertThatThrownBy(() -> ClusterMetrics.silhouette(POINTS, new int[POINTS.length]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 1");
        assertThatThrownBy(() -> ClusterMetrics.calinskiHarabasz(POINTS, new int[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("12 points but 3 labels");
    }
}
