package org.cryomine.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.cryomine.core.Volume;
import org.junit.jupiter.api.Test;

class ClusteringQualityTest {

    // Cluster 0: classes 0,0,1 ; cluster 1: 1,1 ; cluster 2: 2,0,2,2
    private static final int[] CLUSTERS = {0, 0, 0, 1, 1, 2, 2, 2, 2};
    private static final int[] CLASSES = {0, 0, 1, 1, 1, 2, 0, 2, 2};

    @Test
    void purityCountsMajorities() {
        // majorities: 2 + 2 + 3 = 7 of 9
        assertThat(ClusteringQuality.of(CLUSTERS, CLASSES).purity()).isCloseTo(7.0 / 9, offset(1e-12));
    }

    @Test
    void macroF1MatchesHandComputation() {
        // class 0: truth 3, predicted 3 (cluster 0), hit 2 -> F1 2*2/6
        // class 1: truth 3, predicted 2 (cluster 1), hit 2 -> 4/5
        // class 2: truth 3, predicted 4 (cluster 2), hit 3 -> 6/7
        // (the same value as sklearn.metrics.f1_score(y, majority_of_cluster, average='macro'))
        double expected = (4.0 / 6 + 4.0 / 5 + 6.0 / 7) / 3;
        assertThat(ClusteringQuality.of(CLUSTERS, CLASSES).macroF1()).isCloseTo(expected, offset(1e-12));
    }

    @Test
    void clustersToCoverTakesTheRichestFirst() {
        ClusteringQuality q = ClusteringQuality.of(CLUSTERS, CLASSES);
        // class 1 lives in cluster 1 (2) and cluster 0 (1): 90% of 3 needs both
        assertThat(q.clustersToCover(1, 0.9)).isEqualTo(2);
        assertThat(q.clustersToCover(1, 0.6)).isEqualTo(1);
        assertThat(q.clustersToCover(7, 0.9)).isZero();
    }

    @Test
    void iouOfOverlappingCubes() {
        Volume a = Volume.fromFunction(4, 4, 4, (x, y, z) -> x < 2 ? 1 : 0);
        Volume b = Volume.fromFunction(4, 4, 4, (x, y, z) -> x < 3 ? 5 : 0);
        assertThat(SegmentationQuality.iou(a, 1, b, 5)).isCloseTo(2.0 / 3, offset(1e-12));
        assertThat(SegmentationQuality.iou(a, 9, b, 9)).isNaN();
        assertThatThrownBy(() -> SegmentationQuality.iou(a, 1, Volume.zeros(2, 2, 2), 1)).hasMessageContaining("differ in size");
    }

    @Test
    void badInput() {
        assertThatThrownBy(() -> ClusteringQuality.of(new int[2], new int[3])).hasMessageContaining("2 assignments but 3");
        assertThatThrownBy(() -> ClusteringQuality.of(new int[0], new int[0])).hasMessageContaining("no items");
    }
}
