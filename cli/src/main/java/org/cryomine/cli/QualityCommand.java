package org.cryomine.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.cryomine.core.pick.SubvolumePicker;
import org.cryomine.core.simulate.SimulationPreset;
import org.cryomine.core.simulate.TomogramSimulator;
import org.cryomine.demo.QualityRow;
import org.cryomine.demo.QualitySuite;
import org.cryomine.pipeline.Recipe;
import org.cryomine.pipeline.SegTrainSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code cryomine quality}: the quality suite on varied simulated tomogram pairs, one row per pair. */
@Command(name = "quality", mixinStandardHelpOptions = true,
        description = {"Measure the whole chain on pairs of simulated tomograms that vary SNR, wedge, voxel size, "
                + "membrane and particle shapes and crowding: mine the first of each pair, select clusters from the "
                + "ground truth, train the segmentation and segment the second; print one row per pair and a summary.",
                "Columns: picking recall (membrane, large, small), purity and macro-F1 of the codes and of PCA + k-means "
                        + "at the same k, IoU of membrane and large globule in whole and clusters modes, whole-mode "
                        + "recall and IoU of the visible membrane (normals outside the missing wedge), the share "
                        + "hidden by the wedge, seconds. Then the visible membrane's IoU over the pairs, and the "
                        + "summary line."})
final class QualityCommand implements Callable<Integer> {

    @Option(names = "--out", defaultValue = "quality-out", paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(names = "--quick", description = "Two pairs with small networks: a smoke test of a few minutes.")
    boolean quick;

    @Option(names = "--recipe", defaultValue = "recommended", paramLabel = "NAME",
            description = "recommended (default) or paper.")
    String recipe;

    @Option(names = "--presets", split = ",", paramLabel = "NAME",
            description = "Only these presets (comma-separated names; default: all, or two with --quick).")
    List<String> presets;

    @Option(names = "--multi-scale", split = ",", paramLabel = "SIGMA_MIN,SIGMA_MAX,SCALES",
            description = "Mine with multi-scale DoG picking (pre-smoothing 1 voxel) instead of the recipe's sigma, "
                    + "e.g. 1.5,6,5 (the same as --sigma-range 1.5,6 --scales 5): to measure it against the default; "
                    + "with --threshold-quantile 0.95, half the picks at equal recall (docs/recipes.md).")
    List<Double> multiScale;

    /** The picking options of {@code pick}, overriding the recipe's picker as there (the suite caps the picks). */
    @Mixin
    PickingOptions picking;

    @Option(names = "--name-small", description = "The stand-in person also names the clusters mostly of small "
            + "globules as a group of their own (their boxes then teach the network a class apart from the large ones).")
    boolean nameSmall;

    @Option(names = "--seeds", split = ",", paramLabel = "S1,S2",
            description = "Run the suite once per seed (other tomograms, other trainings) and summarise all pairs: "
                    + "single pairs move by up to 0.3 IoU from one training to another, means over seeds do not "
                    + "(default: one seed, 11).")
    List<Long> seeds;

    @Option(names = "--volumes", description = "Also write each pair's ground-truth labels of the first tomogram "
            + "(truth1.mrc), the second tomogram (tomo2.mrc), its ground-truth labels (truth2.mrc) and its "
            + "segmentations (segmented-whole.mrc, segmented-clusters.mrc), to look at the errors in a viewer; with "
            + "--mine-only, truth1.mrc only (to score the run's clusters and picks against it).")
    boolean volumes;

    @Option(names = "--seg-weight-averaging", paramLabel = "DECAY",
            description = "Override the recipe's train-seg --weight-averaging (decay per step of the weights' moving "
                    + "average; 0: off).")
    Double segWeightAveraging;

    @Option(names = "--training-seed", paramLabel = "N",
            description = "Seed of train-seg (its background draw and network) instead of the pair's seed, the "
                    + "tomograms and clusters unchanged: to see how much a pair's figures owe to one training.")
    Long trainingSeed;

    @Option(names = "--second-snr", paramLabel = "SNR",
            description = "Simulate each pair's second tomogram at this signal-to-noise ratio instead of its preset's: "
                    + "the trained chain applied to a tomogram made under other conditions.")
    Double secondSnr;

    @Option(names = "--second-tilt-range", paramLabel = "DEGREES",
            description = "Simulate each pair's second tomogram with this largest tilt (the missing wedge beyond it) "
                    + "instead of its preset's.")
    Double secondTiltRange;

    @Option(names = "--min-piece-fraction", paramLabel = "F",
            description = "Override the recipe's segment --min-piece-fraction.")
    Double minPieceFraction;

    @Option(names = "--sheets-to-membranes", negatable = true,
            description = "Override the recipe's segment --[no-]sheets-to-membranes.")
    Boolean sheetsToMembranes;

    @Option(names = "--flips", paramLabel = "N",
            description = "Override the recipe's segment --flips (1, 2, 4 or 8 flips averaged).")
    Integer flips;

    @Option(names = "--mine-only", description = "Mine the first tomogram of each pair and score its clusters and picks, "
            + "without selecting, training or segmenting (a minute or two per pair): to measure a change of the "
            + "autoencoder. Ends with a quality-mining summary line instead of the segmentation's.")
    boolean mineOnly;

    /** {@code mine}'s autoencoder and code-averaging options, overriding the recipe's on every pair. */
    @Mixin
    AutoencoderOptions autoencoder;

    @Mixin
    SegTrainingOptions training;

    @Option(names = "--quiet", description = "No progress bars.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    /** The recipe's picker with the picking options and {@code --multi-scale} applied. */
    private SubvolumePicker picker(Recipe r) {
        if (picking.maxPicks != null) {
            throw new IllegalArgumentException("--max-picks does not apply to the quality suite: it caps the picks of "
                    + "every tomogram itself");
        }
        if (multiScale != null) {
            if (multiScale.size() != 3) {
                throw new IllegalArgumentException("--multi-scale takes SIGMA_MIN,SIGMA_MAX,SCALES, got " + multiScale);
            }
            if (picking.sigmaRange != null || picking.scales != null) {
                throw new IllegalArgumentException("give --multi-scale or --sigma-range and --scales, not both");
            }
            return picking.picker(r.picker(32), 32, List.of(multiScale.get(0), multiScale.get(1)),
                    (int) Math.round(multiScale.get(2)));
        }
        return picking.picker(r.picker(32), 32);
    }

    /** Refuses, with --mine-only, the options of the steps it skips. */
    private void checkMineOnly() {
        if (!mineOnly) {
            return;
        }
        java.util.Map<String, Object> skipped = new java.util.LinkedHashMap<>();
        training.given().forEach(name -> skipped.put(name, true));
        skipped.put("--seg-weight-averaging", segWeightAveraging);
        skipped.put("--training-seed", trainingSeed);
        skipped.put("--second-snr", secondSnr);
        skipped.put("--second-tilt-range", secondTiltRange);
        skipped.put("--min-piece-fraction", minPieceFraction);
        skipped.put("--[no-]sheets-to-membranes", sheetsToMembranes);
        skipped.put("--flips", flips);
        skipped.put("--name-small", nameSmall ? true : null);
        List<String> given = skipped.entrySet().stream().filter(e -> e.getValue() != null).map(e -> e.getKey()).toList();
        if (!given.isEmpty()) {
            throw new IllegalArgumentException(String.join(", ", given) + (given.size() == 1 ? " applies" : " apply")
                    + " to the segmentation, which --mine-only skips: leave " + (given.size() == 1 ? "it" : "them")
                    + " out or run without --mine-only");
        }
    }

    @Override
    public Integer call() throws Exception {
        checkMineOnly();
        Recipe r = Recipe.parse(recipe);
        QualitySuite suite = quick ? QualitySuite.quick(r) : QualitySuite.full(r);
        if (autoencoder.any()) {
            suite = suite.withMiningChange(autoencoder::apply);
        }
        suite = suite.withVolumes(volumes).withNameSmall(nameSmall);
        if (presets != null) {
            suite = suite.withPresets(presets.stream().map(SimulationPreset::named).toList());
        }
        suite = suite.withPicker(picker(r));
        if (!training.given().isEmpty() || trainingSeed != null || segWeightAveraging != null) {
            Long trainSeed = trainingSeed;
            Double averaging = segWeightAveraging;
            suite = suite.withTrainingChange(t -> {
                SegTrainSettings c = training.apply(t);
                c = trainSeed == null ? c : c.withSeed(trainSeed);
                return averaging == null ? c : c.withWeightAveraging(averaging);
            });
        }
        if (secondSnr != null || secondTiltRange != null) {
            Double snr = secondSnr;
            Double tilt = secondTiltRange;
            suite = suite.withSecondTomogramChange(b -> {
                TomogramSimulator.Builder c = snr == null ? b : b.snr(snr);
                return tilt == null ? c : c.tiltRange(tilt);
            });
        }
        Double fraction = minPieceFraction;
        Boolean sheets = sheetsToMembranes;
        Integer flipCount = flips;
        if (fraction != null || sheets != null || flipCount != null) {
            suite = suite.withSegmentingChange(s -> {
                s = fraction != null ? s.withMinPieceFraction(fraction) : s;
                s = flipCount != null ? s.withFlips(flipCount) : s;
                return sheets != null ? s.withSheetsToMembranes(sheets) : s;
            });
        }
        List<Long> runSeeds = seeds == null || seeds.isEmpty() ? List.of(suite.seed()) : List.copyOf(seeds);
        if (new java.util.HashSet<>(runSeeds).size() != runSeeds.size()) {
            throw new IllegalArgumentException("--seeds lists a seed twice: " + runSeeds);
        }
        var outWriter = spec.commandLine().getOut();
        outWriter.println(QualityRow.header());
        outWriter.flush();
        ConsoleProgress progress = new ConsoleProgress(spec.commandLine().getErr(), quiet);
        boolean several = runSeeds.size() > 1;
        List<QualityRow> rows = new java.util.ArrayList<>();
        for (long seed : runSeeds) {
            if (several) {
                outWriter.println("seed " + seed);
                outWriter.flush();
            }
            Path seedOut = several ? out.resolve("seed-" + seed) : out;
            java.util.function.Consumer<QualityRow> print = row -> {
                outWriter.println(row.toLine());
                outWriter.flush();
            };
            List<QualityRow> ofSeed = mineOnly ? suite.withSeed(seed).runMining(seedOut, print, progress)
                    : suite.withSeed(seed).run(seedOut, print, progress);
            if (several && mineOnly) {
                outWriter.println("seed " + seed + " " + QualitySuite.miningSummary(ofSeed));
            } else if (several) {
                outWriter.println("seed " + seed + " " + QualitySuite.visibleSummary(ofSeed));
                outWriter.println("seed " + seed + " " + QualitySuite.summary(ofSeed));
            }
            rows.addAll(ofSeed);
        }
        if (mineOnly) {
            outWriter.println(QualitySuite.miningSummary(rows));
        } else {
            outWriter.println(QualitySuite.visibleSummary(rows));
            outWriter.println(QualitySuite.summary(rows));
        }
        return 0;
    }
}
