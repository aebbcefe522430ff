package org.cryomine.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.cryomine.core.CryomineException;
import org.junit.jupiter.api.Test;

class KSelectorTest {

    @Test
    void diagnosticsPointToTheTrueNumberOfBlobs() {
        Blobs blobs = new Blobs(4, 100, 3, 15, 41);
        KSelector selector = KSelector.range(KMeansClusterer.of(1).withSeed(3).withRestarts(3), 2, 7)
                .withSilhouetteSample(300);
        KSelection selection = selector.evaluate(blobs.points);
        List<KScore> scores = selection.scores();
        assertThat(scores).extracting(KScore::k).containsExactly(2, 3, 4, 5, 6, 7);
        assertThat(selection.bestBySilhouette()).contains(4);
        assertThat(selection.bestByCalinskiHarabasz()).contains(4);
        KScore four = scores.get(2);
        assertThat(four.stability()).isGreaterThanOrEqualTo(0.99);
        for (int i = 1; i < scores.size(); i++) {
            assertThat(scores.get(i).inertia()).isLessThan(scores.get(i - 1).inertia());
        }
        assertThat(selector.evaluate(blobs.points)).isEqualTo(selection);
    }

    @Test
    void stepAndSingleRun() {
        Blobs blobs = new Blobs(3, 30, 2, 10, 43);
        KSelection s = KSelector.range(KMeansClusterer.of(1), 1, 9).withStep(4).withStabilityRuns(1)
                .evaluate(blobs.points);
        assertThat(s.scores()).extracting(KScore::k).containsExactly(1, 5, 9);
        assertThat(s.scores().get(0).silhouette()).isNaN();
        assertThat(s.scores().get(1).stability()).isNaN();
    }

    @Test
    void rangeBeyondThePointsIsRejected() {
        float[][] x = {{1}, {2}, {3}};
        assertThatThrownBy(() -> KSelector.range(KMeansClusterer.of(1), 2, 5).evaluate(x))
                .isInstanceOf(CryomineException.class).hasMessageContaining("only 3 points");
        assertThatThrownBy(() -> KSelector.range(KMeansClusterer.of(1), 5, 2))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
