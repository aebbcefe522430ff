package org.cryomine.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.cryomine.core.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The networks' moving average of the weights over the training steps ({@link Edss3d#weightAveraging()}, {@link Autoencoder3D#weightAveraging()}). */
class WeightAveragingTest {

    private static final int N = 16;

    @Test
    void theDecayWarmsUpAsTensorFlowsMovingAverageDoes() {
        // tf.train.ExponentialMovingAverage(decay, num_updates): decay = min(decay, (1 + n) / (10 + n))
        assertThat(Trainer.averageDecay(0.99, 1)).isCloseTo(2f / 11, within(1e-7f));
        assertThat(Trainer.averageDecay(0.99, 10)).isCloseTo(11f / 20, within(1e-7f));
        assertThat(Trainer.averageDecay(0.99, 5000)).isEqualTo(0.99f);
        assertThat(Trainer.averageDecay(0.5, 3)).as("(1 + 3) / (10 + 3) is below 0.5").isCloseTo(4f / 13, within(1e-7f));
        assertThat(Trainer.averageDecay(0.5, 20)).as("21 / 30 is above 0.5").isEqualTo(0.5f);
    }

    @Test
    void theAverageMovesTowardsTheWeightsAndStandsInForThemUntilPutBack() {
        Edss3d cfg = Edss3d.builder().numClasses(2).boxSize(N).filters(2).seed(1).threads(1).weightAveraging(0.9)
                .build();
        try (EdssNet net = new EdssNet(cfg, true, false)) {
            assertThat(net.averages()).isTrue();
            net.initialize(4);
            List<float[]> start = net.weights();
            List<float[]> later = new ArrayList<>();
            for (float[] w : start) {
                float[] v = new float[w.length];
                for (int i = 0; i < v.length; i++) {
                    v[i] = w[i] + 1 + i % 3;
                }
                later.add(v);
            }
            net.setWeights(later);
            net.updateAverage(0.75f); // average = 0.75 start + 0.25 later
            net.updateAverage(0.5f); // average = 0.5 (0.75 start + 0.25 later) + 0.5 later
            net.useAverage();
            List<float[]> averaged = net.weights();
            for (int p = 0; p < start.size(); p++) {
                for (int i = 0; i < start.get(p).length; i++) {
                    float expected = 0.375f * start.get(p)[i] + 0.625f * later.get(p)[i];
                    assertThat(averaged.get(p)[i]).isCloseTo(expected, within(1e-5f));
                }
            }
            net.useTrained();
            List<float[]> back = net.weights();
            for (int p = 0; p < start.size(); p++) {
                assertThat(back.get(p)).as("the trained weights, put back exactly").containsExactly(later.get(p));
            }
        }
        Edss3d off = Edss3d.builder().numClasses(2).boxSize(N).filters(2).build();
        try (EdssNet net = new EdssNet(off, true, false); EdssNet inference = new EdssNet(cfg, false, false)) {
            assertThat(net.averages()).as("off: no average").isFalse();
            assertThat(inference.averages()).as("an inference net needs none").isFalse();
        }
    }

    @Test
    void averagedTrainingIsReproducibleDiffersFromPlainTrainingAndIsSaved(@TempDir Path tmp) {
        Random r = new Random(2);
        List<Volume> images = new ArrayList<>();
        List<Volume> labels = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            float[] img = new float[N * N * N];
            float[] lab = new float[N * N * N];
            int cx = 5 + r.nextInt(6);
            for (int k = 0; k < img.length; k++) {
                int x = k % N;
                boolean in = Math.abs(x - cx) <= 1;
                img[k] = (float) ((in ? -1 : 0) + 0.5 * r.nextGaussian());
                lab[k] = in ? 1 : 0;
            }
            images.add(Volume.wrap(img, N, N, N));
            labels.add(Volume.wrap(lab, N, N, N));
        }
        Edss3d.Builder b = Edss3d.builder().numClasses(2).boxSize(N).filters(4).batchSize(4).maxEpochs(3).seed(5)
                .threads(1);
        Edss3d averaged = b.weightAveraging(0.9).build();
        float[] first;
        try (TrainedEdss3d m = averaged.fit(images, labels, TrainingListener.NONE);
             TrainedEdss3d plain = b.weightAveraging(0).build().fit(images, labels, TrainingListener.NONE)) {
            first = m.probabilities(images.get(0))[1].data();
            assertThat(plain.probabilities(images.get(0))[1].data()).as("the average is not the last weights")
                    .isNotEqualTo(first);
            assertThat(m.history().epochs()).hasSize(plain.history().epochs().size());
            m.save(tmp.resolve("m"));
        }
        try (TrainedEdss3d again = averaged.fit(images, labels, TrainingListener.NONE);
             TrainedEdss3d loaded = TrainedEdss3d.load(tmp.resolve("m"))) {
            assertThat(again.probabilities(images.get(0))[1].data()).as("same seed, same model").containsExactly(first);
            assertThat(loaded.probabilities(images.get(0))[1].data()).as("the averaged weights saved")
                    .containsExactly(first);
            assertThat(loaded.config().weightAveraging()).isEqualTo(0.9);
        }
    }

    @Test
    void theAutoencoderAveragesToo(@TempDir Path tmp) {
        List<Volume> boxes = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            boxes.add(Volume.gaussianNoise(N, N, N, 30 + i));
        }
        Autoencoder3D.Builder b = Autoencoder3D.builder().boxSize(N).codeSize(4).filters(4).linearCode(true).batchSize(4).maxEpochs(2)
                .seed(3).threads(1);
        Autoencoder3D averaged = b.weightAveraging(0.9).build();
        float[][] codes;
        try (TrainedAutoencoder m = averaged.fit(boxes, TrainingListener.NONE);
             TrainedAutoencoder plain = b.weightAveraging(0).build().fit(boxes, TrainingListener.NONE)) {
            codes = m.encode(boxes);
            assertThat(plain.encode(boxes)[0]).as("the average is not the last weights").isNotEqualTo(codes[0]);
            m.save(tmp.resolve("ae"));
        }
        try (TrainedAutoencoder again = averaged.fit(boxes, TrainingListener.NONE);
             TrainedAutoencoder loaded = TrainedAutoencoder.load(tmp.resolve("ae"))) {
            assertThat(again.encode(boxes)[0]).as("same seed, same codes").containsExactly(codes[0]);
            assertThat(loaded.encode(boxes)[0]).as("the averaged weights saved").containsExactly(codes[0]);
            assertThat(loaded.config().weightAveraging()).isEqualTo(0.9);
            assertThat(averaged.toBuilder().build()).as("toBuilder keeps it").isEqualTo(averaged);
        }
    }

    @Test
    void anAveragedTrainingResumedFromItsCheckpointIsTheUninterruptedOne(@TempDir Path tmp) {
        List<Volume> boxes = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            boxes.add(Volume.gaussianNoise(N, N, N, 50 + i));
        }
        Autoencoder3D cfg = Autoencoder3D.builder().boxSize(N).codeSize(4).filters(4).linearCode(true).batchSize(4)
                .maxEpochs(4).seed(8).threads(1).weightAveraging(0.8).build();
        double[] full;
        List<float[]> fullWeights;
        try (TrainedAutoencoder m = cfg.fit(boxes, TrainingListener.NONE)) {
            full = m.history().validationLosses();
            fullWeights = m.weights();
        }
        Path ckpt = tmp.resolve("ckpt");
        StopAfterEpochs stopAfter2 = new StopAfterEpochs(2);
        assertThatThrownBy(() -> cfg.fit(boxes, stopAfter2, ckpt))
                .isInstanceOf(org.cryomine.core.ProgressListener.CancelledException.class);
        try (TrainedAutoencoder m = cfg.fit(boxes, TrainingListener.NONE, ckpt)) {
            // the average and the trained weights are both in the checkpoint, so nothing of the first two epochs is lost
            assertThat(m.history().validationLosses()).containsExactly(full);
            for (int i = 0; i < fullWeights.size(); i++) {
                assertThat(m.weights().get(i)).as("parameter " + i).containsExactly(fullWeights.get(i));
            }
        }
    }

    @Test
    void aDecayOutsideZeroToOneIsRefused() {
        for (double d : new double[] {-0.1, 1, Double.NaN}) {
            assertThatThrownBy(() -> Edss3d.builder().weightAveraging(d).build())
                    .hasMessageContaining("weight averaging takes a decay per step in [0, 1)");
            assertThatThrownBy(() -> Autoencoder3D.builder().weightAveraging(d).build())
                    .hasMessageContaining("weight averaging takes a decay per step in [0, 1)");
        }
    }
}
