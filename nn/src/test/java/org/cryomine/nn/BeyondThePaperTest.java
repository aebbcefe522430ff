package org.cryomine.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.cryomine.core.Flips;
import org.cryomine.core.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The options that go beyond the paper's networks: Edss3d's full-resolution skip connection and flip augmentation, and the
 * autoencoder's centre-weighted reconstruction loss, axis-flip augmentation, flip-averaged codes, input noise and input smoothing.
 */
class BeyondThePaperTest {

    private static final int N = 16;

    /** {image, labels}: a dense slab 1.5 voxels thick at a random orientation and offset, in noise. */
    private static Volume[] slab(Random r) {
        double[] n = {r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
        double len = Math.sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
        double offset = (N - 1) / 2.0 + 4 * (r.nextDouble() - 0.5);
        float[] img = new float[N * N * N];
        float[] lab = new float[N * N * N];
        for (int z = 0; z < N; z++) {
            for (int y = 0; y < N; y++) {
                for (int x = 0; x < N; x++) {
                    int i = x + N * (y + N * z);
                    double d = ((x - offset) * n[0] + (y - offset) * n[1] + (z - offset) * n[2]) / len;
                    boolean in = Math.abs(d) <= 0.75;
                    img[i] = (float) ((in ? -1 : 0) + 0.4 * r.nextGaussian());
                    lab[i] = in ? 1 : 0;
                }
            }
        }
        return new Volume[] {Volume.wrap(img, N, N, N), Volume.wrap(lab, N, N, N)};
    }

    private static double slabIou(boolean skip) {
        Random r = new Random(3);
        List<Volume> images = new ArrayList<>();
        List<Volume> labels = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            Volume[] s = slab(r);
            images.add(s[0]);
            labels.add(s[1]);
        }
        Edss3d cfg = Edss3d.builder().numClasses(2).boxSize(N).filters(8).batchSize(4).learningRate(3e-3f).maxEpochs(15)
                .seed(1).threads(2).fullResolutionSkip(skip).build();
        try (TrainedEdss3d m = cfg.fit(images, labels, TrainingListener.NONE)) {
            return foregroundIou(m, () -> slab(r));
        }
    }

    /** IoU of class 1 over eight {image, labels} examples drawn from {@code examples}, segmented by {@code m}. */
    private static double foregroundIou(TrainedEdss3d m, java.util.function.Supplier<Volume[]> examples) {
        long inter = 0;
        long union = 0;
        for (int t = 0; t < 8; t++) {
            Volume[] s = examples.get();
            float[] p = m.segment(s[0]).data();
            float[] g = s[1].data();
            for (int k = 0; k < p.length; k++) {
                inter += p[k] == 1 && g[k] == 1 ? 1 : 0;
                union += p[k] == 1 || g[k] == 1 ? 1 : 0;
            }
        }
        return inter / (double) union;
    }

    @Test
    void theSkipConnectionSegmentsThinSlabsBetterThanThePapersNetwork() {
        double paper = slabIou(false);
        double skip = slabIou(true);
        assertThat(skip).as("IoU of a 1.5-voxel slab with the skip connection (paper's network: %.3f)", paper)
                .isGreaterThan(0.5).isGreaterThan(paper + 0.05);
    }

    /** {image, labels}: a dense ball of radius 3 whose centre lies {@code side} voxels along x from the box centre. */
    private static Volume[] sideBall(Random r, double side) {
        double cx = (N - 1) / 2.0 + side + 0.5 * r.nextGaussian();
        double cy = (N - 1) / 2.0 + 2 * r.nextGaussian();
        double cz = (N - 1) / 2.0 + 2 * r.nextGaussian();
        Volume labels = Volume.fromFunction(N, N, N, (x, y, z) ->
                Math.pow(x - cx, 2) + Math.pow(y - cy, 2) + Math.pow(z - cz, 2) <= 9 ? 1f : 0f);
        float[] img = labels.data().clone();
        for (int i = 0; i < img.length; i++) {
            img[i] = (float) (-img[i] + 0.3 * r.nextGaussian());
        }
        return new Volume[] {Volume.wrap(img, N, N, N), labels};
    }

    /** IoU on balls at -x of a network trained only on balls at +x (their mirror images), with or without flips. */
    private static double mirroredBallIou(boolean flipAugmentation, Path save) {
        Random r = new Random(5);
        List<Volume> images = new ArrayList<>();
        List<Volume> labels = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            Volume[] s = sideBall(r, 4);
            images.add(s[0]);
            labels.add(s[1]);
        }
        Edss3d cfg = Edss3d.builder().numClasses(2).boxSize(N).filters(8).batchSize(4).learningRate(3e-3f).maxEpochs(15)
                .patience(15).seed(2).threads(2).classWeights(1, 5).fullResolutionSkip(true)
                .flipAugmentation(flipAugmentation).build();
        try (TrainedEdss3d m = cfg.fit(images, labels, TrainingListener.NONE)) {
            m.save(save);
            return foregroundIou(m, () -> sideBall(r, -4));
        }
    }

    @Test
    void flipAugmentationTeachesEdss3dTheMirrorImagesOfItsExamples(@TempDir Path tmp) {
        double plain = mirroredBallIou(false, tmp.resolve("plain"));
        double flipped = mirroredBallIou(true, tmp.resolve("flipped"));
        // labels flipped with their images: the mirrored balls are segmented (a mismatch would teach nothing)
        assertThat(flipped).as("IoU on -x balls with flips (without: %.3f)", plain).isGreaterThan(0.6)
                .isGreaterThan(plain + 0.1);
        try (TrainedEdss3d loaded = TrainedEdss3d.load(tmp.resolve("flipped"))) {
            assertThat(loaded.config().flipAugmentation()).as("saved with the model").isTrue();
        }
    }

    @Test
    void shiftsMoveTheContentAndFillWhatComesFromOutside() {
        Volume v = Volume.fromFunction(5, 4, 3, (x, y, z) -> x + 10 * y + 100 * z);
        Volume s = EdssTraining.shifted(v, 2, -1, 1, -7);
        for (int z = 0; z < 3; z++) {
            for (int y = 0; y < 4; y++) {
                for (int x = 0; x < 5; x++) {
                    int sx = x - 2;
                    int sy = y + 1;
                    int sz = z - 1;
                    boolean inside = sx >= 0 && sx < 5 && sy >= 0 && sy < 4 && sz >= 0 && sz < 3;
                    assertThat(s.get(x, y, z)).as("(%d, %d, %d)", x, y, z)
                            .isEqualTo(inside ? v.get(sx, sy, sz) : -7f);
                }
            }
        }
        int[] seen = new int[7];
        for (int item = 0; item < 700; item++) {
            long h = AutoencoderTraining.mix(3, 1, item);
            for (int axis = 0; axis < 3; axis++) {
                seen[EdssTraining.shiftOf(h, axis, 3) + 3]++;
            }
        }
        for (int d = -3; d <= 3; d++) {
            assertThat(seen[d + 3]).as("shift %d drawn about 300 times", d).isBetween(220, 380);
        }
        assertThatThrownBy(() -> Edss3d.builder().boxSize(16).shiftAugmentation(8).build())
                .hasMessageContaining("less than half the box edge");
    }

    @Test
    void shiftedTrainingIsReproducibleAndSaved(@TempDir Path tmp) {
        Random r = new Random(6);
        List<Volume> images = new ArrayList<>();
        List<Volume> labels = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Volume[] s = sideBall(r, 0);
            images.add(s[0]);
            labels.add(s[1]);
        }
        Edss3d cfg = Edss3d.builder().numClasses(2).boxSize(N).filters(4).batchSize(4).maxEpochs(2).seed(3).threads(2)
                .shiftAugmentation(3).flipAugmentation(true).noiseAugmentation(0.5).build();
        float[] first;
        try (TrainedEdss3d m = cfg.fit(images, labels, TrainingListener.NONE)) {
            first = m.probabilities(images.get(0))[1].data();
            m.save(tmp.resolve("m"));
        }
        try (TrainedEdss3d again = cfg.fit(images, labels, TrainingListener.NONE);
             TrainedEdss3d loaded = TrainedEdss3d.load(tmp.resolve("m"))) {
            assertThat(again.probabilities(images.get(0))[1].data()).containsExactly(first);
            assertThat(loaded.config().shiftAugmentation()).isEqualTo(3);
            assertThat(loaded.config().noiseAugmentation()).isEqualTo(0.5);
        }
    }

    @Test
    void noiseAugmentationAddsSeededNoiseOfTheDrawnStrengthAndKeepsTheSpread() {
        int vox = 4096;
        int[] items = {0, 5, 9};
        float[] batch = new float[items.length * vox];
        Random r = new Random(11);
        for (int k = 0; k < batch.length; k++) {
            batch[k] = (float) r.nextGaussian(); // normalised images: spread 1
        }
        float[] clean = batch.clone();
        Edss3d off = Edss3d.builder().numClasses(2).boxSize(16).seed(4).build();
        assertThat(EdssTraining.noisy(batch.clone(), items, 1, off, vox)).as("0: off").containsExactly(clean);
        Edss3d cfg = Edss3d.builder().numClasses(2).boxSize(16).seed(4).noiseAugmentation(1.5).build();
        float[] once = EdssTraining.noisy(batch.clone(), items, 1, cfg, vox);
        assertThat(EdssTraining.noisy(batch.clone(), items, 1, cfg, vox)).as("seeded").containsExactly(once);
        assertThat(EdssTraining.noisy(batch.clone(), items, 2, cfg, vox)).as("drawn anew each epoch")
                .isNotEqualTo(once);
        for (int i = 0; i < items.length; i++) {
            double dot = 0;
            double squares = 0;
            for (int k = i * vox; k < (i + 1) * vox; k++) {
                dot += once[k] * (double) clean[k];
                squares += once[k] * (double) once[k];
            }
            // out = (x + sigma e) / sqrt(1 + sigma^2): spread 1, and x's share of it 1 / (1 + sigma^2) <= 1
            assertThat(squares / vox).as("spread kept").isCloseTo(1.0, within(0.08));
            double signal = dot / vox; // 1 / sqrt(1 + sigma^2), sigma in [0, 1.5]
            assertThat(signal).isBetween(1 / Math.sqrt(1 + 1.5 * 1.5) - 0.05, 1.0 + 0.05);
        }
        assertThatThrownBy(() -> Edss3d.builder().boxSize(16).noiseAugmentation(-1).build())
                .hasMessageContaining("noise augmentation");
    }

    @Test
    void imagesWithContextMoveTheBoxAsTheShiftDoesWithRealVoxels() {
        int n = 3;
        Volume big = Volume.gaussianNoise(N + 2 * n, N + 2 * n, N + 2 * n, 8);
        Volume centre = big.crop(n, n, n, N, N, N);
        int[][] moves = {{2, -1, 3}, {-3, 0, 1}, {0, 0, 0}};
        for (int[] d : moves) {
            Volume moved = big.crop(n - d[0], n - d[1], n - d[2], N, N, N);
            Volume filled = EdssTraining.shifted(centre, d[0], d[1], d[2], Float.NaN);
            for (int z = 0; z < N; z++) {
                for (int y = 0; y < N; y++) {
                    for (int x = 0; x < N; x++) {
                        float f = filled.get(x, y, z);
                        if (!Float.isNaN(f)) { // where the filling shift has data, the context crop has the same
                            assertThat(moved.get(x, y, z)).as("(%d, %d, %d)", x, y, z).isEqualTo(f);
                        }
                    }
                }
            }
        }
        Edss3d cfg = Edss3d.builder().numClasses(2).boxSize(N).shiftAugmentation(n).build();
        Volume label = Volume.zeros(N + 2 * n, N + 2 * n, N + 2 * n);
        assertThat(EdssTraining.contextMargin(cfg, List.of(big, big), List.of(label, label))).isEqualTo(n);
        assertThat(EdssTraining.contextMargin(cfg, List.of(centre), List.of(centre))).isZero();
        assertThatThrownBy(() -> EdssTraining.contextMargin(cfg, List.of(big, centre), List.of(label, label)))
                .hasMessageContaining("image or label volume 1 is 16 x 16 x 16").hasMessageContaining("context");
        assertThatThrownBy(() -> EdssTraining.contextMargin(cfg, List.of(big), List.of(centre)))
                .hasMessageContaining("volume 0 is 16 x 16 x 16");
    }

    @Test
    void trainingOnImagesWithContextIsReproducible() {
        int n = 3;
        Random r = new Random(6);
        List<Volume> images = new ArrayList<>();
        List<Volume> labels = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Volume[] s = sideBall(r, 0);
            Volume image = Volume.gaussianNoise(N + 2 * n, N + 2 * n, N + 2 * n, i);
            Volume label = Volume.filled(N + 2 * n, N + 2 * n, N + 2 * n, Edss3d.UNKNOWN);
            for (int z = 0; z < N; z++) {
                for (int y = 0; y < N; y++) {
                    for (int x = 0; x < N; x++) {
                        image.set(x + n, y + n, z + n, s[0].get(x, y, z));
                        label.set(x + n, y + n, z + n, s[1].get(x, y, z));
                    }
                }
            }
            images.add(image);
            labels.add(label);
        }
        Edss3d cfg = Edss3d.builder().numClasses(2).boxSize(N).filters(4).batchSize(4).maxEpochs(3).seed(3).threads(2)
                .shiftAugmentation(n).build();
        Volume box = images.get(0).crop(n, n, n, N, N, N);
        float[] first;
        try (TrainedEdss3d m = cfg.fit(images, labels, TrainingListener.NONE)) {
            first = m.probabilities(box)[1].data();
            assertThat(m.history().epochs()).isNotEmpty();
            assertThat(m.history().epochs().get(0).validationLoss()).isFinite();
        }
        try (TrainedEdss3d again = cfg.fit(images, labels, TrainingListener.NONE)) {
            assertThat(again.probabilities(box)[1].data()).containsExactly(first);
        }
    }

    @Test
    void theSkipConnectionIsSavedWithTheModel(@TempDir Path tmp) {
        Random r = new Random(4);
        List<Volume> images = new ArrayList<>();
        List<Volume> labels = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Volume[] s = slab(r);
            images.add(s[0]);
            labels.add(s[1]);
        }
        Edss3d cfg = Edss3d.builder().numClasses(2).boxSize(N).filters(2).maxEpochs(1).fullResolutionSkip(true).build();
        try (TrainedEdss3d m = cfg.fit(images, labels, TrainingListener.NONE)) {
            m.save(tmp.resolve("m"));
            try (TrainedEdss3d loaded = TrainedEdss3d.load(tmp.resolve("m"))) {
                assertThat(loaded.config().fullResolutionSkip()).isTrue();
                assertThat(loaded.probabilities(images.get(0))[1].data()).containsExactly(m.probabilities(images.get(0))[1].data());
            }
        }
    }

    @Test
    void centreWeightsHaveMeanOneAndPeakAtTheCentre() {
        float[][][][][] w = AutoencoderNet.centreWeights(8, 6, 4, 0.2);
        double sum = 0;
        float max = 0;
        for (float[][][] plane : w[0]) {
            for (float[][] row : plane) {
                for (float[] v : row) {
                    sum += v[0];
                    max = Math.max(max, v[0]);
                }
            }
        }
        assertThat(sum / (8 * 6 * 4)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(w[0][0][0][0][0]).isLessThan(w[0][2][3][4][0]);
        assertThat(w[0][0][0][0][0]).isEqualTo(w[0][3][5][7][0]); // symmetric about the centre
        assertThat(max).isGreaterThan(1f);
        assertThatThrownBy(() -> Autoencoder3D.builder().centreWeighting(-0.1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("centre weighting");
    }

    /** Mean squared reconstruction error inside the central 4^3 voxels divided by that of the rest. */
    private static double centreToRimError(double centreWeighting, List<Volume> vols) {
        Autoencoder3D cfg = Autoencoder3D.builder().boxSize(12).filters(4).codeSize(4).maxEpochs(6).seed(5).threads(2)
                .linearCode(true).centreWeighting(centreWeighting).build();
        try (TrainedAutoencoder ae = cfg.fit(vols, TrainingListener.NONE)) {
            assertThat(ae.config().centreWeighting()).isEqualTo(centreWeighting);
            Volume[] rec = ae.reconstruct(vols);
            double centre = 0;
            double rim = 0;
            long nc = 0;
            long nr = 0;
            for (int i = 0; i < rec.length; i++) {
                for (int z = 0; z < 12; z++) {
                    for (int y = 0; y < 12; y++) {
                        for (int x = 0; x < 12; x++) {
                            double d = rec[i].get(x, y, z) - vols.get(i).get(x, y, z);
                            if (x >= 4 && x < 8 && y >= 4 && y < 8 && z >= 4 && z < 8) {
                                centre += d * d;
                                nc++;
                            } else {
                                rim += d * d;
                                nr++;
                            }
                        }
                    }
                }
            }
            return (centre / nc) / (rim / nr);
        }
    }

    @Test
    void centreWeightingTradesRimErrorForCentreError() {
        List<Volume> vols = Phantoms.planesAndBlobs(48, 12, 9);
        double plain = centreToRimError(0, vols);
        double weighted = centreToRimError(0.1, vols);
        assertThat(weighted).as("centre/rim error ratio, plain loss %.3f", plain).isLessThan(plain);
    }

    @Test
    void eachEpochDrawsSeededFlipsSpreadOverAllEight() {
        int[] counts = new int[8];
        int changed = 0;
        for (int item = 0; item < 800; item++) {
            int f = AutoencoderTraining.flipOf(7, 1, item);
            counts[f]++;
            assertThat(AutoencoderTraining.flipOf(7, 1, item)).isEqualTo(f);
            changed += AutoencoderTraining.flipOf(7, 2, item) != f ? 1 : 0;
        }
        // 100 expected per flip; the binomial standard deviation is about 9.4
        for (int c : counts) {
            assertThat(c).isBetween(60, 140);
        }
        assertThat(changed).as("flips drawn anew in the next epoch (7/8 expected to change)").isBetween(620, 780);
    }

    @Test
    void inputNoiseIsSeededPerEpochAndBoxOfTheAskedStrengthAndLeavesTheBatchAlone() {
        int vox = 1000;
        float[] batch = new float[2 * vox];
        java.util.Arrays.fill(batch, vox, 2 * vox, 3f);
        float[] before = batch.clone();
        float[] a = AutoencoderTraining.noised(batch, new int[] {4, 9}, 1, vox, 0.5, 7);
        assertThat(batch).as("the clean batch is the loss's target: not modified").containsExactly(before);
        assertThat(AutoencoderTraining.noised(batch, new int[] {4, 9}, 1, vox, 0.5, 7)).containsExactly(a);
        // the same box in another slot of another batch gets the same noise; another epoch other noise
        float[] moved = AutoencoderTraining.noised(new float[vox], new int[] {4}, 1, vox, 0.5, 7);
        assertThat(java.util.Arrays.copyOf(a, vox)).containsExactly(moved);
        float[] next = AutoencoderTraining.noised(batch, new int[] {4, 9}, 2, vox, 0.5, 7);
        assertThat(next[0]).isNotEqualTo(a[0]);
        double sum = 0;
        double sumSq = 0;
        for (int v = vox; v < 2 * vox; v++) {
            double d = a[v] - 3;
            sum += d;
            sumSq += d * d;
        }
        // 1000 draws: the mean's standard error is 0.016, the spread's about 0.011
        assertThat(sum / vox).isCloseTo(0, within(0.06));
        assertThat(Math.sqrt(sumSq / vox)).isCloseTo(0.5, within(0.04));
        assertThatThrownBy(() -> Autoencoder3D.builder().inputNoise(-1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("input noise");
    }

    /** Mean squared error between the reconstructions of noised boxes and the boxes without the noise. */
    private static double denoisingError(double inputNoise, Path dir) {
        List<Volume> train = mirroredBlobsAndSlabs(64, new Random(3));
        Autoencoder3D cfg = Autoencoder3D.builder().boxSize(12).filters(4).codeSize(4).maxEpochs(40).patience(40).seed(5)
                .threads(2).linearCode(true).inputNoise(inputNoise).build();
        try (TrainedAutoencoder trained = cfg.fit(train, TrainingListener.NONE)) {
            trained.save(dir);
        }
        try (TrainedAutoencoder ae = TrainedAutoencoder.load(dir)) {
            assertThat(ae.config().inputNoise()).as("saved with the model").isEqualTo(inputNoise);
            List<Volume> clean = mirroredBlobsAndSlabs(32, new Random(8));
            double std = ae.normalization().std();
            Random r = new Random(2);
            List<Volume> noisy = clean.stream().map(v -> {
                float[] d = v.data().clone();
                for (int i = 0; i < d.length; i++) {
                    d[i] += (float) (std * r.nextGaussian());
                }
                return Volume.wrap(d, 12, 12, 12);
            }).toList();
            Volume[] rec = ae.reconstruct(noisy);
            double sum = 0;
            for (int i = 0; i < rec.length; i++) {
                for (int v = 0; v < rec[i].voxelCount(); v++) {
                    sum += Math.pow(rec[i].data()[v] - clean.get(i).data()[v], 2);
                }
            }
            return sum / (rec.length * 1728.0);
        }
    }

    @Test
    void inputNoiseTeachesTheAutoencoderToReconstructTheBoxWithoutItsNoise(@TempDir Path tmp) {
        double plain = denoisingError(0, tmp.resolve("plain"));
        double denoising = denoisingError(1, tmp.resolve("denoising"));
        assertThat(denoising).as("error against the clean boxes, trained without input noise %.4f", plain)
                .isLessThan(0.9 * plain); // measured 0.0141 against 0.0165
    }

    @Test
    void inputSmoothingIsTheGaussianFilterOfEachBoxAndLeavesTheBoxesAlone() {
        List<Volume> boxes = Phantoms.planesAndBlobs(3, 12, 4);
        float[] before = boxes.get(1).data().clone();
        List<Volume> seen = InputSmoothing.of(boxes, 1.5);
        assertThat(seen).hasSize(3);
        assertThat(seen.get(1).data()).containsExactly(org.cryomine.core.filter.GaussianFilter.of(1.5)
                .apply(boxes.get(1)).data());
        assertThat(boxes.get(1).data()).containsExactly(before);
        assertThat(InputSmoothing.of(boxes, 0)).isSameAs(boxes);
        assertThatThrownBy(() -> Autoencoder3D.builder().inputSmoothing(-1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("input smoothing");
    }

    @Test
    void aModelTrainedOnSmoothedBoxesSmoothsWhatItEncodesAndIsSavedSo(@TempDir Path tmp) throws Exception {
        List<Volume> train = Phantoms.planesAndBlobs(32, 12, 9);
        Autoencoder3D cfg = Autoencoder3D.builder().boxSize(12).filters(4).codeSize(4).maxEpochs(2).seed(5).threads(2)
                .linearCode(true).inputSmoothing(1).build();
        try (TrainedAutoencoder trained = cfg.fit(train, TrainingListener.NONE)) {
            trained.save(tmp.resolve("smoothing"));
        }
        // the same weights told not to smooth: they must be given the smoothed boxes to give the same codes
        Path plainDir = tmp.resolve("plain");
        java.nio.file.Files.createDirectories(plainDir);
        try (var files = java.nio.file.Files.walk(tmp.resolve("smoothing"))) {
            for (Path f : files.toList()) {
                Path to = plainDir.resolve(tmp.resolve("smoothing").relativize(f).toString());
                if (java.nio.file.Files.isDirectory(f)) {
                    java.nio.file.Files.createDirectories(to);
                } else {
                    java.nio.file.Files.copy(f, to);
                }
            }
        }
        // as a model saved before the two input options existed: neither field in its configuration
        Path json = plainDir.resolve(ModelDirs.MODEL_JSON);
        assertThat(java.nio.file.Files.readString(json)).contains("\"inputSmoothing\" : 1.0");
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(json.toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("config")).remove(List.of("inputSmoothing",
                "inputNoise"));
        Json.MAPPER.writeValue(json.toFile(), tree);
        List<Volume> boxes = Phantoms.planesAndBlobs(4, 12, 21);
        try (TrainedAutoencoder smoothing = TrainedAutoencoder.load(tmp.resolve("smoothing"));
                TrainedAutoencoder plain = TrainedAutoencoder.load(plainDir)) {
            assertThat(smoothing.config().inputSmoothing()).isEqualTo(1);
            assertThat(plain.config().inputSmoothing()).as("an older model: off").isZero();
            assertThat(plain.config().inputNoise()).isZero();
            float[][] codes = smoothing.encode(boxes);
            assertThat(plain.encode(InputSmoothing.of(boxes, 1))).isDeepEqualTo(codes);
            assertThat(plain.encode(boxes)[0]).isNotEqualTo(codes[0]);
        }
    }

    /** Mean squared reconstruction error of subvolumes with a dense blob on the -x side. */
    private static double mirroredError(boolean flips, Path dir) {
        // training subvolumes: a blob of random size always on the +x side; test subvolumes: on the -x side
        Random r = new Random(4);
        List<Volume> train = new ArrayList<>();
        List<Volume> mirrored = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            double radius = 1.5 + r.nextDouble();
            double cy = 5.5 + r.nextGaussian() * 0.5;
            train.add(Volume.fromFunction(12, 12, 12, (x, y, z) ->
                    Math.pow(x - 8.5, 2) + Math.pow(y - cy, 2) + Math.pow(z - 5.5, 2) < radius * radius ? -1f : 0f));
            mirrored.add(Volume.fromFunction(12, 12, 12, (x, y, z) ->
                    Math.pow(x - 2.5, 2) + Math.pow(y - cy, 2) + Math.pow(z - 5.5, 2) < radius * radius ? -1f : 0f));
        }
        Autoencoder3D cfg = Autoencoder3D.builder().boxSize(12).filters(4).codeSize(4).maxEpochs(8).seed(5).threads(2)
                .linearCode(true).flipAugmentation(flips).build();
        try (TrainedAutoencoder trained = cfg.fit(train, TrainingListener.NONE)) {
            trained.save(dir);
        }
        try (TrainedAutoencoder ae = TrainedAutoencoder.load(dir)) {
            assertThat(ae.config().flipAugmentation()).as("saved with the model").isEqualTo(flips);
            Volume[] rec = ae.reconstruct(mirrored);
            double sum = 0;
            for (int i = 0; i < rec.length; i++) {
                for (int v = 0; v < rec[i].voxelCount(); v++) {
                    sum += Math.pow(rec[i].data()[v] - mirrored.get(i).data()[v], 2);
                }
            }
            return sum / (rec.length * 1728.0);
        }
    }

    @Test
    void flipAugmentationReconstructsMirroredObjectsTheDataNeverShowed(@TempDir Path tmp) {
        double plain = mirroredError(false, tmp.resolve("plain"));
        double flipped = mirroredError(true, tmp.resolve("flipped"));
        assertThat(flipped).as("error on -x blobs, without flips %.4f", plain).isLessThan(0.8 * plain);
    }

    /** Blobs on the +x or -x side (one class seen in two mirror images) and slabs above or below the centre. */
    private static List<Volume> mirroredBlobsAndSlabs(int n, Random r) {
        List<Volume> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double side = i % 4 < 2 ? 3 : -3;
            double jitter = r.nextGaussian() * 0.4;
            if (i % 2 == 0) {
                out.add(Volume.fromFunction(12, 12, 12, (x, y, z) -> Math.pow(x - 5.5 - side - jitter, 2)
                        + Math.pow(y - 5.5, 2) + Math.pow(z - 5.5, 2) < 4 ? -1f : 0f));
            } else {
                out.add(Volume.fromFunction(12, 12, 12, (x, y, z) -> Math.abs(z - 5.5 - side - jitter) < 1 ? -1f : 0f));
            }
        }
        return out;
    }

    private static double distance(float[] a, float[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += Math.pow(a[j] - b[j], 2);
        }
        return Math.sqrt(s);
    }

    /** Mean distance between codes of one class over mean distance between classes (class = index parity). */
    private static double withinOverBetween(float[][] codes) {
        double within = 0;
        double between = 0;
        int nw = 0;
        int nb = 0;
        for (int i = 0; i < codes.length; i++) {
            for (int j = i + 1; j < codes.length; j++) {
                if ((i - j) % 2 == 0) {
                    within += distance(codes[i], codes[j]);
                    nw++;
                } else {
                    between += distance(codes[i], codes[j]);
                    nb++;
                }
            }
        }
        return (within / nw) / (between / nb);
    }

    @Test
    void flipAveragedCodesAreTheMeanOverTheFlipsAndGiveMirrorImagesOneCode() {
        List<Volume> train = mirroredBlobsAndSlabs(64, new Random(3));
        Autoencoder3D cfg = Autoencoder3D.builder().boxSize(12).filters(4).codeSize(4).maxEpochs(8).seed(5).threads(2)
                .linearCode(true).flipAugmentation(true).build();
        try (TrainedAutoencoder ae = cfg.fit(train, TrainingListener.NONE)) {
            List<Volume> test = mirroredBlobsAndSlabs(32, new Random(8));
            float[][] plain = ae.encode(test, CodeAveraging.NONE);
            assertThat(plain).isDeepEqualTo(ae.encode(test));
            float[][] averaged = ae.encode(test, CodeAveraging.FLIPS);
            // both at once (eight encodings instead of nine) give the codes of eight separate encodings summed in
            // flip order and divided by eight, bit for bit
            float[][] sum = ae.encode(test.stream().map(v -> Flips.apply(v, 0)).toList());
            for (int f = 1; f < Flips.COUNT; f++) {
                int flip = f;
                float[][] c = ae.encode(test.stream().map(v -> Flips.apply(v, flip)).toList());
                for (int i = 0; i < c.length; i++) {
                    for (int j = 0; j < c[i].length; j++) {
                        sum[i][j] += c[i][j];
                    }
                }
            }
            for (float[] row : sum) {
                for (int j = 0; j < row.length; j++) {
                    row[j] /= Flips.COUNT;
                }
            }
            TrainedAutoencoder.Codes both = ae.encodeBoth(test, CodeAveraging.FLIPS);
            assertThat(both.own()).isDeepEqualTo(plain);
            assertThat(both.averaged()).isDeepEqualTo(sum).isDeepEqualTo(averaged);
            assertThat(ae.encodeBoth(test, CodeAveraging.NONE).averaged()).isDeepEqualTo(plain);
            float[][] mean = new float[test.size()][4];
            for (int f = 0; f < Flips.COUNT; f++) {
                int flip = f;
                float[][] c = ae.encode(test.stream().map(v -> Flips.apply(v, flip)).toList());
                for (int i = 0; i < c.length; i++) {
                    for (int j = 0; j < 4; j++) {
                        mean[i][j] += c[i][j] / Flips.COUNT;
                    }
                }
                float[][] ofFlipped = ae.encode(test.stream().map(v -> Flips.apply(v, flip)).toList(), CodeAveraging.FLIPS);
                for (int i = 0; i < c.length; i++) {
                    assertThat(ofFlipped[i]).as("flip %d of subvolume %d", f, i).containsExactly(averaged[i], within(1e-4f));
                }
            }
            for (int i = 0; i < mean.length; i++) {
                assertThat(averaged[i]).containsExactly(mean[i], within(1e-5f));
            }
            // the classes are the parity of the index; each appears in two mirror images
            double plainRatio = withinOverBetween(plain);
            assertThat(withinOverBetween(averaged)).as("within/between-class distance, plain codes %.3f", plainRatio)
                    .isLessThan(0.8 * plainRatio);
        }
    }
}
