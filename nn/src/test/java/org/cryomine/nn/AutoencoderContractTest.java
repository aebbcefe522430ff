package org.cryomine.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cryomine.core.CryomineException;
import org.cryomine.core.ProgressListener;
import org.cryomine.core.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Determinism, resumption, and bad-input checks of the autoencoder on tiny sizes. */
class AutoencoderContractTest {

    static final int N = 8;

    private static Autoencoder3D.Builder tiny() {
        return Autoencoder3D.builder().boxSize(N).filters(4).codeSize(4).batchSize(4).threads(1).seed(11);
    }

    @Test
    void sameSeedGivesSameInitialWeightsAndFirstEpochLosses() {
        Autoencoder3D cfg = tiny().maxEpochs(1).build();
        try (AutoencoderNet a = new AutoencoderNet(cfg, true, false);
                AutoencoderNet b = new AutoencoderNet(cfg, true, false);
                AutoencoderNet c = new AutoencoderNet(tiny().seed(12).build(), true, false)) {
            a.initialize(11);
            b.initialize(11);
            c.initialize(12);
            List<float[]> wa = a.weights();
            List<float[]> wb = b.weights();
            for (int i = 0; i < wa.size(); i++) {
                assertThat(wb.get(i)).containsExactly(wa.get(i));
            }
            assertThat(c.weights().get(0)).isNotEqualTo(wa.get(0));
            // Glorot-uniform limits with 3D fans: enc1 fanIn 27, fanOut 27*4
            double limit = Math.sqrt(6.0 / (27 + 27 * 4));
            for (float w : wa.get(0)) {
                assertThat(Math.abs(w)).isLessThanOrEqualTo((float) limit);
            }
        }
        List<Volume> data = Phantoms.planesAndBlobs(24, N, 1);
        // Same seed, same thread count: the same training bit for bit (issue 19; DeterminismTest checks the weights).
        float[] first = new float[3];
        int[] k = {0};
        TrainingListener firstBatch = new TrainingListener() {
            @Override
            public void onBatch(int epoch, int batch, int batches, float loss) {
                if (batch == 1) {
                    first[k[0]++] = loss;
                }
            }
        };
        try (TrainedAutoencoder m1 = cfg.fit(data, firstBatch);
                TrainedAutoencoder m2 = cfg.fit(data, firstBatch);
                TrainedAutoencoder m3 = tiny().maxEpochs(1).seed(99).build().fit(data, firstBatch)) {
            assertThat(first[1]).isEqualTo(first[0]);
            assertThat(first[2]).isNotEqualTo(first[0]);
            assertThat(m2.history().losses()).containsExactly(m1.history().losses());
            assertThat(m2.history().validationLosses()).containsExactly(m1.history().validationLosses());
        }
    }

    @Test
    void cancelledTrainingResumesFromTheCheckpoint(@TempDir Path tmp) {
        List<Volume> data = Phantoms.planesAndBlobs(24, N, 2);
        Autoencoder3D cfg = tiny().maxEpochs(4).build();
        double[] full;
        List<float[]> fullWeights;
        try (TrainedAutoencoder m = cfg.fit(data, TrainingListener.NONE)) {
            full = m.history().validationLosses();
            fullWeights = m.weights();
        }
        Path ckpt = tmp.resolve("ckpt");
        StopAfterEpochs stopAfter2 = new StopAfterEpochs(2);
        assertThatThrownBy(() -> cfg.fit(data, stopAfter2, ckpt)).isInstanceOf(ProgressListener.CancelledException.class);
        assertThat(ckpt.resolve(Trainer.STATE_FILE)).exists();
        List<Integer> resumed = new ArrayList<>();
        try (TrainedAutoencoder m = cfg.fit(data, new TrainingListener() {
            @Override
            public void onEpoch(EpochResult r) {
                resumed.add(r.epoch());
            }
        }, ckpt)) {
            assertThat(resumed).containsExactly(3, 4);
            double[] v = m.history().validationLosses();
            assertThat(v).hasSize(4);
            // a resumed training is the uninterrupted one, bit for bit (checkpoints hold every variable)
            assertThat(v).containsExactly(full);
            for (int i = 0; i < fullWeights.size(); i++) {
                DeterminismTest.assertBitwiseEqual(fullWeights.get(i), m.weights().get(i), "parameter " + i);
            }
        }
        // other data: refused
        assertThatThrownBy(() -> cfg.fit(data.subList(0, 20), TrainingListener.NONE, ckpt))
                .isInstanceOf(CryomineException.class).hasMessageContaining("another");
    }

    /**
     * Training streams: a lazily generated list is read once for the normalization scan and then batch by
     * batch (each volume once per epoch), so only one batch of volumes need be in memory at a time.
     */
    @Test
    void trainingReadsALazyListBatchByBatch() {
        int n = 40;
        int[] reads = {0};
        List<Volume> lazy = new java.util.AbstractList<>() {
            @Override
            public Volume get(int i) {
                reads[0]++;
                return Phantoms.planesAndBlobs(1, N, 1000 + i).get(0);
            }

            @Override
            public int size() {
                return n;
            }
        };
        try (TrainedAutoencoder m = tiny().maxEpochs(2).build().fit(lazy, TrainingListener.NONE)) {
            assertThat(m.history().epochs()).hasSize(2);
        }
        assertThat(reads[0]).isEqualTo(n + 2 * n);
    }

    @Test
    void perSubvolumeNormalizationMakesCodesInvariantToEachSubvolumesScale() {
        List<Volume> data = Phantoms.planesAndBlobs(12, N, 4);
        try (TrainedAutoencoder m = tiny().maxEpochs(1).normalization(Normalization.Mode.PER_SUBVOLUME).build()
                .fit(data, TrainingListener.NONE)) {
            assertThat(m.normalization().mode()).isEqualTo(Normalization.Mode.PER_SUBVOLUME);
            Volume v = data.get(0);
            Volume scaled = v.copy();
            float[] d = scaled.data();
            for (int i = 0; i < d.length; i++) {
                d[i] = d[i] * 100 + 1000;
            }
            float[][] a = m.encode(List.of(v));
            float[][] b = m.encode(List.of(scaled));
            for (int j = 0; j < a[0].length; j++) {
                assertThat(b[0][j]).isCloseTo(a[0][j], org.assertj.core.data.Offset.offset(1e-3f + 1e-3f * Math.abs(a[0][j])));
            }
            // reconstruct maps back to each input's own units
            Volume r = m.reconstruct(List.of(scaled))[0];
            double mean = 0;
            for (float f : r.data()) {
                mean += f;
            }
            assertThat(mean / r.voxelCount()).isCloseTo(scaled.statistics().mean(), org.assertj.core.data.Offset.offset(50.0));
        }
    }

    @Test
    void badInputGetsClearErrors(@TempDir Path tmp) throws Exception {
        assertThatThrownBy(() -> tiny().boxSize(30).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("multiples of 4");
        assertThatThrownBy(() -> tiny().boxSize(8, 8, 6).build()).hasMessageContaining("multiples of 4");
        assertThatThrownBy(() -> tiny().validationFraction(1.5).build()).hasMessageContaining("validationFraction");
        Autoencoder3D cfg = tiny().maxEpochs(1).build();
        assertThatThrownBy(() -> cfg.fit(List.of(), TrainingListener.NONE)).isInstanceOf(CryomineException.class)
                .hasMessageContaining("no subvolume");
        List<Volume> data = new ArrayList<>(Phantoms.planesAndBlobs(4, N, 3));
        Volume nan = data.get(1).copy();
        nan.set(1, 2, 3, Float.NaN);
        data.set(1, nan);
        assertThatThrownBy(() -> cfg.fit(data, TrainingListener.NONE)).isInstanceOf(CryomineException.class)
                .hasMessageContaining("subvolume 1").hasMessageContaining("NaN");
        data.set(1, Volume.zeros(8, 8, 12));
        assertThatThrownBy(() -> cfg.fit(data, TrainingListener.NONE)).hasMessageContaining("8 x 8 x 12");
        assertThatThrownBy(() -> cfg.fit(List.of(Phantoms.planesAndBlobs(1, N, 3).get(0)), TrainingListener.NONE))
                .hasMessageContaining("at least 2");

        try (TrainedAutoencoder m = cfg.fit(Phantoms.planesAndBlobs(8, N, 3), TrainingListener.NONE)) {
            assertThatThrownBy(() -> m.decode(new float[][] {{1, 2}})).hasMessageContaining("code size is 4");
            Path dir = tmp.resolve("m");
            m.save(dir);
            ObjectNode json = (ObjectNode) Json.read(dir.resolve("model.json"));
            json.put("formatVersion", 99);
            Files.writeString(dir.resolve("model.json"), Json.MAPPER.writeValueAsString(json));
            assertThatThrownBy(() -> TrainedAutoencoder.load(dir)).isInstanceOf(CryomineException.class)
                    .hasMessageContaining("format version 99");
            assertThatThrownBy(() -> TrainedAutoencoder.load(tmp)).hasMessageContaining("not a cryomine model");
        }
    }
}
