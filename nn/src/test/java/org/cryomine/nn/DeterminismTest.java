package org.cryomine.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.cryomine.core.Volume;
import org.junit.jupiter.api.Test;

/**
 * Issue 19: the same seed, data and thread count give the same trained weights, codes and EDSS3D outputs, bit
 * for bit, also with several TensorFlow threads. Before the Adam updates waited for every gradient, two
 * trainings of this size differed from the first epoch on (a few discrete outcomes, whichever update ran
 * before the backward op that still read the variable).
 */
class DeterminismTest {

    private static void assertBitwiseEqual(List<float[]> a, List<float[]> b) {
        assertThat(b).hasSameSizeAs(a);
        for (int i = 0; i < a.size(); i++) {
            assertBitwiseEqual(a.get(i), b.get(i), "parameter " + i);
        }
    }

    /** Fails naming the first element whose bits differ (not the whole array). */
    static void assertBitwiseEqual(float[] expected, float[] actual, String what) {
        assertThat(actual.length).as("%s: length", what).isEqualTo(expected.length);
        for (int j = 0; j < expected.length; j++) {
            if (Float.floatToRawIntBits(actual[j]) != Float.floatToRawIntBits(expected[j])) {
                throw new AssertionError(what + ": element " + j + " is " + actual[j] + ", first run " + expected[j]);
            }
        }
    }

    @Test
    void autoencoderTrainedTwiceGivesBitwiseIdenticalWeightsAndCodes() {
        List<Volume> data = Phantoms.planesAndBlobs(40, 8, 5);
        Autoencoder3D cfg = Autoencoder3D.builder().boxSize(8).filters(6).codeSize(6).batchSize(8).maxEpochs(3)
                .threads(2).seed(21).build();
        try (TrainedAutoencoder a = cfg.fit(data, TrainingListener.NONE);
                TrainedAutoencoder b = cfg.fit(data, TrainingListener.NONE)) {
            assertBitwiseEqual(a.weights(), b.weights());
            assertThat(b.history().losses()).containsExactly(a.history().losses());
            assertThat(b.history().validationLosses()).containsExactly(a.history().validationLosses());
            float[][] ca = a.encode(data);
            float[][] cb = b.encode(data);
            for (int i = 0; i < ca.length; i++) {
                assertBitwiseEqual(ca[i], cb[i], "code " + i);
            }
            assertBitwiseEqual(a.decode(ca)[3].data(), b.decode(cb)[3].data(), "decoded box 3");
        }
    }

    @Test
    void edssTrainedTwiceGivesBitwiseIdenticalWeightsAndProbabilities() {
        Random r = new Random(3);
        List<Volume> images = new ArrayList<>();
        List<Volume> labels = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            Volume[] s = Edss3dTest.sample(r);
            images.add(s[0]);
            labels.add(s[1]);
        }
        Edss3d cfg = Edss3d.builder().numClasses(3).boxSize(Edss3dTest.N).filters(4).batchSize(4).maxEpochs(2)
                .threads(2).seed(8).build();
        try (TrainedEdss3d a = cfg.fit(images, labels, TrainingListener.NONE);
                TrainedEdss3d b = cfg.fit(images, labels, TrainingListener.NONE)) {
            assertBitwiseEqual(a.weights(), b.weights());
            Volume[] pa = a.probabilities(images.get(0));
            Volume[] pb = b.probabilities(images.get(0));
            for (int c = 0; c < pa.length; c++) {
                assertBitwiseEqual(pa[c].data(), pb[c].data(), "probability of class " + c);
            }
            assertBitwiseEqual(a.segment(images.get(1)).data(), b.segment(images.get(1)).data(), "segmentation");
        }
    }
}
