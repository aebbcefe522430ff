package org.cryomine.segmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.cryomine.core.Labels;
import org.cryomine.core.Volume;
import org.junit.jupiter.api.Test;

class TrainingSetTest {

    /** A 4^3 label volume with {@code n1} voxels of label 1, {@code n2} of label 2, the rest 0 or unknown. */
    private static Volume labels(int n1, int n2, boolean unknownRest) {
        float[] d = new float[64];
        for (int v = 0; v < 64; v++) {
            d[v] = v < n1 ? 1 : v < n1 + n2 ? 2 : unknownRest ? Labels.UNKNOWN : 0;
        }
        return Volume.wrap(d, 4, 4, 4);
    }

    @Test
    void medianVoxelsCountsOnlyTheExamplesThatHoldTheLabel() {
        Volume image = Volume.zeros(4, 4, 4);
        // label 1 in three examples (5, 9, 20 voxels), label 2 in two (3, 8); one background example
        TrainingSet set = new TrainingSet(List.of(image, image, image, image, image, image),
                List.of(labels(5, 0, false), labels(9, 3, true), labels(20, 0, false), labels(0, 8, false),
                        labels(0, 0, false), labels(0, 0, true)), 3, new int[] {0, 1, 2, 3, 4, 5});
        assertThat(set.medianVoxels(1)).isEqualTo(9);
        assertThat(set.medianVoxels(2)).isEqualTo(6); // (3 + 8) / 2 rounded
        TrainingSet none = new TrainingSet(List.of(image), List.of(labels(4, 0, false)), 3, new int[] {0});
        assertThat(none.medianVoxels(2)).isZero();
        assertThatThrownBy(() -> set.medianVoxels(0)).hasMessageContaining("label 0");
        assertThatThrownBy(() -> set.medianVoxels(3)).hasMessageContaining("label 3");
    }

    @Test
    void aPoolsExamplesCountTheirShareOfAnEpochInTheClassFractions() {
        Volume image = Volume.zeros(4, 4, 4);
        // one labelled example (16 voxels of label 1, 48 background); a pool of four, one per epoch: three all
        // background, one with 64 voxels of label 2
        TrainingSet set = new TrainingSet(List.of(image, image, image, image, image),
                List.of(labels(16, 0, false), labels(0, 0, false), labels(0, 64, false), labels(0, 0, false),
                        labels(0, 0, false)), 3, new int[] {0, 1, 2, 3, 4}, new int[] {1, 2, 3, 4}, 1);
        assertThat(set.epochSize()).isEqualTo(2);
        // per epoch on average: label 1 16, label 2 64 / 4 = 16, background 48 + 3 * 64 / 4 = 96, of 128
        assertThat(set.classFractions()).containsExactly(96 / 128.0, 16 / 128.0, 16 / 128.0);
        assertThat(set.withLabels(set.labels()).pool()).containsExactly(1, 2, 3, 4);
        assertThatThrownBy(() -> new TrainingSet(List.of(image, image), List.of(labels(1, 0, false),
                labels(0, 0, false)), 2, new int[] {0, 1}, new int[] {1}, 2))
                .hasMessageContaining("1 to 1 of them per epoch, not 2");
        assertThatThrownBy(() -> new TrainingSet(List.of(image, image), List.of(labels(1, 0, false),
                labels(0, 0, false)), 2, new int[] {0, 1}, new int[] {1, 1}, 1))
                .hasMessageContaining("distinct indices");
        assertThatThrownBy(() -> new TrainingSet(List.of(image, image), List.of(labels(1, 0, false),
                labels(0, 0, false)), 2, new int[] {0, 1}, new int[] {2}, 1))
                .hasMessageContaining("distinct indices");
    }
}
