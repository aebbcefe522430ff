package org.cryomine.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.function.UnaryOperator;
import org.cryomine.core.Vec3;
import org.cryomine.core.Volume;
import org.cryomine.core.metrics.MissingWedgeRecall;
import org.cryomine.core.metrics.PickingMetrics;
import org.cryomine.core.metrics.SegmentationQuality;
import org.cryomine.core.pick.SubvolumePicker;
import org.cryomine.core.simulate.ObjectClass;
import org.cryomine.core.simulate.SimulatedTomogram;
import org.cryomine.core.simulate.SimulationPreset;
import org.cryomine.core.simulate.TomogramSimulator;
import org.cryomine.io.Volumes;
import org.cryomine.io.WriteOptions;
import org.cryomine.pipeline.BoxView;
import org.cryomine.pipeline.MinedRun;
import org.cryomine.pipeline.MiningPipeline;
import org.cryomine.pipeline.MiningSettings;
import org.cryomine.pipeline.PipelineListener;
import org.cryomine.pipeline.Recipe;
import org.cryomine.pipeline.SegModel;
import org.cryomine.pipeline.SegTrainSettings;
import org.cryomine.pipeline.SegmentSettings;
import org.cryomine.pipeline.Segmenter;
import org.cryomine.pipeline.SegmentationTraining;
import org.cryomine.segmentation.Selection;

/**
 * The quality suite: the whole chain on pairs of simulated tomograms that vary what real cells vary
 * ({@link SimulationPreset}), scored against their ground truth. For each preset it mines a first tomogram with a
 * recipe, selects the clusters whose members are mostly membrane or mostly large globule (standing in for the
 * person), trains the segmentation model, and segments a second tomogram of the same preset in both modes. Every
 * setting comes from the recipe; nothing is tuned per preset.
 *
 * @param presets  the presets, one pair each
 * @param recipe   the recipe of the whole chain
 * @param quick    smaller networks and fewer epochs (a smoke test, not a measurement)
 * @param k        clusters of the mining runs
 * @param seed     seed of the first tomogram of each pair (the second uses seed + 1) and of the chain
 * @param picker   the DoG picker of mining and of segmenting in clusters mode (its box size is replaced by 32 and its
 *                 limit by {@value #MAX_PICKS} picks), or null for the recipe's ({@link Recipe#picker(int)}), the
 *                 default
 * @param volumes  also write the first tomogram's ground-truth labels ({@code truth1.mrc}), the second tomogram ({@code tomo2.mrc}), its ground-truth labels
 *                 ({@code truth2.mrc}) and the segmentation of each mode ({@code segmented-whole.mrc},
 *                 {@code segmented-clusters.mrc}) into the pair's folder, to look at the errors ({@link #runMining}:
 *                 the first tomogram's labels only)
 * @param trainingChange   applied to the recipe's segmentation-training settings (identity: the recipe's), so a
 *                         change is measured on the suite without a new recipe
 * @param segmentingChange applied to the recipe's segmenting settings, likewise
 * @param nameSmall        the stand-in person also names the clusters mostly of small globules, as a third group (never
 *                         a fallback cluster), so their boxes teach the network a class of their own
 * @param secondChange     applied to the simulator of each pair's second tomogram (identity: the preset's), so the chain
 *                         is measured on a tomogram made under other conditions than the one it was trained on
 * @param miningChange     applied to the recipe's mining settings at the suite's k, picker and size (identity: the
 *                         recipe's), so a change of the autoencoder or the clustering is measured without a new recipe
 */
public record QualitySuite(List<SimulationPreset> presets, Recipe recipe, boolean quick, int k, long seed,
                           SubvolumePicker picker, boolean volumes, UnaryOperator<SegTrainSettings> trainingChange,
                           UnaryOperator<SegmentSettings> segmentingChange, boolean nameSmall,
                           UnaryOperator<TomogramSimulator.Builder> secondChange,
                           UnaryOperator<MiningSettings> miningChange) {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(QualitySuite.class);

    /** Subvolumes mined per tomogram at most. */
    static final int MAX_PICKS = 800;

    public QualitySuite {
        presets = List.copyOf(presets);
        if (presets.isEmpty()) {
            throw new IllegalArgumentException("the suite needs at least one preset");
        }
        if (k < 2) {
            throw new IllegalArgumentException("k must be at least 2, got " + k);
        }
        picker = picker == null ? null : picker.withBoxSize(32).withMaxPicks(MAX_PICKS);
        java.util.Objects.requireNonNull(trainingChange, "trainingChange");
        java.util.Objects.requireNonNull(segmentingChange, "segmentingChange");
        java.util.Objects.requireNonNull(secondChange, "secondChange");
        java.util.Objects.requireNonNull(miningChange, "miningChange");
        // applied once here, so that a change the settings refuse fails now, not as an empty segmentation of a pair
        trainingChange.apply(recipe.segmentationTraining());
        segmentingChange.apply(recipe.segmenting());
        secondChange.apply(presets.get(0).builder(seed + 1)).build();
        miningChange.apply(recipe.mining(32).withK(k).withSeed(seed));
    }

    /** The same suite on these presets. */
    public QualitySuite withPresets(List<SimulationPreset> newPresets) {
        return new QualitySuite(newPresets, recipe, quick, k, seed, picker, volumes, trainingChange,
                segmentingChange, nameSmall, secondChange, miningChange);
    }

    /** The same suite with another recipe. */
    public QualitySuite withRecipe(Recipe newRecipe) {
        return new QualitySuite(presets, newRecipe, quick, k, seed, picker, volumes, trainingChange,
                segmentingChange, nameSmall, secondChange, miningChange);
    }

    /** The same suite with another seed: other tomograms (seed and seed + 1 per pair) and other trainings. */
    public QualitySuite withSeed(long newSeed) {
        return new QualitySuite(presets, recipe, quick, k, newSeed, picker, volumes, trainingChange,
                segmentingChange, nameSmall, secondChange, miningChange);
    }

    /** The same suite mining with {@code newPicker} (e.g. a multi-scale one), or with the recipe's when null. */
    public QualitySuite withPicker(SubvolumePicker newPicker) {
        return new QualitySuite(presets, recipe, quick, k, seed, newPicker, volumes, trainingChange,
                segmentingChange, nameSmall, secondChange, miningChange);
    }

    /** The same suite, writing each pair's second tomogram, its truth and its segmentations when {@code write}. */
    public QualitySuite withVolumes(boolean write) {
        return new QualitySuite(presets, recipe, quick, k, seed, picker, write, trainingChange, segmentingChange,
                nameSmall, secondChange, miningChange);
    }

    /** The same suite, naming the small globules' clusters as a group of their own when {@code name}. */
    public QualitySuite withNameSmall(boolean name) {
        return new QualitySuite(presets, recipe, quick, k, seed, picker, volumes, trainingChange, segmentingChange,
                name, secondChange, miningChange);
    }

    /** The same suite with {@code change} applied to the recipe's mining settings (e.g. another autoencoder). */
    public QualitySuite withMiningChange(UnaryOperator<MiningSettings> change) {
        return new QualitySuite(presets, recipe, quick, k, seed, picker, volumes, trainingChange, segmentingChange,
                nameSmall, secondChange, change);
    }

    /** The same suite with {@code change} applied to the recipe's segmentation-training settings. */
    public QualitySuite withTrainingChange(UnaryOperator<SegTrainSettings> change) {
        return new QualitySuite(presets, recipe, quick, k, seed, picker, volumes, change, segmentingChange, nameSmall,
                secondChange, miningChange);
    }

    /** The same suite with {@code change} applied to the recipe's segmenting settings. */
    public QualitySuite withSegmentingChange(UnaryOperator<SegmentSettings> change) {
        return new QualitySuite(presets, recipe, quick, k, seed, picker, volumes, trainingChange, change, nameSmall,
                secondChange, miningChange);
    }

    /**
     * The same suite simulating each pair's second tomogram with {@code change} applied to its preset's simulator
     * (e.g. {@code b -> b.snr(0.25)}: a model trained on one tomogram applied to a noisier one), to measure how the
     * chain carries over to tomograms made under other conditions.
     */
    public QualitySuite withSecondTomogramChange(UnaryOperator<TomogramSimulator.Builder> change) {
        return new QualitySuite(presets, recipe, quick, k, seed, picker, volumes, trainingChange, segmentingChange,
                nameSmall, change, miningChange);
    }

    /** Every preset, k = 20, the full networks of {@code recipe}. */
    public static QualitySuite full(Recipe recipe) {
        return new QualitySuite(SimulationPreset.all(), recipe, false, 20, 11, null, false,
                UnaryOperator.identity(), UnaryOperator.identity(), false, UnaryOperator.identity(),
                UnaryOperator.identity());
    }

    /** Two presets (spherical and ellipsoidal vesicles) with small networks and few epochs: a few minutes. */
    public static QualitySuite quick(Recipe recipe) {
        return new QualitySuite(List.of(SimulationPreset.SPHERES_BASELINE, SimulationPreset.ELLIPSOID_VESICLES), recipe,
                true, 12, 11, null, false,
                UnaryOperator.identity(), UnaryOperator.identity(), false, UnaryOperator.identity(),
                UnaryOperator.identity());
    }

    /** Runs every pair into folders under {@code out}; each row is handed to {@code rows} as it is done. */
    public List<QualityRow> run(Path out, java.util.function.Consumer<QualityRow> rows, PipelineListener listener)
            throws IOException {
        return run(out, rows, listener, false);
    }

    /**
     * Mines the first tomogram of every pair and scores the clusters and the picking, without selecting, training
     * or segmenting: a minute or two per pair instead of five to ten, to measure a change of the autoencoder or the
     * clustering ({@link #withMiningChange}). The rows' segmentation figures are NaN; {@link #miningSummary} sums
     * them up.
     */
    public List<QualityRow> runMining(Path out, java.util.function.Consumer<QualityRow> rows,
                                      PipelineListener listener) throws IOException {
        return run(out, rows, listener, true);
    }

    private List<QualityRow> run(Path out, java.util.function.Consumer<QualityRow> rows, PipelineListener listener,
                                 boolean mineOnly) throws IOException {
        List<QualityRow> done = new ArrayList<>();
        for (SimulationPreset preset : presets) {
            QualityRow row = runPair(preset, out.resolve(preset.presetName()), listener, mineOnly);
            rows.accept(row);
            done.add(row);
        }
        return done;
    }

    /**
     * The mining's summary line: {@code quality-mining: pairs N purity_mean X pca_purity_mean X purity_gap_mean X
     * purity_gap_min X macro_f1_mean X large_recall_mean X small_recall_mean X}.
     */
    public static String miningSummary(List<QualityRow> rows) {
        return String.format(Locale.ROOT, "quality-mining: pairs %d purity_mean %.3f pca_purity_mean %.3f "
                        + "purity_gap_mean %.3f purity_gap_min %.3f macro_f1_mean %.3f large_recall_mean %.3f "
                        + "small_recall_mean %.3f", rows.size(), mean(rows, QualityRow::purity),
                mean(rows, QualityRow::pcaPurity), mean(rows, QualityRow::purityGap),
                min(rows, QualityRow::purityGap), mean(rows, QualityRow::macroF1), mean(rows, QualityRow::largeRecall),
                mean(rows, QualityRow::smallRecall));
    }

    /** The summary line: {@code quality: pairs N purity_gap_min X membrane_iou_mean X ...}. */
    public static String summary(List<QualityRow> rows) {
        return String.format(Locale.ROOT, "quality: pairs %d purity_gap_min %.3f membrane_iou_mean %.3f membrane_iou_min "
                        + "%.3f globule_iou_mean %.3f small_recall_mean %.3f", rows.size(),
                min(rows, QualityRow::purityGap), mean(rows, QualityRow::membraneIouWhole),
                min(rows, QualityRow::membraneIouWhole), mean(rows, QualityRow::globuleIouWhole),
                mean(rows, QualityRow::smallRecall));
    }

    /**
     * The membrane on the surfaces a density-based method can see, the line printed before {@link #summary}:
     * {@code quality-visible: pairs N membrane_visible_iou_mean X membrane_visible_iou_min X hidden_share_max X
     * membrane_held_iou_mean X membrane_held_iou_min X}. Membranes whose normal lies in the missing wedge carry almost
     * no signal; where a pair's hidden share is large (a sheet lying in the section), the visible part is the
     * membrane figure the method can be held to ({@link QualityRow#membraneHeldIou()}: both where the share is small).
     */
    public static String visibleSummary(List<QualityRow> rows) {
        return String.format(Locale.ROOT, "quality-visible: pairs %d membrane_visible_iou_mean %.3f "
                        + "membrane_visible_iou_min %.3f hidden_share_max %.2f membrane_held_iou_mean %.3f "
                        + "membrane_held_iou_min %.3f", rows.size(),
                mean(rows, QualityRow::membraneVisibleIou), min(rows, QualityRow::membraneVisibleIou),
                max(rows, QualityRow::membraneHiddenShare), mean(rows, QualityRow::membraneHeldIou),
                min(rows, QualityRow::membraneHeldIou));
    }

    /** The second tomogram of {@code preset}'s pair: seed + 1, with {@link #secondChange} applied to its simulator. */
    SimulatedTomogram second(SimulationPreset preset) {
        return secondChange.apply(preset.builder(seed + 1)).build().simulate();
    }

    private QualityRow runPair(SimulationPreset preset, Path dir, PipelineListener listener, boolean mineOnly)
            throws IOException {
        long start = System.nanoTime();
        Files.createDirectories(dir);
        SimulatedTomogram first = preset.simulate(seed);
        Path tomo1 = dir.resolve("tomo1.mrc");
        write(first.tomogram(), tomo1);
        if (volumes) {
            write(first.labels(), dir.resolve("truth1.mrc"));
        }

        MiningSettings mining = mining();
        Path runDir = dir.resolve("run");
        MiningPipeline.Result run;
        try {
            run = MiningPipeline.of(mining).withForeignFolder(true).run(first.tomogram(), tomo1, runDir, listener);
        } catch (org.cryomine.core.CryomineException e) {
            if (!e.getMessage().contains("collapsed")) {
                throw e;
            }
            return collapsed(preset, first, runDir, mining, start);
        }
        int[] truth = Demo.truthClasses(first.labels(), run.centres());
        int membrane = ObjectClass.MEMBRANE.label();
        ClusteringScore codes = ClusteringScore.of("codes", run.clusteredCodes(), truth, k, seed, membrane);
        ClusteringScore pca = pca(first, run.centres(), mining, truth);
        PickingMetrics.Report picking = PickingMetrics.evaluate(run.centres().stream()
                .map(c -> new Vec3(c[0], c[1], c[2])).toList(), first.objects(),
                o -> Math.max(Demo.TRUTH_RADIUS, o.size() / 2));
        if (mineOnly) {
            double nan = Double.NaN;
            return new QualityRow(preset.presetName(), run.centres().size(), recall(picking, ObjectClass.MEMBRANE),
                    recall(picking, ObjectClass.LARGE_GLOBULE), recall(picking, ObjectClass.SMALL_GLOBULE),
                    codes.purity(), pca.purity(), codes.macroF1(), pca.macroF1(), nan, nan, nan, nan, nan, nan, nan,
                    (System.nanoTime() - start) / 1e9);
        }
        SimulatedTomogram second = second(preset);

        Map<Integer, String> wanted = new LinkedHashMap<>();
        wanted.put(membrane, ObjectClass.MEMBRANE.displayName());
        wanted.put(ObjectClass.LARGE_GLOBULE.label(), ObjectClass.LARGE_GLOBULE.displayName());
        Map<String, Map<String, Double>> iou = new LinkedHashMap<>();
        MissingWedgeRecall visible = null;
        try {
            if (nameSmall) {
                wanted.put(ObjectClass.SMALL_GLOBULE.label(), ObjectClass.SMALL_GLOBULE.displayName());
            }
            Selection selection = GroundTruthSelector.select(run.assignments(), truth, wanted, 0.5,
                    java.util.Set.of(ObjectClass.SMALL_GLOBULE.label()));
            SegModel model = SegmentationTraining.of(training()).train(MinedRun.open(runDir), selection,
                    dir.resolve("segmodel"), true, listener);
            if (volumes) {
                write(second.tomogram(), dir.resolve("tomo2.mrc"));
                write(second.labels(), dir.resolve("truth2.mrc"));
            }
            for (SegmentSettings.Mode mode : SegmentSettings.Mode.values()) {
                SegmentSettings s = segmenting().withMode(mode).withPicker(mining.picker());
                Volume labels = Segmenter.of(model, s).segment(second.tomogram(), false, listener).labels();
                iou.put(mode.name(), Demo.iou(selection, labels, second.labels()));
                if (volumes) {
                    write(labels, dir.resolve("segmented-" + mode.name().toLowerCase(Locale.ROOT) + ".mrc"));
                }
                int group = Demo.groupOf(selection, ObjectClass.MEMBRANE);
                if (mode == SegmentSettings.Mode.WHOLE && group > 0) {
                    visible = MissingWedgeRecall.of(labels, group, second.labels(), membrane, preset.tiltRange());
                }
            }
        } catch (IllegalArgumentException | org.cryomine.core.CryomineException e) {
            // no cluster was mostly membrane or globule, or the weak labels were empty: nothing segmented, IoU 0
            LOG.warn("{}: no segmentation ({})", preset.presetName(), e.getMessage());
        }
        String m = ObjectClass.MEMBRANE.displayName();
        String g = ObjectClass.LARGE_GLOBULE.displayName();
        Map<String, Double> whole = iou.getOrDefault("WHOLE", Map.of());
        Map<String, Double> clusters = iou.getOrDefault("CLUSTERS", Map.of());
        return new QualityRow(preset.presetName(), run.centres().size(), recall(picking, ObjectClass.MEMBRANE),
                recall(picking, ObjectClass.LARGE_GLOBULE), recall(picking, ObjectClass.SMALL_GLOBULE), codes.purity(),
                pca.purity(), codes.macroF1(), pca.macroF1(), whole.getOrDefault(m, 0.0), whole.getOrDefault(g, 0.0),
                clusters.getOrDefault(m, 0.0), clusters.getOrDefault(g, 0.0),
                visible == null ? Double.NaN : visible.outsideRecall(),
                visible == null ? Double.NaN : visible.outsideIou(),
                visible == null ? Double.NaN : visible.inWedgeVoxels()
                        / (double) Math.max(1, visible.inWedgeVoxels() + visible.outsideVoxels()),
                (System.nanoTime() - start) / 1e9);
    }

    private static void write(Volume volume, Path file) throws IOException {
        Volumes.write(volume, file, WriteOptions.defaults().withOverwrite(true));
    }

    private ClusteringScore pca(SimulatedTomogram first, List<int[]> centres, MiningSettings mining, int[] truth) {
        return ClusteringScore.of("PCA", ClusteringScore.pcaOfRawBoxes(new BoxView(first.tomogram(), centres,
                mining.boxSize()), 32, seed), truth, k, seed, ObjectClass.MEMBRANE.label());
    }

    /**
     * The row of a pair whose codes collapsed (every code unit one value for every subvolume): mining stopped, so
     * the codes' clusters are one cluster holding every pick, whose purity is the majority class's share; nothing
     * is segmented (IoU 0).
     */
    private QualityRow collapsed(SimulationPreset preset, SimulatedTomogram first, Path runDir, MiningSettings mining,
                                 long start) {
        LOG.warn("{}: the codes collapsed; scored as one cluster", preset.presetName());
        List<int[]> centres = org.cryomine.io.particles.ParticleLists.readStar(runDir.resolve("picks.star")).stream()
                .map(p -> new int[] {(int) Math.round(p.position().x()), (int) Math.round(p.position().y()),
                    (int) Math.round(p.position().z())}).toList();
        int[] truth = Demo.truthClasses(first.labels(), centres);
        org.cryomine.core.metrics.ClusteringQuality one = org.cryomine.core.metrics.ClusteringQuality.of(
                new int[truth.length], truth);
        ClusteringScore pca = pca(first, centres, mining, truth);
        PickingMetrics.Report picking = PickingMetrics.evaluate(centres.stream().map(c -> new Vec3(c[0], c[1], c[2]))
                .toList(), first.objects(), o -> Math.max(Demo.TRUTH_RADIUS, o.size() / 2));
        return new QualityRow(preset.presetName() + " (collapsed)", centres.size(),
                recall(picking, ObjectClass.MEMBRANE), recall(picking, ObjectClass.LARGE_GLOBULE),
                recall(picking, ObjectClass.SMALL_GLOBULE), one.purity(), pca.purity(), one.macroF1(), pca.macroF1(),
                0, 0, 0, 0, Double.NaN, Double.NaN, Double.NaN, (System.nanoTime() - start) / 1e9);
    }

    /** The recipe's mining settings at this suite's k; smaller and shorter when quick. */
    MiningSettings mining() {
        MiningSettings s = recipe.mining(32).withK(k).withSeed(seed)
                .withPicker(picker != null ? picker : recipe.picker(32).withMaxPicks(MAX_PICKS));
        if (quick) {
            s = s.withAutoencoder(s.autoencoder().toBuilder().filters(16).maxEpochs(6).patience(3).build());
        }
        return miningChange.apply(s);
    }

    /** The recipe's segmentation-training settings; smaller and shorter when quick. */
    SegTrainSettings training() {
        SegTrainSettings s = recipe.segmentationTraining().withSeed(seed);
        return trainingChange.apply(quick ? s.withFilters(16).withEpochs(3).withPatience(2) : s);
    }

    /** The recipe's segmenting settings with this suite's change. */
    SegmentSettings segmenting() {
        return segmentingChange.apply(recipe.segmenting());
    }

    private static double recall(PickingMetrics.Report r, ObjectClass c) {
        return r.objects().getOrDefault(c, 0) == 0 ? Double.NaN : r.recall(c);
    }

    private static double mean(List<QualityRow> rows, ToDoubleFunction<QualityRow> f) {
        return rows.stream().mapToDouble(f).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
    }

    private static double min(List<QualityRow> rows, ToDoubleFunction<QualityRow> f) {
        return rows.stream().mapToDouble(f).filter(v -> !Double.isNaN(v)).min().orElse(Double.NaN);
    }

    private static double max(List<QualityRow> rows, ToDoubleFunction<QualityRow> f) {
        return rows.stream().mapToDouble(f).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
    }

}
