package org.cryomine.segmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The class weights of segmentation training: square roots of inverse frequencies relative to background, capped. */
class ClassWeightsTest {

    @Test
    void weightsAreSquareRootsOfFrequencyRatiosCappedAndBackgroundIsOne() {
        double[] w = ClassWeights.balanced(new double[] {0.9, 0.09, 0.01, 0.0});
        assertThat(w[0]).isEqualTo(1.0);
        assertThat(w[1]).isCloseTo(Math.sqrt(10), within(1e-12));
        assertThat(w[2]).isCloseTo(Math.sqrt(90), within(1e-12));
        assertThat(w[3]).as("a class without voxels keeps weight 1").isEqualTo(1.0);
        double[] rare = ClassWeights.balanced(new double[] {1 - 1e-9, 1e-9});
        assertThat(rare[1]).as("capped").isEqualTo(50.0);
    }
}
