package org.cryomine.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cryomine.core.Flips;
import org.cryomine.core.ProgressListener;
import org.cryomine.core.Vec3;
import org.cryomine.core.Volume;
import org.cryomine.core.metrics.GroundTruthClasses;
import org.cryomine.core.metrics.PickingMetrics;
import org.cryomine.core.metrics.SegmentationQuality;
import org.cryomine.core.metrics.MissingWedgeRecall;
import org.cryomine.core.simulate.ObjectClass;
import org.cryomine.core.simulate.SimulatedTomogram;
import org.cryomine.core.simulate.TomogramSimulator;
import org.cryomine.io.Volumes;
import org.cryomine.io.WriteOptions;
import org.cryomine.pipeline.BoxView;
import org.cryomine.pipeline.MinedRun;
import org.cryomine.pipeline.MiningPipeline;
import org.cryomine.pipeline.MiningSettings;
import org.cryomine.pipeline.PipelineListener;
import org.cryomine.pipeline.RunEmbedding;
import org.cryomine.pipeline.SegModel;
import org.cryomine.pipeline.SegmentSettings;
import org.cryomine.pipeline.Segmenter;
import org.cryomine.pipeline.SegmentationTraining;
import org.cryomine.segmentation.Selection;

/**
 * {@code cryomine demo}: the whole method on simulated tomograms with known ground truth. It simulates two
 * tomograms (one to mine, one to segment), mines the first with and without pose normalization, selects
 * the membrane and large-globule clusters from the ground truth (standing in for the person), embeds them,
 * trains Edss3d, segments the second tomogram in both modes, and measures everything against the truth.
 */
public final class Demo {

    /** Radius in voxels within which a pick takes the class of the label map (see {@link GroundTruthClasses}). */
    static final int TRUTH_RADIUS = 3;

    /** Largest tilt of the simulated tilt series, degrees (the simulator's default: a missing wedge about y). */
    static final double MAX_TILT = 60;

    private final DemoSettings settings;

    public Demo(DemoSettings settings) {
        this.settings = settings;
    }

    /** Runs the demo into {@code out}; returns the measured quality. */
    public DemoReport run(Path out, PipelineListener listener) throws IOException {
        SimulatedTomogram first = simulate(settings.seed(), out.resolve("tomo1"), listener);
        SimulatedTomogram second = simulate(settings.seed() + 1, out.resolve("tomo2"), listener);
        Path tomo1 = out.resolve("tomo1/tomogram.mrc");

        MiningSettings plain = settings.mining();
        MiningPipeline.Result run = MiningPipeline.of(plain).run(first.tomogram(), tomo1, out.resolve("run"), listener);
        int k = plain.k();
        long seed = plain.seed();
        int[] truth = truthClasses(first.labels(), run.centres());
        int membrane = ObjectClass.MEMBRANE.label();
        List<ClusteringScore> scores = new ArrayList<>();
        boolean averaged = run.clusteredCodes() != run.codes();
        if (averaged) {
            scores.add(ClusteringScore.of("autoencoder codes, flip-averaged", run.clusteredCodes(), truth, k, seed, membrane));
        }
        scores.add(ClusteringScore.of("autoencoder codes", run.codes(), truth, k, seed, membrane));
        List<Volume> boxes = new BoxView(first.tomogram(), run.centres(), settings.box());
        scores.add(ClusteringScore.of("PCA(32) of raw boxes", ClusteringScore.pcaOfRawBoxes(boxes, 32, seed),
                truth, k, seed, membrane));
        if (averaged) {
            // the baseline given the same invariance, to show what the autoencoder adds to the flips
            List<Volume> flipAveraged = boxes.stream().map(Flips::average).toList();
            scores.add(ClusteringScore.of("PCA(32) of flip-averaged boxes",
                    ClusteringScore.pcaOfRawBoxes(flipAveraged, 32, seed), truth, k, seed, membrane));
        }
        if (settings.poseNormalized()) {
            MiningPipeline.Result posed = MiningPipeline.of(plain.withPoseNormalize(true))
                    .run(first.tomogram(), tomo1, out.resolve("run-pose"), listener);
            scores.add(ClusteringScore.of("autoencoder codes, pose-normalized", posed.clusteredCodes(),
                    truthClasses(first.labels(), posed.centres()), k, seed, membrane));
        }

        Map<Integer, String> wanted = new LinkedHashMap<>();
        wanted.put(ObjectClass.MEMBRANE.label(), ObjectClass.MEMBRANE.displayName());
        wanted.put(ObjectClass.LARGE_GLOBULE.label(), ObjectClass.LARGE_GLOBULE.displayName());
        Selection selection = GroundTruthSelector.select(run.assignments(), truth, wanted, 0.5);
        selection.save(out.resolve("selection.json"), true);

        MinedRun mined = MinedRun.open(out.resolve("run"));
        Volume embedding = RunEmbedding.embed(mined, selection, settings.level(), listener);
        Volumes.write(embedding, out.resolve("embedding.mrc"), WriteOptions.defaults().withMode(0).withOverwrite(true));

        SegModel model = SegmentationTraining.of(settings.segmentation())
                .train(mined, selection, out.resolve("segmodel"), true, listener);
        Map<String, Volume> segmentations = new LinkedHashMap<>();
        for (SegmentSettings.Mode mode : SegmentSettings.Mode.values()) {
            SegmentSettings segmenting = SegmentSettings.defaults().withMode(mode).withPicker(plain.picker());
            if (!settings.segmentation().sphereGroups().isEmpty()) {
                // beyond the paper, with the recommended recipe: membrane specks removed, vesicles completed
                segmenting = segmenting.withMinPieces(DemoSettings.MIN_PIECES)
                        .withSphereGroups(settings.segmentation().sphereGroups())
                        .withShellHalfThickness(DemoSettings.SHELL_HALF_THICKNESS);
            }
            Volume labels = Segmenter.of(model, segmenting).segment(second.tomogram(), false, listener).labels();
            String name = mode.name().toLowerCase(java.util.Locale.ROOT);
            Volumes.write(labels, out.resolve("segmentation-" + name + ".mrc"),
                    WriteOptions.defaults().withMode(0).withOverwrite(true));
            segmentations.put(name, labels);
        }
        Map<String, MissingWedgeRecall> membraneRecall = new LinkedHashMap<>();
        int membraneGroup = groupOf(selection, ObjectClass.MEMBRANE);
        if (membraneGroup > 0) {
            segmentations.forEach((mode, labels) -> membraneRecall.put(mode, MissingWedgeRecall.of(labels, membraneGroup,
                    second.labels(), ObjectClass.MEMBRANE.label(), MAX_TILT)));
        }
        return new DemoReport(picking(first, run.centres()), scores, selection,
                iou(selection, embedding, first.labels()), iouByMode(selection, segmentations, second.labels()),
                membraneRecall);
    }

    private SimulatedTomogram simulate(long seed, Path dir, ProgressListener progress) throws IOException {
        int[] s = settings.size();
        TomogramSimulator.Builder b = TomogramSimulator.builder().size(s[0], s[1], s[2]).seed(seed)
                .tiltRange(MAX_TILT);
        if (settings.vesicles() >= 0) {
            b.vesicles(settings.vesicles());
        }
        if (settings.sheets() >= 0) {
            b.flatMembranes(settings.sheets());
        }
        SimulatedTomogram sim = b.build().simulate(progress);
        java.nio.file.Files.createDirectories(dir);
        Volumes.write(sim.tomogram(), dir.resolve("tomogram.mrc"), WriteOptions.defaults().withOverwrite(true));
        Volumes.write(sim.labels(), dir.resolve("labels.mrc"), WriteOptions.defaults().withMode(0).withOverwrite(true));
        return sim;
    }

    static int[] truthClasses(Volume labels, List<int[]> centres) {
        int[] truth = new int[centres.size()];
        for (int i = 0; i < truth.length; i++) {
            int[] c = centres.get(i);
            truth[i] = GroundTruthClasses.classAt(labels, c[0], c[1], c[2], TRUTH_RADIUS);
        }
        return truth;
    }

    private static PickingMetrics.Report picking(SimulatedTomogram sim, List<int[]> centres) {
        List<Vec3> picks = centres.stream().map(c -> new Vec3(c[0], c[1], c[2])).toList();
        return PickingMetrics.evaluate(picks, sim.objects(), o -> Math.max(TRUTH_RADIUS, o.size() / 2));
    }

    /** IoU of each selected group's label with the matching true class. */
    static Map<String, Double> iou(Selection selection, Volume predicted, Volume truth) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int g = 0; g < selection.groups().size(); g++) {
            String name = selection.groups().get(g).name();
            int trueLabel = classOf(name).label();
            out.put(name, SegmentationQuality.iou(predicted, g + 1, truth, trueLabel));
        }
        return out;
    }

    private static Map<String, Map<String, Double>> iouByMode(Selection selection, Map<String, Volume> byMode, Volume truth) {
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        byMode.forEach((mode, labels) -> out.put(mode, iou(selection, labels, truth)));
        return out;
    }

    /** The label (1-based) of the group named after {@code cls}, or 0 when none is. */
    static int groupOf(Selection selection, ObjectClass cls) {
        for (int g = 0; g < selection.groups().size(); g++) {
            if (selection.groups().get(g).name().equals(cls.displayName())) {
                return g + 1;
            }
        }
        return 0;
    }

    private static ObjectClass classOf(String displayName) {
        for (ObjectClass c : ObjectClass.values()) {
            if (c.displayName().equals(displayName)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no object class is called " + displayName);
    }
}
