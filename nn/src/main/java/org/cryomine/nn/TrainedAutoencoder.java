package org.cryomine.nn;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.cryomine.core.CryomineException;
import org.cryomine.core.Flips;
import org.cryomine.core.Volume;

/**
 * A trained autoencoder holding a TensorFlow session (native memory): close it, or use try-with-resources;
 * {@link #close()} may be called twice. Not thread-safe. Volumes are read, never modified.
 */
public final class TrainedAutoencoder implements AutoCloseable {

    static final String FORMAT = "cryomine-autoencoder3d";
    private static final int INFERENCE_BATCH = 16;

    private final Autoencoder3D config;
    private final Normalization normalization;
    private final TrainingHistory history;
    private final AutoencoderNet net;

    TrainedAutoencoder(Autoencoder3D config, Normalization normalization, TrainingHistory history, AutoencoderNet net) {
        this.config = config;
        this.normalization = normalization;
        this.history = history;
        this.net = net;
    }

    /** The configuration it was trained with. */
    public Autoencoder3D config() {
        return config;
    }

    /** The input scaling learnt at fit and applied by encode/decode. */
    public Normalization normalization() {
        return normalization;
    }

    /** Loss and validation loss per epoch. */
    public TrainingHistory history() {
        return history;
    }

    /**
     * Codes of the given subvolumes (smoothed first where the configuration says so: {@link
     * Autoencoder3D#inputSmoothing()}).
     *
     * @param subvolumes boxes of the training box size with finite voxels; not modified
     * @return {@code float[n][codeSize]}
     */
    public float[][] encode(List<Volume> subvolumes) {
        Checks.volumes(subvolumes, config.boxX(), config.boxY(), config.boxZ(), "subvolume");
        List<Volume> seen = InputSmoothing.of(subvolumes, config.inputSmoothing());
        int n = subvolumes.size();
        int c = config.codeSize();
        float[][] out = new float[n][];
        for (int from = 0; from < n; from += INFERENCE_BATCH) {
            int m = Math.min(INFERENCE_BATCH, n - from);
            int[] items = new int[m];
            Arrays.setAll(items, i -> i);
            float[] codes = net.encode(Batches.batch(seen.subList(from, from + m), items, normalization,
                    net.boxVoxels()), m);
            for (int i = 0; i < m; i++) {
                out[from + i] = Arrays.copyOfRange(codes, i * c, (i + 1) * c);
            }
        }
        return out;
    }

    /**
     * Codes of the given subvolumes, averaged as {@code averaging} says: {@link CodeAveraging#NONE} is
     * {@link #encode(List)}; {@link CodeAveraging#FLIPS} the mean of the codes of each subvolume's eight axis
     * flips, equal for a subvolume and its flips. Mean codes need not decode to any one subvolume: decode the
     * plain codes for pictures and labels.
     *
     * @param subvolumes boxes of the training box size with finite voxels; not modified
     * @return {@code float[n][codeSize]}
     */
    public float[][] encode(List<Volume> subvolumes, CodeAveraging averaging) {
        return averaging == CodeAveraging.NONE ? encode(subvolumes) : encodeBoth(subvolumes, averaging).averaged();
    }

    /**
     * The subvolumes' own codes and their codes averaged as {@code averaging} says, in one pass: the flip average
     * reuses the own code as its unflipped term, so both cost eight encodings, not nine. Equal, bit for bit, to
     * {@link #encode(List)} and {@link #encode(List, CodeAveraging)}.
     *
     * @param subvolumes boxes of the training box size with finite voxels; not modified
     * @return the own codes and the averaged ones ({@code own} itself for {@link CodeAveraging#NONE}), each
     *         {@code float[n][codeSize]}
     */
    public Codes encodeBoth(List<Volume> subvolumes, CodeAveraging averaging) {
        float[][] own = encode(subvolumes);
        if (averaging == CodeAveraging.NONE) {
            return new Codes(own, own);
        }
        float[][] sum = new float[own.length][];
        for (int i = 0; i < own.length; i++) {
            sum[i] = own[i].clone();
        }
        for (int flip = 1; flip < Flips.COUNT; flip++) {
            int f = flip;
            float[][] codes = encode(new java.util.AbstractList<Volume>() {
                @Override
                public Volume get(int i) {
                    return Flips.apply(subvolumes.get(i), f);
                }

                @Override
                public int size() {
                    return subvolumes.size();
                }
            });
            for (int i = 0; i < codes.length; i++) {
                for (int j = 0; j < codes[i].length; j++) {
                    sum[i][j] += codes[i][j];
                }
            }
        }
        for (float[] row : sum) {
            for (int j = 0; j < row.length; j++) {
                row[j] /= Flips.COUNT;
            }
        }
        return new Codes(own, sum);
    }

    /**
     * Codes of a list of subvolumes: each one's own (decodable) code and the code clustering uses.
     *
     * @param own      {@code float[n][codeSize]}, the codes of the subvolumes as they are
     * @param averaged {@code float[n][codeSize]}, their averages ({@code own} itself when not averaged)
     */
    public record Codes(float[][] own, float[][] averaged) {
    }

    /**
     * Decodes codes into volumes of the box size. With DATASET normalization the values are in the training
     * data's units; with PER_SUBVOLUME they are in normalised units (z-scores), since a code does not carry
     * its subvolume's scale. Voxel size 1 Å, origin 0.
     *
     * @param codes {@code [n][codeSize]}, finite; not modified
     */
    public Volume[] decode(float[][] codes) {
        if (codes == null || codes.length == 0) {
            throw new CryomineException("no codes to decode");
        }
        int c = config.codeSize();
        for (int i = 0; i < codes.length; i++) {
            if (codes[i] == null || codes[i].length != c) {
                throw new CryomineException("code " + i + " has length " + (codes[i] == null ? "null" : codes[i].length)
                        + " but the model's code size is " + c);
            }
            for (float f : codes[i]) {
                if (!Float.isFinite(f)) {
                    throw new CryomineException("code " + i + " contains NaN or infinite values");
                }
            }
        }
        boolean dataset = normalization.mode() == Normalization.Mode.DATASET;
        float mean = dataset ? (float) normalization.mean() : 0f;
        float std = dataset ? (float) normalization.std() : 1f;
        int vox = net.boxVoxels();
        Volume[] out = new Volume[codes.length];
        for (int from = 0; from < codes.length; from += INFERENCE_BATCH) {
            int m = Math.min(INFERENCE_BATCH, codes.length - from);
            float[] flat = new float[m * c];
            for (int i = 0; i < m; i++) {
                System.arraycopy(codes[from + i], 0, flat, i * c, c);
            }
            float[] dec = net.decode(flat, m);
            for (int i = 0; i < m; i++) {
                float[] d = new float[vox];
                for (int k = 0; k < vox; k++) {
                    d[k] = dec[i * vox + k] * std + mean;
                }
                out[from + i] = Volume.wrap(d, config.boxX(), config.boxY(), config.boxZ());
            }
        }
        return out;
    }

    /**
     * Encodes and decodes each subvolume, returning volumes in each input's units (for PER_SUBVOLUME
     * normalization, each input's own mean and std are applied back), with the input's voxel size and origin.
     */
    public Volume[] reconstruct(List<Volume> subvolumes) {
        Volume[] dec = decode(encode(subvolumes));
        if (normalization.mode() == Normalization.Mode.PER_SUBVOLUME) {
            // each box's own scale as encode saw it: smoothed where the configuration says so
            List<Volume> seen = InputSmoothing.of(subvolumes, config.inputSmoothing());
            for (int i = 0; i < dec.length; i++) {
                double[] ms = Batches.own(seen.get(i));
                float[] d = dec[i].data();
                for (int k = 0; k < d.length; k++) {
                    d[k] = (float) (d[k] * ms[1] + ms[0]);
                }
            }
        }
        for (int i = 0; i < dec.length; i++) {
            Volume in = subvolumes.get(i);
            dec[i] = dec[i].withVoxelSize(in.voxelSize()).withOrigin(in.origin());
        }
        return dec;
    }

    /** Saves to a new directory (fails if it exists). */
    public void save(Path dir) {
        save(dir, false);
    }

    /**
     * Saves {@code model.json} and the weights' TensorFlow checkpoint to {@code dir}, written to a temporary
     * directory and renamed.
     *
     * @param overwrite replace an existing directory
     */
    public void save(Path dir, boolean overwrite) {
        ModelDirs.saveModel(dir, overwrite, FORMAT, config, normalization, history, net);
    }

    /** Loads a directory written by {@link #save}; an unknown format version gives a clear error. */
    public static TrainedAutoencoder load(Path dir) {
        ModelDirs.Saved<Autoencoder3D> saved = ModelDirs.loadModel(dir, FORMAT, Autoencoder3D.class);
        return GraphNet.adopt(new AutoencoderNet(saved.config(), false, false), net -> {
            net.restoreCheckpoint(saved.weights());
            return new TrainedAutoencoder(saved.config(), saved.normalization(), saved.history(), net);
        });
    }

    /**
     * A copy of this model whose inference runs with oneDNN bfloat16 auto-mixed precision (convolutions in
     * bfloat16 on CPUs with AVX512_BF16 or AMX, float32 elsewhere): faster, at bfloat16 round-off (about 1%
     * relative; a test bounds it). This model is unchanged; close both.
     */
    public TrainedAutoencoder withBfloat16Inference() {
        return GraphNet.adopt(new AutoencoderNet(config, false, true), fast -> {
            fast.setWeights(net.weights());
            fast.snapshotBest();
            return new TrainedAutoencoder(config, normalization, history, fast);
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
