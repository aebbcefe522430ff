package org.cryomine.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.cryomine.core.Volume;
import org.junit.jupiter.api.Test;

/** The code layer's activation: the paper's ReLU code is never negative; the linear code may be. */
class LinearCodeTest {

    private static float min(float[][] codes) {
        float m = Float.POSITIVE_INFINITY;
        for (float[] row : codes) {
            for (float v : row) {
                m = Math.min(m, v);
            }
        }
        return m;
    }

    @Test
    void reluCodesAreNonNegativeAndLinearCodesAreNot() {
        List<Volume> vols = Phantoms.planesAndBlobs(24, 12, 3);
        Autoencoder3D.Builder b = Autoencoder3D.builder().boxSize(12).filters(4).codeSize(8).maxEpochs(1).seed(5);
        try (TrainedAutoencoder relu = b.build().fit(vols, TrainingListener.NONE);
             TrainedAutoencoder linear = b.linearCode(true).build().fit(vols, TrainingListener.NONE)) {
            assertThat(relu.config().linearCode()).isFalse();
            assertThat(min(relu.encode(vols))).isGreaterThanOrEqualTo(0f);
            // a freshly initialised linear layer maps the data to both signs
            assertThat(min(linear.encode(vols))).isLessThan(0f);
            assertThat(linear.config().linearCode()).isTrue();
        }
    }
}
