package org.cryomine.nn;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cryomine.core.CryomineException;
import org.cryomine.core.Flips;
import org.cryomine.core.Volume;

/** Implements {@link Edss3d#fit}. */
final class EdssTraining {

    private EdssTraining() {
    }

    static TrainedEdss3d fit(Edss3d cfg, List<Volume> givenImages, List<Volume> givenLabels, ExamplePool pool,
            TrainingListener listener, Path ckpt) {
        int margin = contextMargin(cfg, givenImages, givenLabels);
        // with context, normalization and validation see the boxes at their centres, training a moved box each epoch
        List<Volume> images = margin == 0 ? givenImages : centres(givenImages, cfg, margin);
        List<Volume> labels = margin == 0 ? givenLabels : centres(givenLabels, cfg, margin);
        Normalization norm = Batches.scan(images, cfg.boxX(), cfg.boxY(), cfg.boxZ(), Normalization.Mode.DATASET,
                "image");
        checkLabels(cfg, images, labels);
        int[] firstOf = firstCopies(givenImages, pool);
        int[][] split = Trainer.split(firstOf, cfg.validationFraction(), cfg.seed());
        boolean[] validating = new boolean[firstOf.length];
        for (int item : split[1]) {
            validating[item] = true;
        }
        ExamplePool.Items itemImages = pool.items(givenImages.size(), validating, cfg.seed());
        EdssNet net = new EdssNet(cfg, true, false);
        try {
            net.initialize(cfg.seed());
            int vox = cfg.boxX() * cfg.boxY() * cfg.boxZ();
            Trainer.Task task = new Trainer.Task() {
                @Override
                public float train(int epoch, int[] trainingItems) {
                    int[] items = imagesOf(itemImages, epoch, trainingItems);
                    if (!cfg.flipAugmentation() && cfg.shiftAugmentation() == 0) {
                        return net.trainStep(noisy(Batches.batch(images, items, norm, vox), items, epoch, cfg, vox),
                                labelBatch(labels, items, vox, cfg.numClasses()), shape(cfg, items.length));
                    }
                    List<Volume> movedImages = new ArrayList<>(items.length);
                    List<Volume> movedLabels = new ArrayList<>(items.length);
                    for (int item : items) {
                        Volume image = images.get(item);
                        Volume label = labels.get(item);
                        int n = cfg.shiftAugmentation();
                        if (n > 0) {
                            long h = AutoencoderTraining.mix(cfg.seed() ^ SHIFT_SALT, epoch, item);
                            int dx = shiftOf(h, 0, n);
                            int dy = shiftOf(h, 1, n);
                            int dz = shiftOf(h, 2, n);
                            if (margin > 0) { // the box around a moved centre, from the context given
                                image = givenImages.get(item).crop(n - dx, n - dy, n - dz, cfg.boxX(), cfg.boxY(),
                                        cfg.boxZ());
                                label = givenLabels.get(item).crop(n - dx, n - dy, n - dz, cfg.boxX(), cfg.boxY(),
                                        cfg.boxZ());
                            } else {
                                image = shifted(image, dx, dy, dz, (float) image.statistics().mean());
                                label = shifted(label, dx, dy, dz, Edss3d.UNKNOWN);
                            }
                        }
                        if (cfg.flipAugmentation()) {
                            int flip = AutoencoderTraining.flipOf(cfg.seed(), epoch, item);
                            image = Flips.apply(image, flip);
                            label = Flips.apply(label, flip);
                        }
                        movedImages.add(image);
                        movedLabels.add(label);
                    }
                    int[] order = AutoencoderTraining.sequence(items.length);
                    return net.trainStep(noisy(Batches.batch(movedImages, order, norm, vox), items, epoch, cfg, vox),
                            labelBatch(movedLabels, order, vox, cfg.numClasses()), shape(cfg, items.length));
                }

                @Override
                public double validate(int[] validationItems) {
                    int[] items = imagesOf(itemImages, 1, validationItems);
                    return net.evaluate(Batches.batch(images, items, norm, vox),
                            labelBatch(labels, items, vox, cfg.numClasses()),
                            shape(cfg, items.length));
                }
            };
            ObjectNode fp = Json.MAPPER.createObjectNode();
            ObjectNode config = Json.MAPPER.valueToTree(cfg);
            config.remove("threads"); // the thread count does not change what training computes
            fp.set("config", config);
            fp.set("normalization", Json.MAPPER.valueToTree(norm));
            fp.put("images", images.size());
            if (!pool.isEmpty()) {
                fp.set("pool", Json.MAPPER.valueToTree(pool));
            }
            TrainingHistory h = Trainer.run(net, task, firstOf, new Trainer.Settings(cfg.batchSize(),
                    cfg.maxEpochs(), cfg.patience(), cfg.validationFraction(), cfg.seed(), cfg.weightAveraging()),
                    listener, ckpt, fp);
            return new TrainedEdss3d(cfg, norm, h, net);
        } catch (RuntimeException | Error e) {
            net.close();
            throw e;
        }
    }

    /**
     * 0 when the images are boxes; {@link Edss3d#shiftAugmentation()} when every image and label volume holds that
     * many voxels of context beyond the box on each side; otherwise an error that says which image is wrong.
     */
    static int contextMargin(Edss3d cfg, List<Volume> images, List<Volume> labels) {
        int n = cfg.shiftAugmentation();
        if (n == 0 || images == null || images.isEmpty() || images.get(0) == null
                || images.get(0).nx() != cfg.boxX() + 2 * n) {
            return 0; // boxes, checked as such by the callers
        }
        for (int i = 0; i < images.size(); i++) {
            for (Volume v : new Volume[] {images.get(i), labels == null || i >= labels.size() ? null : labels.get(i)}) {
                if (v == null || v.nx() != cfg.boxX() + 2 * n || v.ny() != cfg.boxY() + 2 * n
                        || v.nz() != cfg.boxZ() + 2 * n) {
                    throw new CryomineException("image or label volume " + i + " is "
                            + (v == null ? "missing" : v.nx() + " x " + v.ny() + " x " + v.nz())
                            + ", but the first image holds " + n + " voxels of context around the box ("
                            + (cfg.boxX() + 2 * n) + " x " + (cfg.boxY() + 2 * n) + " x " + (cfg.boxZ() + 2 * n)
                            + "); give every image and label volume that size, or all the box's");
                }
            }
        }
        return n;
    }

    /** The box at the centre of each volume of {@code vols} (not modified), {@code margin} voxels in from each face. */
    private static List<Volume> centres(List<Volume> vols, Edss3d cfg, int margin) {
        List<Volume> out = new ArrayList<>(vols.size());
        for (Volume v : vols) {
            out.add(v.crop(margin, margin, margin, cfg.boxX(), cfg.boxY(), cfg.boxZ()));
        }
        return out;
    }

    /**
     * For each image, the index of the first image that is the same object (a repeated example: the same
     * {@link Volume} given twice), so repeats fall on the same side of the validation split.
     */
    static int[] firstCopies(List<Volume> images) {
        return firstCopies(images, ExamplePool.NONE);
    }

    /**
     * {@link #firstCopies(List)} of the training items with {@code pool}: the images outside it in their order, then
     * its slots, each its own example.
     */
    static int[] firstCopies(List<Volume> images, ExamplePool pool) {
        java.util.IdentityHashMap<Volume, Integer> first = new java.util.IdentityHashMap<>();
        boolean[] pooled = pool.pooledOf(images.size());
        int[] out = new int[pool.itemsOf(images.size())];
        int item = 0;
        for (int i = 0; i < images.size(); i++) {
            if (!pooled[i]) {
                Integer earlier = first.putIfAbsent(images.get(i), item);
                out[item] = earlier == null ? item : earlier;
                item++;
            }
        }
        for (; item < out.length; item++) {
            out[item] = item;
        }
        return out;
    }

    /** The images the items stand for in {@code epoch}. */
    private static int[] imagesOf(ExamplePool.Items itemImages, int epoch, int[] items) {
        int[] out = new int[items.length];
        for (int i = 0; i < items.length; i++) {
            out[i] = itemImages.image(epoch, items[i]);
        }
        return out;
    }

    /** Salt of the noise's hash, so an item's noise does not follow from its flip or shift. */
    private static final long NOISE_SALT = 0x2545F4914F6CDD1DL;

    /**
     * {@code batch} (normalised boxes of {@code vox} voxels, the i-th from image {@code items[i]}) with
     * {@link Edss3d#noiseAugmentation()}'s noise added and the spread restored, in place; as it is when that is 0.
     * Seeded by the seed, the epoch and the image's index.
     */
    static float[] noisy(float[] batch, int[] items, int epoch, Edss3d cfg, int vox) {
        double most = cfg.noiseAugmentation();
        if (most == 0) {
            return batch;
        }
        float[] noise = new float[vox];
        for (int i = 0; i < items.length; i++) {
            java.util.SplittableRandom random = new java.util.SplittableRandom(
                    AutoencoderTraining.mix(cfg.seed() ^ NOISE_SALT, epoch, items[i]));
            double sigma = most * random.nextDouble();
            float scale = (float) (1 / Math.sqrt(1 + sigma * sigma));
            org.cryomine.core.stats.NormalDeviates.fill(noise, 0, vox, random);
            for (int k = 0; k < vox; k++) {
                int at = i * vox + k;
                batch[at] = (float) ((batch[at] + sigma * noise[k]) * scale);
            }
        }
        return batch;
    }

    /** Salt of the shifts' hash, so an item's shift does not follow from its flip. */
    private static final long SHIFT_SALT = 0x5DEECE66DL;

    /** The shift along axis {@code axis} (0 x, 1 y, 2 z), -n..n, from bits 16*axis.. of {@code h}. */
    static int shiftOf(long h, int axis, int n) {
        return (int) (((h >>> (16 * axis)) & 0xFFFF) % (2 * n + 1)) - n;
    }

    /**
     * A new volume: {@code v} (not modified) moved by (dx, dy, dz) voxels, so that out(x, y, z) = v(x - dx, y - dy,
     * z - dz); voxels that come from outside {@code v} take {@code fill}.
     */
    static Volume shifted(Volume v, int dx, int dy, int dz, float fill) {
        int nx = v.nx();
        int ny = v.ny();
        int nz = v.nz();
        float[] src = v.data();
        float[] out = new float[src.length];
        java.util.Arrays.fill(out, fill);
        for (int z = Math.max(0, dz); z < Math.min(nz, nz + dz); z++) {
            for (int y = Math.max(0, dy); y < Math.min(ny, ny + dy); y++) {
                int from = Math.max(0, dx);
                int to = Math.min(nx, nx + dx);
                System.arraycopy(src, (from - dx) + nx * ((y - dy) + ny * (z - dz)), out, from + nx * (y + ny * z),
                        to - from);
            }
        }
        return Volume.wrap(out, nx, ny, nz, v.voxelSize(), v.origin());
    }

    static long[] shape(Edss3d cfg, int n) {
        return new long[] {n, cfg.boxZ(), cfg.boxY(), cfg.boxX()};
    }

    /** Class ids of a batch; {@link Edss3d#UNKNOWN} becomes {@code numClasses}, whose weight is 0. */
    static int[] labelBatch(List<Volume> labels, int[] items, int vox, int numClasses) {
        int[] out = new int[items.length * vox];
        for (int i = 0; i < items.length; i++) {
            float[] d = labels.get(items[i]).data();
            for (int k = 0; k < vox; k++) {
                int c = (int) d[k];
                out[i * vox + k] = c == Edss3d.UNKNOWN ? numClasses : c;
            }
        }
        return out;
    }

    private static void checkLabels(Edss3d cfg, List<Volume> images, List<Volume> labels) {
        if (labels == null || labels.size() != images.size()) {
            throw new CryomineException("there are " + images.size() + " images but "
                    + (labels == null ? "no" : String.valueOf(labels.size())) + " label volumes; give one label volume per image");
        }
        for (int i = 0; i < labels.size(); i++) {
            Volume l = labels.get(i);
            if (l == null || l.nx() != cfg.boxX() || l.ny() != cfg.boxY() || l.nz() != cfg.boxZ()) {
                throw new CryomineException("label volume " + i + " is "
                        + (l == null ? "null" : l.nx() + " x " + l.ny() + " x " + l.nz())
                        + " but its image and the box are " + cfg.boxX() + " x " + cfg.boxY() + " x " + cfg.boxZ());
            }
            for (float f : l.data()) {
                if (!(f >= Edss3d.UNKNOWN && f < cfg.numClasses()) || f != Math.rint(f)) {
                    throw new CryomineException("label volume " + i + " holds " + f + ", not a class id in 0.."
                            + (cfg.numClasses() - 1) + " (0 = background) or " + Edss3d.UNKNOWN + " (unknown)");
                }
            }
        }
    }
}
