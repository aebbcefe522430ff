package org.cryomine.cli.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import org.cryomine.core.CryomineException;
import org.cryomine.core.ProgressListener;
import org.cryomine.core.Volume;
import org.cryomine.nn.Edss3d;
import org.cryomine.nn.TrainedAutoencoder;
import org.cryomine.nn.TrainedEdss3d;
import org.cryomine.nn.TrainingListener;
import org.cryomine.segmentation.Flips;
import org.cryomine.segmentation.Selection;
import org.cryomine.segmentation.TrainingSet;
import org.cryomine.segmentation.WeakLabels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code cryomine train-seg}: weak labels from the selected clusters of a mined run (DESIGN.md step 7),
 * then Edss3d trained on them, saved as a {@link SegModel} directory.
 */
public final class SegmentationTraining {

    private static final Logger LOG = LoggerFactory.getLogger(SegmentationTraining.class);
    private static final int DECODE_BATCH = 256;
    private static final double MAX_CLASS_WEIGHT = 50;

    private SegmentationTraining() {
    }

    /** Trains and writes the model into {@code out} (which must not exist unless {@code overwrite}). */
    public static SegModel train(MinedRun run, Selection selection, SegTrainOptions options, Path out, boolean overwrite,
                                 ProgressListener progress, TrainingListener training) throws IOException {
        selection.requireClustersBelow(run.k());
        if (Files.exists(out) && !overwrite) {
            throw new CryomineException(out + " exists; pass --force to replace it");
        }
        RunManifest manifest = RunManifest.open(run.layout().root());
        String recorded = manifest.inputChecksum("tomogram").orElse("");
        if (!recorded.equals(RunManifest.sha256(run.tomogram()))) {
            throw new CryomineException(run.tomogram() + " changed since it was mined; rerun 'cryomine mine'");
        }
        int box;
        TrainingSet set;
        // the tomogram whole, or by region when it does not fit the heap (see TomogramAccess.AUTO)
        try (TomogramInput tomogram = TomogramInput.open(run.tomogram(), TomogramAccess.AUTO, run.layout().root(),
                TomogramAccess.defaultRegionMemory());
             TrainedAutoencoder ae = TrainedAutoencoder.load(run.layout().model())) {
            box = ae.config().boxX();
            // the boxes exactly as the autoencoder saw them, so each pairs with its decoding
            List<Volume> boxes = tomogram.boxes(run.centres(), box, run.poseNormalized(), run.contrast(), progress);
            List<Volume> decoded = decodeAll(ae, run.codes(), progress);
            set = new WeakLabels(selection, RunEmbedding.threshold(ae.normalization(), run.contrast(), options.level()),
                    options.background(), options.seed(), options.labelRadius(), options.dataSigma()).build(boxes, decoded, run.assignments());
        }
        double[] fractions = set.classFractions();
        LOG.info("weak labels: {} examples, class fractions {}", set.size(), java.util.Arrays.toString(fractions));
        Edss3d.Builder b = Edss3d.builder().numClasses(set.classes()).boxSize(box).filters(options.filters())
                .maxEpochs(options.epochs()).patience(options.patience()).seed(options.seed()).threads(options.threads())
                .fullResolutionSkip(options.skip());
        if (options.balanced()) {
            b.classWeights(balancedWeights(fractions));
        }
        List<Volume> images = options.flips() ? flipped(set.images()) : set.images();
        List<Volume> labels = options.flips() ? flipped(set.labels()) : set.labels();
        Path tmp = out.resolveSibling(out.getFileName() + ".part");
        deleteRecursively(tmp);
        Files.createDirectories(tmp);
        SegModel model = new SegModel(tmp, selection, options.level(), run.contrast(), box,
                manifest.parameters(MiningPipeline.Stage.PICK).map(p -> p.path("picker").asText()).orElse(""));
        try (TrainedEdss3d net = b.build().fit(images, labels, training)) {
            net.save(model.edss3d());
        }
        copyRecursively(run.layout().model(), model.autoencoder());
        Files.copy(run.layout().centroids(), model.centroids());
        model.writeDescription(options);
        deleteRecursively(out);
        Files.move(tmp, out);
        return new SegModel(out, selection, options.level(), run.contrast(), box, model.picker());
    }

    /**
     * Square roots of the inverse-frequency ratios, normalised so background has weight 1, capped. Full
     * inverse-frequency weights (about 45 for membranes in the demo) made the network over-predict the rare
     * classes: weighting the cross-entropy by w multiplies the learned posterior odds by about w, and dividing
     * the probabilities of such a network by the square root of its weights raised the demo's whole-mode
     * large-globule IoU from 0.56 to 0.64 (membrane 0.335 to 0.339). Training with the square root directly
     * has the same effect without a correction step.
     */
    static double[] balancedWeights(double[] fractions) {
        double[] w = new double[fractions.length];
        for (int c = 0; c < w.length; c++) {
            w[c] = fractions[c] > 0 ? Math.min(MAX_CLASS_WEIGHT, Math.sqrt(fractions[0] / fractions[c])) : 1;
        }
        w[0] = 1;
        return w;
    }

    private static List<Volume> decodeAll(TrainedAutoencoder ae, float[][] codes, ProgressListener progress) {
        List<Volume> out = new ArrayList<>(codes.length);
        for (int start = 0; start < codes.length; start += DECODE_BATCH) {
            progress.checkCancelled();
            float[][] batch = java.util.Arrays.copyOfRange(codes, start, Math.min(codes.length, start + DECODE_BATCH));
            out.addAll(List.of(ae.decode(batch)));
            progress.onProgress("decoding", out.size(), codes.length);
        }
        return out;
    }

    /** The eight axis flips of every volume, computed when asked for. */
    private static List<Volume> flipped(List<Volume> base) {
        return new AbstractList<>() {
            @Override
            public Volume get(int index) {
                return Flips.apply(base.get(index / Flips.COUNT), index % Flips.COUNT);
            }

            @Override
            public int size() {
                return base.size() * Flips.COUNT;
            }
        };
    }

    static void copyRecursively(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            List<Path> all = paths.sorted(java.util.Comparator.reverseOrder()).toList();
            for (Path p : all) {
                Files.delete(p);
            }
        }
    }
}
