package org.cryomine.segmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.cryomine.core.Volume;
import org.junit.jupiter.api.Test;

class MeanOfModelsTest {

    /** Two classes over 4x3x2 tiles; class 1's probability {@code p} in every voxel plus {@code slope * x}. */
    private record ConstantModel(float p, float slope, int batch, int classes) implements TileModel {
        @Override
        public int[] tileSize() {
            return new int[] {4, 3, 2};
        }

        @Override
        public Volume[] probabilities(Volume tile) {
            Volume one = Volume.fromFunction(4, 3, 2, (x, y, z) -> p + slope * x);
            Volume[] out = new Volume[classes];
            out[0] = Volume.fromFunction(4, 3, 2, (x, y, z) -> 1 - one.get(x, y, z));
            out[1] = one;
            for (int c = 2; c < classes; c++) {
                out[c] = Volume.zeros(4, 3, 2);
            }
            return out;
        }

        @Override
        public int batchSize() {
            return batch;
        }
    }

    @Test
    void theProbabilitiesAreTheModelsMeanVoxelByVoxelAndStillSumToOne() {
        MeanOfModels mean = new MeanOfModels(List.of(new ConstantModel(0.2f, 0.1f, 8, 2),
                new ConstantModel(0.6f, 0f, 4, 2), new ConstantModel(0.1f, 0.05f, 16, 2)));
        Volume tile = Volume.gaussianNoise(4, 3, 2, 1);
        List<Volume[]> both = mean.probabilities(List.of(tile, tile));
        assertThat(both).hasSize(2);
        for (Volume[] p : both) {
            for (int x = 0; x < 4; x++) {
                // (0.2 + 0.1x + 0.6 + 0.1 + 0.05x) / 3
                assertThat(p[1].get(x, 1, 1)).isCloseTo((0.9f + 0.15f * x) / 3, within(1e-6f));
                assertThat(p[0].get(x, 1, 1) + p[1].get(x, 1, 1)).isCloseTo(1f, within(1e-6f));
            }
        }
        assertThat(mean.probabilities(tile)[1].data()).containsExactly(both.get(0)[1].data());
        assertThat(mean.batchSize()).as("the smallest").isEqualTo(4);
        assertThat(mean.classes()).isEqualTo(2);
        assertThat(mean.tileSize()).containsExactly(4, 3, 2);
    }

    @Test
    void oneModelIsItselfAndModelsThatDisagreeOnTheirShapeAreRefused() {
        ConstantModel only = new ConstantModel(0.3f, 0.1f, 8, 2);
        Volume tile = Volume.gaussianNoise(4, 3, 2, 1);
        assertThat(new MeanOfModels(List.of(only)).probabilities(tile)[1].data())
                .containsExactly(only.probabilities(tile)[1].data());
        assertThatThrownBy(() -> new MeanOfModels(List.of())).hasMessageContaining("at least one model");
        assertThatThrownBy(() -> new MeanOfModels(List.of(only, new ConstantModel(0.3f, 0f, 8, 3))))
                .hasMessageContaining("share classes and tile size");
    }
}
