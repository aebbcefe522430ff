package org.cryomine.nn;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cryomine.core.CryomineException;
import org.cryomine.core.Volume;

/**
 * A trained EDSS3D network holding a TensorFlow session: close it (idempotent). Not thread-safe. Inputs are
 * read, never modified. The network is fully convolutional: {@link #probabilities(Volume)} accepts any size
 * (sizes that are not multiples of 4 are mirror-padded, then cropped back). Whole volumes run in one pass,
 * so tile large tomograms (a few hundred bytes of working memory per voxel with 32 filters).
 */
public final class TrainedEdss3d implements AutoCloseable {

    static final String FORMAT = "cryomine-edss3d";
    private static final int INFERENCE_BATCH = 8;

    private final Edss3d config;
    private final Normalization normalization;
    private final TrainingHistory history;
    private final EdssNet net;

    TrainedEdss3d(Edss3d config, Normalization normalization, TrainingHistory history, EdssNet net) {
        this.config = config;
        this.normalization = normalization;
        this.history = history;
        this.net = net;
    }

    public Edss3d config() {
        return config;
    }

    public Normalization normalization() {
        return normalization;
    }

    public TrainingHistory history() {
        return history;
    }

    /**
     * Class probabilities of every voxel.
     *
     * @return {@code numClasses} volumes of the input's shape, voxel size and origin; element c holds P(class c)
     */
    public Volume[] probabilities(Volume volume) {
        return probabilities(List.of(volume)).get(0);
    }

    /**
     * Class probabilities of several volumes of one shape, run in batches (faster than one at a time).
     *
     * @return per input, {@code numClasses} volumes
     */
    public List<Volume[]> probabilities(List<Volume> volumes) {
        if (volumes == null || volumes.isEmpty()) {
            throw new CryomineException("no volumes to segment");
        }
        Volume first = volumes.get(0);
        for (int i = 0; i < volumes.size(); i++) {
            Volume v = volumes.get(i);
            Checks.volume(v, first.nx(), first.ny(), first.nz(), "volume " + i + " (all must have one shape)");
        }
        int px = (first.nx() + 3) / 4 * 4;
        int py = (first.ny() + 3) / 4 * 4;
        int pz = (first.nz() + 3) / 4 * 4;
        int vox = px * py * pz;
        int n = config.numClasses();
        List<Volume[]> out = new ArrayList<>();
        for (int from = 0; from < volumes.size(); from += INFERENCE_BATCH) {
            int m = Math.min(INFERENCE_BATCH, volumes.size() - from);
            float[] buf = new float[m * vox];
            for (int i = 0; i < m; i++) {
                Batches.put(padded(volumes.get(from + i), px, py, pz), normalization, buf, i);
            }
            float[] p = net.probabilities(buf, new long[] {m, pz, py, px});
            for (int i = 0; i < m; i++) {
                Volume in = volumes.get(from + i);
                Volume[] classes = new Volume[n];
                for (int c = 0; c < n; c++) {
                    float[] d = new float[in.voxelCount()];
                    int k = 0;
                    for (int z = 0; z < in.nz(); z++) {
                        for (int y = 0; y < in.ny(); y++) {
                            int base = ((i * pz + z) * py + y) * px;
                            for (int x = 0; x < in.nx(); x++) {
                                d[k++] = p[(base + x) * n + c];
                            }
                        }
                    }
                    classes[c] = Volume.wrap(d, in.nx(), in.ny(), in.nz(), in.voxelSize(), in.origin());
                }
                out.add(classes);
            }
        }
        return out;
    }

    /** The most probable class of every voxel (0 = background), as a volume of class ids. */
    public Volume segment(Volume volume) {
        Volume[] p = probabilities(volume);
        float[] lab = new float[volume.voxelCount()];
        for (int k = 0; k < lab.length; k++) {
            int best = 0;
            for (int c = 1; c < p.length; c++) {
                if (p[c].data()[k] > p[best].data()[k]) {
                    best = c;
                }
            }
            lab[k] = best;
        }
        return Volume.wrap(lab, volume.nx(), volume.ny(), volume.nz(), volume.voxelSize(), volume.origin());
    }

    private static Volume padded(Volume v, int px, int py, int pz) {
        if (v.nx() == px && v.ny() == py && v.nz() == pz) {
            return v;
        }
        return Volume.fromFunction(px, py, pz, (x, y, z) -> v.get(Volume.reflect(x, v.nx()),
                Volume.reflect(y, v.ny()), Volume.reflect(z, v.nz())));
    }

    /** Saves to a new directory (fails if it exists); see {@link #save(Path, boolean)}. */
    public void save(Path dir) {
        save(dir, false);
    }

    /** Saves {@code model.json} and the weights' TensorFlow checkpoint, via a temporary directory and a rename. */
    public void save(Path dir, boolean overwrite) {
        ModelDirs.saveModel(dir, overwrite, FORMAT, config, normalization, history, net);
    }

    /** Loads a directory written by {@link #save}; another format or version gives a clear error. */
    public static TrainedEdss3d load(Path dir) {
        ModelDirs.Saved<Edss3d> saved = ModelDirs.loadModel(dir, FORMAT, Edss3d.class);
        return GraphNet.adopt(new EdssNet(saved.config(), false, false), net -> {
            net.restoreCheckpoint(saved.weights());
            return new TrainedEdss3d(saved.config(), saved.normalization(), saved.history(), net);
        });
    }

    /**
     * A copy of this model whose inference runs with oneDNN bfloat16 auto-mixed precision (convolutions in
     * bfloat16 on CPUs with AVX512_BF16 or AMX, float32 elsewhere): faster, at bfloat16 round-off (about 1%
     * relative; a test bounds it). This model is unchanged; close both.
     */
    public TrainedEdss3d withBfloat16Inference() {
        return GraphNet.adopt(new EdssNet(config, false, true), fast -> {
            fast.setWeights(net.weights());
            fast.snapshotBest();
            return new TrainedEdss3d(config, normalization, history, fast);
        });
    }

    /** The network's parameters in declaration order (copies), for tests that compare trainings bit for bit. */
    java.util.List<float[]> weights() {
        return net.weights();
    }

    /** Releases the TensorFlow graph and session; later calls do nothing. */
    @Override
    public void close() {
        net.close();
    }
}
