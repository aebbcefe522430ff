package org.cryomine.segmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.cryomine.core.Flips;
import org.cryomine.core.Volume;
import org.junit.jupiter.api.Test;

class FlipAveragedModelTest {

    /** Two classes; class 1's probability given by {@code p1} of the tile; records the tiles it saw. */
    private static final class FunctionModel implements TileModel {
        final List<Volume> seen = new ArrayList<>();
        final Function<Volume, Volume> p1;

        FunctionModel(Function<Volume, Volume> p1) {
            this.p1 = p1;
        }

        @Override
        public int classes() {
            return 2;
        }

        @Override
        public int[] tileSize() {
            return new int[] {6, 5, 4};
        }

        @Override
        public Volume[] probabilities(Volume tile) {
            seen.add(tile);
            Volume one = p1.apply(tile);
            Volume zero = Volume.fromFunction(6, 5, 4, (x, y, z) -> 1 - one.get(x, y, z));
            return new Volume[] {zero, one};
        }

        @Override
        public int batchSize() {
            return 16;
        }
    }

    @Test
    void aModelThatCommutesWithFlipsIsUnchanged() {
        // voxel-wise: class 1 where the density is low (dense matter negative), the same in every flip
        FunctionModel base = new FunctionModel(t -> Volume.fromFunction(6, 5, 4,
                (x, y, z) -> (float) (1 / (1 + Math.exp(t.get(x, y, z))))));
        Volume tile = Volume.gaussianNoise(6, 5, 4, 3);
        Volume[] direct = base.probabilities(tile);
        FlipAveragedModel averaged = new FlipAveragedModel(base);
        Volume[] tta = averaged.probabilities(tile);
        for (int v = 0; v < tile.voxelCount(); v++) {
            assertThat(tta[1].data()[v]).isCloseTo(direct[1].data()[v], within(1e-6f));
        }
        assertThat(base.seen).hasSize(1 + Flips.COUNT);
        assertThat(averaged.batchSize()).isEqualTo(2);
        assertThat(averaged.classes()).isEqualTo(2);
        assertThat(averaged.tileSize()).containsExactly(6, 5, 4);
    }

    @Test
    void anOrientationBiasAveragesOut() {
        // class 1 more likely towards high x and low z, whatever the tile holds: a bias that the flips cancel
        FunctionModel base = new FunctionModel(t -> Volume.fromFunction(6, 5, 4,
                (x, y, z) -> 0.5f * x / 5f + 0.5f * (3 - z) / 3f));
        List<Volume[]> tta = new FlipAveragedModel(base).probabilities(List.of(Volume.zeros(6, 5, 4), Volume.zeros(6, 5, 4)));
        assertThat(tta).hasSize(2);
        for (Volume[] p : tta) {
            for (int v = 0; v < 6 * 5 * 4; v++) {
                assertThat(p[1].data()[v]).isCloseTo(0.5f, within(1e-6f));
                assertThat(p[0].data()[v] + p[1].data()[v]).isCloseTo(1f, within(1e-6f));
            }
        }
        // and the wrapped model saw the eight flips of each tile
        assertThat(base.seen).hasSize(2 * Flips.COUNT);
    }

    @Test
    void twoAndFourFlipsAverageALinearBiasOutAtAQuarterAndHalfTheWork() {
        // a bias linear in x and z: the inversion through the centre (2 flips) and the three half-turns (4 flips)
        // each flip x and z in half of their members, so the mean is 0.5 everywhere, as with all eight
        for (int count : new int[] {2, 4}) {
            FunctionModel base = new FunctionModel(t -> Volume.fromFunction(6, 5, 4,
                    (x, y, z) -> 0.5f * x / 5f + 0.5f * (3 - z) / 3f));
            FlipAveragedModel averaged = new FlipAveragedModel(base, count);
            Volume[] p = averaged.probabilities(Volume.zeros(6, 5, 4));
            for (int v = 0; v < 6 * 5 * 4; v++) {
                assertThat(p[1].data()[v]).isCloseTo(0.5f, within(1e-6f));
            }
            assertThat(base.seen).hasSize(count);
            assertThat(averaged.count()).isEqualTo(count);
            assertThat(averaged.batchSize()).isEqualTo(16 / count);
        }
    }

    @Test
    void twoFlipsAreTheIdentityAndTheInversionThroughTheCentre() {
        FunctionModel base = new FunctionModel(t -> t);
        Volume tile = Volume.gaussianNoise(6, 5, 4, 5);
        new FlipAveragedModel(base, 2).probabilities(tile);
        assertThat(base.seen.get(0).data()).containsExactly(tile.data());
        assertThat(base.seen.get(1).data()).containsExactly(Flips.apply(tile, 7).data());
        // a model that ignores the tile and answers a fixed field f: the mean at v is that of f(v) and f at v's image
        // through the centre, (6 - 1 - x, 5 - 1 - y, 4 - 1 - z)
        Volume field = Volume.fromFunction(6, 5, 4, (x, y, z) -> (x + 10 * y + 100 * z) / 1000f);
        Volume[] p = new FlipAveragedModel(new FunctionModel(t -> field), 2).probabilities(tile);
        assertThat(p[1].get(1, 2, 3)).isCloseTo((0.321f + 0.024f) / 2, within(1e-6f));
        assertThat(p[1].get(5, 0, 0)).isCloseTo((0.005f + 0.340f) / 2, within(1e-6f));
    }

    @Test
    void anyOtherCountIsRefusedWithTheCountsThatWork() {
        FunctionModel base = new FunctionModel(t -> t);
        for (int bad : new int[] {0, 1, 3, 16}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new FlipAveragedModel(base, bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2, 4 or 8")
                    .hasMessageContaining("got " + bad);
        }
    }
}
