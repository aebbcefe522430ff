package org.cryomine.segmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.cryomine.core.Volume;
import org.junit.jupiter.api.Test;

class WeightCorrectedModelTest {

    /** Probabilities 0.3 / 0.45 / 0.25 everywhere, in tiles of 2x2x2. */
    private static final class ConstantModel implements TileModel {
        @Override
        public int classes() {
            return 3;
        }

        @Override
        public int[] tileSize() {
            return new int[] {2, 2, 2};
        }

        @Override
        public Volume[] probabilities(Volume tile) {
            return new Volume[] {Volume.filled(2, 2, 2, 0.3f), Volume.filled(2, 2, 2, 0.45f),
                Volume.filled(2, 2, 2, 0.25f)};
        }
    }

    @Test
    void probabilitiesAreDividedByTheWeightsAndRenormalised() {
        // weights 1, 3, 1: 0.3 / 0.15 / 0.25 before renormalising (sum 0.7), so class 0 now wins
        TileModel m = new WeightCorrectedModel(new ConstantModel(), new double[] {1, 3, 1});
        Volume[] p = m.probabilities(Volume.zeros(2, 2, 2));
        assertThat((double) p[0].get(1, 1, 1)).isCloseTo(0.3 / 0.7, within(1e-6));
        assertThat((double) p[1].get(1, 1, 1)).isCloseTo(0.15 / 0.7, within(1e-6));
        assertThat((double) p[2].get(1, 1, 1)).isCloseTo(0.25 / 0.7, within(1e-6));
        List<Volume[]> batch = m.probabilities(List.of(Volume.zeros(2, 2, 2), Volume.zeros(2, 2, 2)));
        assertThat(batch).hasSize(2);
        assertThat(batch.get(1)[0].data()).containsExactly(p[0].data());
        // equal weights change nothing
        Volume[] same = new WeightCorrectedModel(new ConstantModel(), new double[] {2, 2, 2}).probabilities(Volume.zeros(2, 2, 2));
        assertThat((double) same[1].get(0, 0, 0)).isCloseTo(0.45, within(1e-6));
    }

    @Test
    void badWeightsAreRejected() {
        assertThatThrownBy(() -> new WeightCorrectedModel(new ConstantModel(), new double[] {1, 2}))
                .hasMessageContaining("2 class weights for a model of 3 classes");
        assertThatThrownBy(() -> new WeightCorrectedModel(new ConstantModel(), new double[] {1, 0, 1}))
                .hasMessageContaining("positive and finite");
    }
}
