package org.cryomine.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.cryomine.core.Volume;

/** Trains one small autoencoder on simulated planes and blobs and checks what it learnt. */
class AutoencoderTrainingTest {

    static final int N = 16;
    static List<Volume> data;
    static TrainedAutoencoder model;
    static long trainMillis;

    @BeforeAll
    static void train() {
        data = Phantoms.planesAndBlobs(160, N, 42);
        Autoencoder3D cfg = Autoencoder3D.builder().boxSize(N).filters(8).codeSize(16).maxEpochs(20).patience(20)
                .seed(3).threads(2).build();
        long t = System.nanoTime();
        model = cfg.fit(data, TrainingListener.NONE);
        trainMillis = (System.nanoTime() - t) / 1_000_000;
    }

    @AfterAll
    static void close() {
        model.close();
        model.close(); // idempotent
    }

    @Test
    void validationLossEndsClearlyBelowPredictingTheMean() {
        // In DATASET-normalised units, predicting the mean costs the data's variance = 1 by construction.
        double best = model.history().bestValidationLoss();
        assertThat(model.history().epochs()).isNotEmpty();
        assertThat(best).as("best validation loss after %d ms", trainMillis).isLessThan(0.7);
        assertThat(model.history().validationLosses()[0]).isGreaterThan(best);
    }

    @Test
    void codesSeparatePlanesFromBlobs() {
        float[][] codes = model.encode(data);
        assertThat(codes).hasNumberOfRows(data.size());
        assertThat(codes[0]).hasSize(16);
        int[] labels = new int[codes.length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 2;
        }
        // train on the first 3/4, test on the rest
        int split = codes.length * 3 / 4;
        double acc = LogisticRegression.heldOutAccuracy(codes, labels, split);
        assertThat(acc).as("held-out accuracy of a linear classifier on codes").isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void decodeReturnsOriginalUnits() {
        Volume[] rec = model.reconstruct(data.subList(0, 4));
        double err = 0;
        double var = 0;
        double mean = model.normalization().mean();
        for (int i = 0; i < 4; i++) {
            float[] a = data.get(i).data();
            float[] b = rec[i].data();
            for (int k = 0; k < a.length; k++) {
                err += (a[k] - b[k]) * (a[k] - b[k]);
                var += (a[k] - mean) * (a[k] - mean);
            }
        }
        assertThat(err / var).isLessThan(0.7);
    }

    /** bfloat16 inference stays within 5% relative L2 of float32 (measured ~1%). */
    @Test
    void bfloat16InferenceStaysCloseToFloat32() {
        List<Volume> some = data.subList(0, 16);
        try (TrainedAutoencoder fast = model.withBfloat16Inference()) {
            float[][] codes = model.encode(some);
            assertThat(relativeL2(fast.encode(some), codes)).isLessThan(0.05);
            Volume[] a = model.decode(codes);
            Volume[] b = fast.decode(codes);
            float[][] fa = new float[a.length][];
            float[][] fb = new float[a.length][];
            for (int i = 0; i < a.length; i++) {
                fa[i] = a[i].data();
                fb[i] = b[i].data();
            }
            assertThat(relativeL2(fb, fa)).isLessThan(0.05);
        }
    }

    static double relativeL2(float[][] a, float[][] ref) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                num += (a[i][j] - ref[i][j]) * (a[i][j] - ref[i][j]);
                den += ref[i][j] * ref[i][j];
            }
        }
        return Math.sqrt(num / den);
    }

    @Test
    void saveThenLoadGivesIdenticalEncodings(@TempDir Path tmp) {
        Path dir = tmp.resolve("model");
        model.save(dir);
        float[][] before = model.encode(data.subList(0, 10));
        try (TrainedAutoencoder loaded = TrainedAutoencoder.load(dir)) {
            assertThat(loaded.encode(data.subList(0, 10))).isDeepEqualTo(before);
            assertThat(loaded.config()).isEqualTo(model.config());
            assertThat(loaded.normalization()).isEqualTo(model.normalization());
            assertThat(loaded.history()).isEqualTo(model.history());
            Volume[] a = model.decode(before);
            Volume[] b = loaded.decode(before);
            assertThat(b[0].data()).containsExactly(a[0].data());
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> model.save(dir))
                .hasMessageContaining("exists");
        model.save(dir, true);
    }
}
