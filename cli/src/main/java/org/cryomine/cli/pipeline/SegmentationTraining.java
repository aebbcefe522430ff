package org.cryomine.cli.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import org.cryomine.core.CryomineException;
import org.cryomine.core.Flips;
import org.cryomine.core.ProgressListener;
import org.cryomine.core.Volume;
import org.cryomine.nn.Edss3d;
import org.cryomine.nn.TrainedAutoencoder;
import org.cryomine.nn.TrainedEdss3d;
import org.cryomine.nn.TrainingListener;
import org.cryomine.segmentation.Selection;
import org.cryomine.segmentation.SphereCompletion;
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
    /** Voxels of sphere surface between the extra boxes that sphere completion adds. */
    static final double SPHERE_BOX_SPACING = 10;

    private SegmentationTraining() {
    }

    /**
     * Trains and writes the model into {@code out} (which must not exist unless {@code overwrite}), reading the
     * tomogram whole or by region as {@link TomogramAccess#AUTO} decides.
     */
    public static SegModel train(MinedRun run, Selection selection, SegTrainOptions options, Path out, boolean overwrite,
                                 ProgressListener progress, TrainingListener training) throws IOException {
        return train(run, selection, options, out, overwrite, TomogramAccess.AUTO, TomogramAccess.defaultRegionMemory(),
                progress, training);
    }

    /**
     * As {@link #train(MinedRun, Selection, SegTrainOptions, Path, boolean, ProgressListener, TrainingListener)},
     * reading the tomogram as {@code access} says, by region in slabs of about {@code regionMemory} bytes.
     */
    public static SegModel train(MinedRun run, Selection selection, SegTrainOptions options, Path out, boolean overwrite,
                                 TomogramAccess access, long regionMemory, ProgressListener progress,
                                 TrainingListener training) throws IOException {
        selection.requireClustersBelow(run.k());
        if (Files.exists(out) && !overwrite) {
            throw new CryomineException(out + " exists; pass --force to replace it");
        }
        RunManifest manifest = RunManifest.open(run.layout().root());
        String recorded = manifest.inputChecksum("tomogram").orElse("");
        if (!recorded.equals(RunManifest.sha256(run.tomogram()))) {
            throw new CryomineException(run.tomogram() + " changed since it was mined; rerun 'cryomine mine'");
        }
        int[] sphereLabels = sphereLabels(selection, options.sphereGroups());
        if (sphereLabels.length > 0 && run.poseNormalized()) {
            throw new CryomineException("--complete-spheres needs a run mined without --pose-normalize: the weak "
                    + "labels of pose-normalized boxes are not in the tomogram's frame");
        }
        if (sphereLabels.length > 0) {
            requireRoomForSphereMap(run.header().nx(), run.header().ny(), run.header().nz(),
                    Runtime.getRuntime().maxMemory());
        }
        // by region, the boxes are read from a scratch file that closes with the input: training happens inside
        try (TomogramInput tomogram = TomogramInput.open(run.tomogram(), access, run.layout().root(), regionMemory)) {
            int box;
            TrainingSet set;
            try (TrainedAutoencoder ae = TrainedAutoencoder.load(run.layout().model())) {
                box = ae.config().boxX();
                // the boxes exactly as the autoencoder saw them, so each pairs with its decoding
                List<Volume> boxes = tomogram.boxes(run.centres(), box, run.poseNormalized(), run.contrast(), progress);
                List<Volume> decoded = decodeAll(ae, run.codes(), progress);
                set = new WeakLabels(selection, RunEmbedding.threshold(ae.normalization(), run.contrast(),
                        options.level()), options.background(), options.seed(), options.labelRadius(),
                        options.dataSigma()).build(boxes, decoded, run.assignments());
            }
            if (sphereLabels.length > 0) {
                set = completeSpheres(set, run.centres(), new int[] {tomogram.nx(), tomogram.ny(), tomogram.nz()},
                        box, sphereLabels, options.labelRadius(), tomogram, run.contrast(), progress);
            }
            return fitAndSave(run, manifest, selection, options, box, set, out, training);
        }
    }

    /** Trains Edss3d on {@code set} and writes the model directory {@code out} (through a sibling ".part"). */
    private static SegModel fitAndSave(MinedRun run, RunManifest manifest, Selection selection,
                                       SegTrainOptions options, int box, TrainingSet set, Path out,
                                       TrainingListener training) throws IOException {
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
                manifest.parameters(MiningPipeline.Stage.PICK).map(p -> p.path("picker").asText()).orElse(""),
                run.codeAveraging());
        try (TrainedEdss3d net = b.build().fit(images, labels, training)) {
            net.save(model.edss3d());
        }
        copyRecursively(run.layout().model(), model.autoencoder());
        Files.copy(run.layout().centroids(), model.centroids());
        model.writeDescription(options);
        deleteRecursively(out);
        Files.move(tmp, out);
        return new SegModel(out, selection, options.level(), run.contrast(), box, model.picker(), run.codeAveraging());
    }

    /**
     * Sphere completion maps the labels over the whole tomogram (a float and a component id per voxel): a clear
     * error, before the map is allocated, when that would take more than half of the heap or more voxels than a
     * volume holds.
     */
    static void requireRoomForSphereMap(int nx, int ny, int nz, long maxHeap) {
        long voxels = (long) nx * ny * nz;
        long bytes = voxels * (Float.BYTES + Integer.BYTES);
        if (voxels > Integer.MAX_VALUE - 8 || bytes > maxHeap / 2) {
            throw new CryomineException(String.format(java.util.Locale.ROOT, "--complete-spheres maps the weak labels "
                    + "over the whole %dx%dx%d tomogram: %.1f GB, more than half of the %.1f GB Java heap allows; raise "
                    + "the heap (CRYOMINE_JAVA_OPTS=-Xmx...) or leave --complete-spheres out", nx, ny, nz, bytes / 1e9,
                    maxHeap / 1e9));
        }
    }

    /** The labels (group index + 1) of the named groups; a clear error for a name the selection lacks. */
    static int[] sphereLabels(Selection selection, List<String> names) {
        return names.stream().mapToInt(n -> selection.labelOfGroup(n, "--complete-spheres")).toArray();
    }

    /**
     * The weak labels of each group in {@code labels} completed as spheres ({@link SphereCompletion}): the
     * spheres' shells are painted into the examples, and boxes on the spheres where no example lies are added,
     * labelled from the shells alone, one every {@value #SPHERE_BOX_SPACING} voxels of surface.
     */
    private static TrainingSet completeSpheres(TrainingSet set, List<int[]> centres, int[] shape, int box,
                                               int[] labels, double labelRadius, TomogramInput tomogram,
                                               org.cryomine.core.pick.Contrast contrast, ProgressListener progress)
            throws IOException {
        SphereCompletion completion = SphereCompletion.forBox(box);
        List<int[]> used = new ArrayList<>();
        for (int source : set.sources()) {
            used.add(centres.get(source));
        }
        List<Volume> images = new ArrayList<>(set.images());
        List<Volume> labelled = new ArrayList<>();
        List<int[]> extra = new ArrayList<>();
        for (int label : labels) {
            List<SphereCompletion.Sphere> spheres = completion.fit(set, centres, shape, label);
            for (SphereCompletion.Sphere s : spheres) {
                LOG.info("label {}: sphere at ({}, {}, {}), radius {} voxels, RMS {}, coverage {}, {} voxels", label,
                        Math.round(s.centre().x()), Math.round(s.centre().y()), Math.round(s.centre().z()),
                        String.format(java.util.Locale.ROOT, "%.1f", s.radius()),
                        String.format(java.util.Locale.ROOT, "%.2f", s.rms()),
                        String.format(java.util.Locale.ROOT, "%.2f", s.coverage()), s.support());
            }
            set = SphereCompletion.paint(set, centres, shape, spheres, label);
            List<int[]> onSpheres = SphereCompletion.boxCentres(spheres, shape, box, used, SPHERE_BOX_SPACING);
            for (int[] c : onSpheres) {
                labelled.add(SphereCompletion.boxLabels(spheres, c, box, labelRadius, label));
            }
            used.addAll(onSpheres);
            extra.addAll(onSpheres);
            LOG.info("label {}: {} spheres completed, {} boxes added on them", label, spheres.size(), onSpheres.size());
        }
        if (extra.isEmpty()) {
            return set;
        }
        images.addAll(tomogram.boxes(extra, box, false, contrast, progress));
        List<Volume> allLabels = new ArrayList<>(set.labels());
        allLabels.addAll(labelled);
        int[] sources = java.util.Arrays.copyOf(set.sources(), images.size());
        for (int j = 0; j < extra.size(); j++) {
            sources[set.size() + j] = centres.size() + j; // past the run's centres: these boxes have no pick
        }
        return new TrainingSet(images, allLabels, set.classes(), sources);
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
