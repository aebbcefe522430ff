package org.cryomine.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FlipsTest {

    @Test
    void flipsAreInvolutionsThatMoveVoxelsToTheMirrorPosition() {
        Volume v = Volume.fromFunction(3, 4, 5, (x, y, z) -> x + 10 * y + 100 * z);
        for (int f = 0; f < Flips.COUNT; f++) {
            assertThat(Flips.apply(Flips.apply(v, f), f).data()).isEqualTo(v.data());
        }
        assertThat(Flips.apply(v, 1).get(0, 1, 2)).isEqualTo(v.get(2, 1, 2));
        assertThat(Flips.apply(v, 6).get(0, 0, 0)).isEqualTo(v.get(0, 3, 4));
        assertThatThrownBy(() -> Flips.apply(v, 8)).hasMessageContaining("0 to 7");
    }

    @Test
    void theAverageIsTheMeanOverTheMirrorPositionsAndTheSameForEveryFlip() {
        Volume v = Volume.fromFunction(3, 4, 5, (x, y, z) -> x + 10 * y + 100 * z + x * y * z);
        Volume mean = Flips.average(v);
        // voxel (0, 1, 1) averages (0|2, 1|2, 1|3): x and y, z enter linearly and the product term is averaged
        double expected = 0;
        for (int x : new int[] {0, 2}) {
            for (int y : new int[] {1, 2}) {
                for (int z : new int[] {1, 3}) {
                    expected += (x + 10 * y + 100 * z + x * y * z) / 8.0;
                }
            }
        }
        assertThat(mean.get(0, 1, 1)).isEqualTo((float) expected);
        for (int f = 0; f < Flips.COUNT; f++) {
            assertThat(Flips.average(Flips.apply(v, f)).data()).isEqualTo(mean.data());
        }
        assertThat(v.get(2, 3, 4)).as("input unchanged").isEqualTo(2 + 30 + 400 + 24f);
    }

    @Test
    void viewsListEveryFlipOfEveryVolumeInOrder() {
        Volume a = Volume.fromFunction(2, 3, 4, (x, y, z) -> x + 10 * y + 100 * z);
        Volume b = Volume.fromFunction(2, 3, 4, (x, y, z) -> -x - y - z);
        java.util.List<Volume> views = Flips.views(java.util.List.of(a, b));
        assertThat(views).hasSize(16);
        assertThat(views.get(0).data()).isEqualTo(a.data());
        assertThat(views.get(8 + 5).data()).isEqualTo(Flips.apply(b, 5).data());
    }
}
