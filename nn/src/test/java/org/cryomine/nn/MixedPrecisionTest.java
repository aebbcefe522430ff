package org.cryomine.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.cryomine.core.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Explicit mixed precision ({@code mixedPrecision(true)}): bfloat16 layers on float32 master weights. TensorFlow
 * Java 1.1.0's CPU kernels exist in bfloat16 for every op of both networks and their gradients (Conv3D,
 * Conv3DBackpropInputV2/FilterV2, MatMul, BiasAdd(Grad), Relu(Grad), MaxPool3D(Grad), Pad, Slice, Pack,
 * Transpose, AddN; probed 2026-12-04), and unlike the automatic rewrite, the explicit one-channel first
 * convolution needs no padding to a second channel (bfloat16 round-off, relative error 0.3%, in the same probe).
 */
class MixedPrecisionTest {

    private static final List<Volume> BOXES = Phantoms.planesAndBlobs(48, 12, 5);

    private static Autoencoder3D.Builder small() {
        return Autoencoder3D.builder().boxSize(12).filters(6).codeSize(6).batchSize(8).threads(2).seed(21);
    }

    private static double relativeError(float[] expected, float[] actual) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < expected.length; i++) {
            num += (double) (actual[i] - expected[i]) * (actual[i] - expected[i]);
            den += (double) expected[i] * expected[i];
        }
        return Math.sqrt(num / den);
    }

    @Test
    void mixedAutoencoderTrainsSavesAndLoadsBitForBit(@TempDir Path tmp) {
        Autoencoder3D cfg = small().maxEpochs(6).mixedPrecision(true).build();
        double float32Loss;
        try (TrainedAutoencoder f = cfg.toBuilder().mixedPrecision(false).build().fit(BOXES, TrainingListener.NONE)) {
            float32Loss = f.history().bestValidationLoss();
        }
        try (TrainedAutoencoder m = cfg.fit(BOXES, TrainingListener.NONE)) {
            double[] losses = m.history().losses();
            assertThat(losses[losses.length - 1]).as("training loss falls").isLessThan(0.95 * losses[0]);
            // same seed and data in float32: 6 epochs reach the same validation loss within a few per cent
            assertThat(m.history().bestValidationLoss() / float32Loss).isBetween(0.95, 1.05);
            Path dir = tmp.resolve("ae");
            m.save(dir);
            JsonNode json = Json.read(dir.resolve(ModelDirs.MODEL_JSON));
            assertThat(json.get("config").get("mixedPrecision").asBoolean()).isTrue();
            try (TrainedAutoencoder loaded = TrainedAutoencoder.load(dir)) {
                assertThat(loaded.config().mixedPrecision()).isTrue();
                float[][] a = m.encode(BOXES);
                float[][] b = loaded.encode(BOXES);
                for (int i = 0; i < a.length; i++) {
                    DeterminismTest.assertBitwiseEqual(a[i], b[i], "code " + i);
                }
                DeterminismTest.assertBitwiseEqual(m.decode(a)[2].data(), loaded.decode(b)[2].data(), "decoded box 2");
            }
        }
    }

    @Test
    void mixedAutoencoderTrainedTwiceGivesBitwiseIdenticalWeights() {
        Autoencoder3D cfg = small().maxEpochs(2).mixedPrecision(true).build();
        try (TrainedAutoencoder a = cfg.fit(BOXES, TrainingListener.NONE);
                TrainedAutoencoder b = cfg.fit(BOXES, TrainingListener.NONE)) {
            List<float[]> wa = a.weights();
            List<float[]> wb = b.weights();
            for (int i = 0; i < wa.size(); i++) {
                DeterminismTest.assertBitwiseEqual(wa.get(i), wb.get(i), "parameter " + i);
            }
            assertThat(b.history().validationLosses()).containsExactly(a.history().validationLosses());
        }
    }

    @Test
    void mixedGraphsAgreeWithFloat32OnTheSameWeightsWithinBfloat16RoundOff() {
        Autoencoder3D cfg = small().boxSize(16).filters(8).mixedPrecision(true).build();
        List<Volume> boxes = Phantoms.planesAndBlobs(8, 16, 9);
        try (AutoencoderNet mixed = new AutoencoderNet(cfg, false, false);
                AutoencoderNet single = new AutoencoderNet(cfg.toBuilder().mixedPrecision(false).build(), false,
                        false)) {
            mixed.initialize(4);
            single.setWeights(mixed.weights());
            int[] items = {0, 1, 2, 3, 4, 5, 6, 7};
            float[] batch = Batches.batch(boxes, items, new Normalization(Normalization.Mode.PER_SUBVOLUME, 0, 1),
                    mixed.boxVoxels());
            float[] codeMixed = mixed.encode(batch, 8);
            float[] codeSingle = single.encode(batch, 8);
            // bfloat16 keeps 8 significant bits (relative round-off 2^-9 per value); a wrong kernel (as the
            // automatic rewrite's one-channel convolution, error ~0.95) is far above this bound
            assertThat(relativeError(codeSingle, codeMixed)).isBetween(1e-5, 0.03);
            assertThat(relativeError(single.decode(codeSingle, 8), mixed.decode(codeSingle, 8))).isBetween(1e-5, 0.03);
        }
        Edss3d.Builder eb = Edss3d.builder().numClasses(3).boxSize(Edss3dTest.N).filters(6).threads(2);
        Random r = new Random(5);
        Volume image = Edss3dTest.sample(r)[0];
        try (EdssNet mixed = new EdssNet(eb.mixedPrecision(true).build(), false, false);
                EdssNet single = new EdssNet(eb.mixedPrecision(false).build(), false, false)) {
            mixed.initialize(4);
            single.setWeights(mixed.weights());
            long n = Edss3dTest.N;
            float[] p32 = single.probabilities(image.data(), new long[] {1, n, n, n});
            float[] p16 = mixed.probabilities(image.data(), new long[] {1, n, n, n});
            assertThat(relativeError(p32, p16)).isBetween(1e-6, 0.03);
        }
    }

    @Test
    void mixedGradientsOfEveryParameterAgreeWithFloat32() {
        // after one Adam step the first moment is exactly (1 - beta1) * gradient: compare it per parameter. With
        // BiasAdd in bfloat16 the bias gradients were off by 60-97% (bfloat16 accumulation in BiasAddGrad)
        int n = 4;
        int s = 32;
        Random r = new Random(1);
        float[] x = new float[n * s * s * s];
        int[] y = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = r.nextInt(3);
            x[i] = (float) r.nextGaussian() + y[i];
        }
        Edss3d.Builder b = Edss3d.builder().numClasses(3).boxSize(s).threads(2);
        try (EdssNet single = new EdssNet(b.mixedPrecision(false).build(), true, false);
                EdssNet mixed = new EdssNet(b.mixedPrecision(true).build(), true, false)) {
            single.initialize(3);
            mixed.initialize(3);
            single.trainStep(x, y, new long[] {n, s, s, s});
            mixed.trainStep(x, y, new long[] {n, s, s, s});
            for (GraphNet.Param p : single.params()) {
                try (org.tensorflow.Result a = single.session().runner().fetch("adam_m_" + p.name()).run();
                        org.tensorflow.Result m = mixed.session().runner().fetch("adam_m_" + p.name()).run()) {
                    // measured 0.1-1.1% at this size (32^3, 32 filters); at 16^3 with 8 filters the gradients are
                    // smaller sums and bfloat16 rounding moves the first layers' by 9-15%
                    assertThat(relativeError(Tensors.read(a.get(0)), Tensors.read(m.get(0))))
                            .as("gradient of %s", p.name()).isLessThan(0.03);
                }
            }
        }
    }

    @Test
    void mixedEdssTrainsAndItsSavedModelReproducesItsProbabilities(@TempDir Path tmp) {
        Random r = new Random(3);
        List<Volume> images = new ArrayList<>();
        List<Volume> labels = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            Volume[] s = Edss3dTest.sample(r);
            images.add(s[0]);
            labels.add(s[1]);
        }
        Edss3d cfg = Edss3d.builder().numClasses(3).boxSize(Edss3dTest.N).filters(6).batchSize(4).maxEpochs(4)
                .threads(2).seed(8).mixedPrecision(true).build();
        try (TrainedEdss3d m = cfg.fit(images, labels, TrainingListener.NONE)) {
            double[] losses = m.history().losses();
            assertThat(losses[losses.length - 1]).as("training loss falls").isLessThan(0.8 * losses[0]);
            Path dir = tmp.resolve("edss");
            m.save(dir);
            try (TrainedEdss3d loaded = TrainedEdss3d.load(dir)) {
                assertThat(loaded.config().mixedPrecision()).isTrue();
                Volume[] pa = m.probabilities(images.get(0));
                Volume[] pb = loaded.probabilities(images.get(0));
                for (int c = 0; c < pa.length; c++) {
                    DeterminismTest.assertBitwiseEqual(pa[c].data(), pb[c].data(), "probability of class " + c);
                }
            }
        }
    }

    @Test
    void boxesUnder12AreRefusedWithTheReason() {
        // box 8: the quarter-resolution convolution sees 2 voxels, where the bfloat16 weight gradient is wrong
        // (training diverged to NaN at epoch 2 before this check)
        assertThatThrownBy(() -> small().boxSize(8).mixedPrecision(true).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 12");
        assertThatThrownBy(() -> Edss3d.builder().boxSize(32, 32, 8).mixedPrecision(true).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fewer than 3 voxels");
        assertThat(small().boxSize(8).build().mixedPrecision()).isFalse();
    }

    /** Relative L2 error of the bfloat16 weight gradient of a 3x3x3 SAME convolution over s^3 voxels, 6 channels. */
    private static double bfloat16FilterGradientError(int s) {
        Random r = new Random(1);
        float[] x = new float[8 * s * s * s * 6];
        float[] dy = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
            dy[i] = (float) r.nextGaussian();
        }
        try (org.tensorflow.Graph g = new org.tensorflow.Graph();
                org.tensorflow.Session session = new org.tensorflow.Session(g, GraphNet.config(2, false))) {
            org.tensorflow.op.Ops tf = org.tensorflow.op.Ops.create(g);
            var xp = tf.placeholder(org.tensorflow.types.TFloat32.class);
            var dp = tf.placeholder(org.tensorflow.types.TFloat32.class);
            var shape = tf.constant(new int[] {3, 3, 3, 6, 6});
            var single = tf.nn.conv3dBackpropFilter(xp, shape, dp, Layers.ONES5, "SAME");
            var bf = org.tensorflow.types.TBfloat16.class;
            var half = Layers.as(tf, tf.nn.conv3dBackpropFilter(Layers.as(tf, xp, bf), shape, Layers.as(tf, dp, bf),
                    Layers.ONES5, "SAME"), org.tensorflow.types.TFloat32.class);
            try (var xt = Tensors.floats(x, 8, s, s, s, 6);
                    var dt = Tensors.floats(dy, 8, s, s, s, 6);
                    var res = session.runner().feed(xp, xt).feed(dp, dt).fetch(single).fetch(half).run()) {
                return relativeError(Tensors.read(res.get(0)), Tensors.read(res.get(1)));
            }
        }
    }

    /**
     * Over 2 voxels the kernel's answer depends on the CPU and the run (garbage, relative error 0.8 to infinity, on the
     * AVX512_BF16 machines of 2026-12-04; 0.003 once on an AMX machine on 2026-12-07), so that case is not asserted
     * either way: boxes under 12 stay refused (the test above), and from 3 voxels the gradient must be right.
     */
    @Test
    void theBfloat16WeightGradientIsBfloat16RoundOffFromThreeVoxels() {
        assertThat(bfloat16FilterGradientError(3)).isLessThan(0.01);
        assertThat(bfloat16FilterGradientError(4)).isLessThan(0.01);
    }

    @Test
    void modelsSavedBeforeMixedPrecisionExistedLoadAsFloat32() throws Exception {
        ObjectNode ae = Json.MAPPER.valueToTree(small().build());
        ae.remove("mixedPrecision");
        assertThat(Json.MAPPER.treeToValue(ae, Autoencoder3D.class)).isEqualTo(small().build());
        ObjectNode edss = Json.MAPPER.valueToTree(Edss3d.builder().numClasses(3).build());
        edss.remove("mixedPrecision");
        assertThat(Json.MAPPER.treeToValue(edss, Edss3d.class).mixedPrecision()).isFalse();
    }
}
