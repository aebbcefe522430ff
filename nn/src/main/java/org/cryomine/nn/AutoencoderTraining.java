package org.cryomine.nn;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cryomine.core.Flips;
import org.cryomine.core.Volume;

/** Implements {@link Autoencoder3D#fit}. */
final class AutoencoderTraining {

    private AutoencoderTraining() {
    }

    /**
     * The axis flip ({@link Flips}, 0 to 7) of subvolume {@code item} in epoch {@code epoch}: a hash of the seed,
     * the epoch and the item, so a resumed training flips as an uninterrupted one.
     */
    static int flipOf(long seed, int epoch, int item) {
        return (int) (mix(seed, epoch, item) & (Flips.COUNT - 1));
    }

    /** A well-mixed 64-bit hash of the seed, the epoch and the item (for augmentations drawn per item and epoch). */
    static long mix(long seed, int epoch, int item) {
        long h = seed * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L + item * 0x94D049BB133111EBL;
        h ^= h >>> 31;
        h *= 0xD6E8FEB86659FD93L;
        h ^= h >>> 32;
        return h;
    }

    /** The indices 0 .. n-1, in order. */
    static int[] sequence(int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        return out;
    }

    /**
     * A copy of {@code batch} (boxes of {@code vox} voxels, one per item) with Gaussian noise of standard deviation
     * {@code sigma} added, drawn from the seed, the epoch and each box's item index, so a resumed training noises as
     * an uninterrupted one; {@code batch} is not modified.
     */
    static float[] noised(float[] batch, int[] items, int epoch, int vox, double sigma, long seed) {
        float[] out = batch.clone();
        for (int i = 0; i < items.length; i++) {
            java.util.SplittableRandom random = new java.util.SplittableRandom(mix(seed ^ NOISE_SALT, epoch, items[i]));
            for (int v = i * vox; v < (i + 1) * vox; v++) {
                out[v] += (float) (sigma * random.nextGaussian());
            }
        }
        return out;
    }

    /** Separates the noise's draws from the flips' (both hash the seed, the epoch and the item). */
    private static final long NOISE_SALT = 0x5DEECE66DL;

    static TrainedAutoencoder fit(Autoencoder3D cfg, List<Volume> boxes, TrainingListener listener, Path ckpt) {
        List<Volume> vols = InputSmoothing.of(boxes, cfg.inputSmoothing());
        Normalization norm = Batches.scan(vols, cfg.boxX(), cfg.boxY(), cfg.boxZ(), cfg.normalization(), "subvolume");
        Trainer.split(vols.size(), cfg.validationFraction(), cfg.seed());
        AutoencoderNet net = new AutoencoderNet(cfg, true, false);
        try {
            net.initialize(cfg.seed());
            int vox = net.boxVoxels();
            Trainer.Task task = new Trainer.Task() {
                @Override
                public float train(int epoch, int[] items) {
                    float[] batch;
                    if (!cfg.flipAugmentation()) {
                        batch = Batches.batch(vols, items, norm, vox);
                    } else {
                        List<Volume> flipped = new ArrayList<>(items.length);
                        for (int item : items) {
                            flipped.add(Flips.apply(vols.get(item), flipOf(cfg.seed(), epoch, item)));
                        }
                        batch = Batches.batch(flipped, sequence(items.length), norm, vox);
                    }
                    if (!(cfg.inputNoise() > 0)) {
                        return net.trainStep(batch, items.length);
                    }
                    return net.trainStep(noised(batch, items, epoch, vox, cfg.inputNoise(), cfg.seed()), batch,
                            items.length);
                }

                @Override
                public double validate(int[] items) {
                    return net.evaluate(Batches.batch(vols, items, norm, vox), items.length)[0];
                }
            };
            ObjectNode fp = Json.MAPPER.createObjectNode();
            ObjectNode config = Json.MAPPER.valueToTree(cfg);
            config.remove("threads"); // the thread count does not change what training computes
            fp.set("config", config);
            fp.set("normalization", Json.MAPPER.valueToTree(norm));
            fp.put("subvolumes", vols.size());
            TrainingHistory h = Trainer.run(net, task, vols.size(), new Trainer.Settings(cfg.batchSize(),
                    cfg.maxEpochs(), cfg.patience(), cfg.validationFraction(), cfg.seed(), cfg.weightAveraging()),
                    listener, ckpt, fp);
            return new TrainedAutoencoder(cfg, norm, h, net);
        } catch (RuntimeException | Error e) {
            net.close();
            throw e;
        }
    }
}
