package org.cryomine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cryomine.pipeline.MatrixCsv;
import org.cryomine.pipeline.Recipe;
import org.cryomine.core.Volume;
import org.cryomine.core.simulate.SimulationPreset;
import org.cryomine.core.stats.IntensityMap;
import org.cryomine.io.Volumes;
import org.cryomine.io.WriteOptions;
import org.cryomine.io.particles.Particle;
import org.cryomine.io.particles.ParticleLists;
import org.cryomine.nn.TrainedAutoencoder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mining commands end to end on a small simulated tomogram, in the order a user runs them:
 * simulate, pick, mine (and mine again, resuming), embed, train-seg, segment in both modes; and the
 * errors a user meets on the way; then a run with flip-averaged codes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineCommandsTest {

    @TempDir
    static Path dir;

    private static final String[] TINY_MINE = {"--box", "16", "--sigma", "2", "--smoothing-sigma", "1", "--min-distance",
        "6", "--k", "4", "--epochs", "2", "--filters", "4", "--code-size", "8", "--seed", "3", "--quiet"};

    record Run(int exit, String out, String err) {
    }

    static Run cryomine(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = CryomineCommand.newCommandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    @BeforeAll
    void simulate() {
        Run r = cryomine("simulate", "--out", dir.resolve("sim").toString(), "--size", "80,80,40", "--seed", "5", "--quiet");
        assertThat(r.exit()).as(r.err()).isZero();
    }

    @Test
    @Order(1)
    void simulateWritesTomogramLabelsAndObjects() {
        Volume tomo = Volumes.read(dir.resolve("sim/tomogram.mrc"));
        Volume labels = Volumes.read(dir.resolve("sim/labels.mrc"));
        assertThat(tomo.shape()).containsExactly(80, 80, 40);
        assertThat(labels.shape()).containsExactly(80, 80, 40);
        List<Particle> objects = ParticleLists.readStar(dir.resolve("sim/objects.star"));
        assertThat(objects).isNotEmpty().allSatisfy(p -> assertThat(p.className()).isNotNull());
        // every object centre lies inside the tomogram
        assertThat(objects).allSatisfy(p -> assertThat(p.position().x()).isBetween(-1.0, 80.0));
        assertThat(cryomine("simulate", "--out", dir.resolve("sim").toString(), "--size", "80,80,40").err())
                .contains("exists").contains("--force");
    }

    @Test
    @Order(1)
    void simulateTakesAQualitySuitePresetWithOverrides() {
        Path out = dir.resolve("sim-tubes");
        Run r = cryomine("simulate", "--preset", "tubes", "--size", "48,48,32", "--seed", "3", "--out",
                out.toString(), "--quiet");
        assertThat(r.exit()).as(r.err()).isZero();
        Volume tomo = Volumes.read(out.resolve("tomogram.mrc"));
        // the preset's own simulation (14 Å voxels, its content) at the size given beside it
        Volume expected = SimulationPreset.TUBES.builder(3).size(48, 48, 32).build().simulate().tomogram();
        assertThat(tomo.shape()).containsExactly(48, 48, 32);
        assertThat(tomo.voxelSize().x()).isCloseTo(14.0, within(1e-3));
        assertThat(tomo.data()).containsExactly(expected.data());
        assertThat(cryomine("simulate", "--help").out()).contains("two-lobed-particles").contains("carbon-edge-gold");
        Run wrong = cryomine("simulate", "--preset", "tube", "--out", dir.resolve("sim-wrong").toString());
        assertThat(wrong.exit()).isNotZero();
        assertThat(wrong.err()).contains("no simulation preset is called 'tube'").contains("tubes");
    }

    @Test
    @Order(2)
    void pickWritesScoredStarFile() {
        Path star = dir.resolve("picks.star");
        Run r = cryomine("pick", dir.resolve("sim/tomogram.mrc").toString(), "--out", star.toString(), "--box", "16",
                "--sigma", "2", "--quiet");
        assertThat(r.exit()).as(r.err()).isZero();
        List<Particle> picks = ParticleLists.readStar(star);
        assertThat(picks).isNotEmpty().allSatisfy(p -> assertThat(p.hasScore()).isTrue());
        // strongest first
        assertThat(picks.get(0).score()).isGreaterThanOrEqualTo(picks.get(picks.size() - 1).score());
        // RELION 5: the tomogram's name and centred Å coordinates ((x - nx / 2) * voxel size) beside the voxels
        assertThat(picks).allSatisfy(p -> assertThat(p.tomoName()).isEqualTo("tomogram"));
        var h = Volumes.readHeader(dir.resolve("sim/tomogram.mrc"));
        var loop = org.cryomine.io.star.StarFile.read(star).blocks().get(0).loops().get(0);
        double x = Double.parseDouble(loop.value(0, "rlnCoordinateX"));
        assertThat(Double.parseDouble(loop.value(0, "rlnCenteredCoordinateXAngst")))
                .isCloseTo((x - h.nx() / 2.0) * h.voxelSizeOrDefault().x(), org.assertj.core.api.Assertions.within(1e-3));
    }

    @Test
    @Order(3)
    void mineWritesTheRunAndAResumedRunGivesTheSameClusters() throws Exception {
        Path run = dir.resolve("run");
        Run r = cryomine(concat(new String[] {"mine", dir.resolve("sim/tomogram.mrc").toString(), "--out", run.toString()},
                TINY_MINE));
        assertThat(r.exit()).as(r.err()).isZero();
        for (String f : List.of("picks.star", "codes.csv", "model", "clusters/centroids.csv", "clusters/assignments.csv",
                "clusters/centre_000.mrc", "clusters/centre_000.png", "report.html", "manifest.json")) {
            assertThat(run.resolve(f)).exists();
        }
        List<Particle> picks = ParticleLists.readStar(run.resolve("picks.star"));
        float[][] codes = MatrixCsv.read(run.resolve("codes.csv"));
        assertThat(codes.length).isEqualTo(picks.size());
        assertThat(codes[0]).hasSize(8);
        assertThat(picks).allSatisfy(p -> assertThat(p.cluster()).isBetween(0, 3));
        int[] first = MatrixCsv.readColumn(run.resolve("clusters/assignments.csv"));
        String manifest = Files.readString(run.resolve("manifest.json"));

        Run again = cryomine(concat(new String[] {"mine", dir.resolve("sim/tomogram.mrc").toString(), "--out",
            run.toString()}, TINY_MINE));
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(MatrixCsv.readColumn(run.resolve("clusters/assignments.csv"))).isEqualTo(first);
        // the training stage was reused, not redone: its finish time is unchanged
        assertThat(trainFinished(Files.readString(run.resolve("manifest.json")))).isEqualTo(trainFinished(manifest));
    }

    @Test
    @Order(3)
    void mineWithKAutoChoosesKFromTheCodesAndRecordsTheDiagnostics() throws Exception {
        Path run = dir.resolve("run-auto");
        String[] args = TINY_MINE.clone();
        args[java.util.Arrays.asList(args).indexOf("--k") + 1] = "auto";
        Run r = cryomine(concat(new String[] {"mine", dir.resolve("sim/tomogram.mrc").toString(), "--out", run.toString(),
            "--grid", "8"}, args));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("k chosen from the codes");
        com.fasterxml.jackson.databind.JsonNode cluster = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(run.resolve("manifest.json").toFile()).findValue("chosenK");
        assertThat(cluster).as("manifest records the chosen k").isNotNull();
        int k = cluster.asInt();
        assertThat(k).isBetween(8, 60);
        assertThat(MatrixCsv.read(run.resolve("clusters/centroids.csv"))).hasNumberOfRows(k);
        assertThat(Files.readString(run.resolve("manifest.json"))).contains("kDiagnostics").contains("silhouette");
        Run bad = cryomine("mine", dir.resolve("sim/tomogram.mrc").toString(), "--out", dir.resolve("run-badk").toString(),
                "--k", "many");
        assertThat(bad.exit()).isNotZero();
        assertThat(bad.err()).contains("'auto'");
    }

    private static String trainFinished(String manifest) {
        int at = manifest.indexOf("\"train\"");
        int f = manifest.indexOf("\"finished\"", at);
        return manifest.substring(f, manifest.indexOf(',', f));
    }

    @Test
    @Order(4)
    void exportImodWritesAModelWithAnObjectPerGroupAndPickWritesModelsByExtension() {
        Path models = dir.resolve("imod");
        Run r = cryomine("export-imod", dir.resolve("run").toString(), "--out", models.toString(), "--group", "a=0,1",
                "--group", "b=2");
        assertThat(r.exit()).as(r.err()).isZero();
        List<Particle> picks = ParticleLists.readStar(dir.resolve("run/picks.star"));
        List<Particle> points = org.cryomine.io.imod.ImodModelReader.read(models.resolve("tomogram.mod"));
        long selected = picks.stream().filter(p -> p.cluster() <= 2).count();
        assertThat(points).hasSize((int) selected);
        assertThat(points).extracting(Particle::className).containsOnly("a", "b");
        // every point is a pick of its group's clusters, at the pick's voxel
        for (Particle p : points) {
            assertThat(picks).anySatisfy(q -> {
                assertThat(q.position()).isEqualTo(p.position());
                assertThat(q.cluster()).isIn(p.className().equals("a") ? List.of(0, 1) : List.of(2));
            });
        }
        assertThat(cryomine("export-imod", dir.resolve("run").toString(), "--out", models.toString()).err())
                .contains("exists");
        Run all = cryomine("export-imod", dir.resolve("run").toString(), "--out", dir.resolve("imod-all").toString());
        assertThat(all.exit()).as(all.err()).isZero();
        assertThat(org.cryomine.io.imod.ImodModelReader.read(dir.resolve("imod-all/tomogram.mod"))).hasSize(picks.size());

        Path mod = dir.resolve("picks.mod");
        Run pick = cryomine("pick", dir.resolve("sim/tomogram.mrc").toString(), "--out", mod.toString(), "--box", "16",
                "--sigma", "2", "--quiet");
        assertThat(pick.exit()).as(pick.err()).isZero();
        assertThat(org.cryomine.io.imod.ImodModelReader.read(mod)).hasSize(ParticleLists.readStar(dir.resolve("picks.star"))
                .size());
    }

    @Test
    @Order(4)
    void embedPaintsTheSelectedGroups() {
        Path labels = dir.resolve("embed.mrc");
        Run r = cryomine("embed", dir.resolve("run").toString(), "--group", "a=0,1", "--group", "b=2", "--out",
                labels.toString(), "--level", "0", "--quiet");
        assertThat(r.exit()).as(r.err()).isZero();
        Volume v = Volumes.read(labels);
        assertThat(v.shape()).containsExactly(80, 80, 40);
        assertThat(v.statistics().max()).isBetween(1.0, 2.0);
        assertThat(v.statistics().min()).isZero();
        assertThat(dir.resolve("embed.png")).exists();
    }

    @Test
    @Order(5)
    void trainSegThenSegmentInBothModes() {
        Path model = dir.resolve("segmodel");
        Run t = cryomine("train-seg", dir.resolve("run").toString(), "--group", "a=0,1", "--out", model.toString(),
                "--epochs", "1", "--filters", "4", "--level", "0", "--quiet");
        assertThat(t.exit()).as(t.err()).isZero();
        for (String mode : List.of("whole", "clusters")) {
            Path out = dir.resolve("seg-" + mode + ".mrc");
            Run s = cryomine("segment", model.toString(), dir.resolve("sim/tomogram.mrc").toString(), "--out",
                    out.toString(), "--mode", mode, "--sigma", "2", "--smoothing-sigma", "1", "--quiet");
            assertThat(s.exit()).as(s.err()).isZero();
            Volume v = Volumes.read(out);
            assertThat(v.shape()).containsExactly(80, 80, 40);
            assertThat(v.statistics().max()).isLessThanOrEqualTo(1.0);
        }
        // pieces under more voxels than the tomogram holds: every piece of group a goes
        assertThat(Volumes.read(dir.resolve("seg-whole.mrc")).statistics().max()).as("group a found").isEqualTo(1.0);
        Path cleaned = dir.resolve("seg-cleaned.mrc");
        Run c = cryomine("segment", model.toString(), dir.resolve("sim/tomogram.mrc").toString(), "--out",
                cleaned.toString(), "--min-piece", "a=1000000", "--quiet");
        assertThat(c.exit()).as("no voxel of a left: written, with a warning and exit 3").isEqualTo(3);
        assertThat(c.err()).contains("no voxel of [a]").contains("--allow-empty");
        assertThat(Volumes.read(cleaned).statistics().max()).isZero();
        Run unknown = cryomine("segment", model.toString(), dir.resolve("sim/tomogram.mrc").toString(), "--out",
                dir.resolve("seg-x.mrc").toString(), "--min-piece", "vesicle=10", "--quiet");
        assertThat(unknown.exit()).isNotZero();
        assertThat(unknown.err()).contains("'vesicle'").contains("[a]");
        Run region = cryomine("segment", model.toString(), dir.resolve("sim/tomogram.mrc").toString(), "--out",
                dir.resolve("seg-x.mrc").toString(), "--min-piece", "a=10", "--read", "region", "--quiet");
        assertThat(region.exit()).isNotZero();
        assertThat(region.err()).contains("--min-piece needs the whole label map in memory");
        assertThat(dir.resolve("seg-x.mrc")).doesNotExist();
        // the recommended recipe's fraction of the typical object: by region the pieces stay, with a warning
        Run regionDefault = cryomine("segment", model.toString(), dir.resolve("sim/tomogram.mrc").toString(), "--out",
                dir.resolve("seg-r.mrc").toString(), "--read", "region", "--quiet");
        assertThat(regionDefault.exit()).as(regionDefault.err()).isZero();
        Run regionKeepAll = cryomine("segment", model.toString(), dir.resolve("sim/tomogram.mrc").toString(), "--out",
                dir.resolve("seg-r0.mrc").toString(), "--read", "region", "--min-piece-fraction", "0", "--quiet");
        assertThat(regionKeepAll.exit()).as(regionKeepAll.err()).isZero();
        assertThat(Volumes.read(dir.resolve("seg-r.mrc")).statistics().mean()).as("by region no piece is removed")
                .isEqualTo(Volumes.read(dir.resolve("seg-r0.mrc")).statistics().mean());
        for (String f : List.of("0", "1")) {
            Run r = cryomine("segment", model.toString(), dir.resolve("sim/tomogram.mrc").toString(), "--out",
                    dir.resolve("seg-f" + f + ".mrc").toString(), "--min-piece-fraction", f, "--allow-empty", "--quiet");
            assertThat(r.exit()).as(r.err()).isZero();
        }
        assertThat(Volumes.read(dir.resolve("seg-f1.mrc")).statistics().mean())
                .as("pieces smaller than the whole typical object removed")
                .isLessThan(Volumes.read(dir.resolve("seg-f0.mrc")).statistics().mean());
        Run wideShift = cryomine("train-seg", dir.resolve("run").toString(), "--group", "a=0,1", "--out",
                dir.resolve("segmodel-shift").toString(), "--epochs", "1", "--filters", "4", "--level", "0", "--shift", "8",
                "--quiet");
        assertThat(wideShift.exit()).isNotZero();
        assertThat(wideShift.err()).contains("--shift 8 must be less than half the run's box edge (16 voxels)");
        assertThat(dir.resolve("segmodel-shift")).doesNotExist();
        Run badFraction = cryomine("segment", model.toString(), dir.resolve("sim/tomogram.mrc").toString(), "--out",
                dir.resolve("seg-x.mrc").toString(), "--min-piece-fraction", "2", "--quiet");
        assertThat(badFraction.exit()).isNotZero();
        assertThat(badFraction.err()).contains("--min-piece-fraction must be in [0, 1]");
        // another reconstruction's units (x3 + 100): matched to the training tomogram's by default, as it is without
        Volume original = Volumes.read(dir.resolve("sim/tomogram.mrc"));
        Volumes.write(new IntensityMap(3, 100).applyInPlace(original.copy()), dir.resolve("rescaled.mrc"),
                WriteOptions.defaults());
        for (String match : List.of("--match-intensities", "--no-match-intensities")) {
            Run r = cryomine("segment", model.toString(), dir.resolve("rescaled.mrc").toString(), "--out",
                    dir.resolve("seg" + match + ".mrc").toString(), match, "--min-piece-fraction", "0", "--allow-empty",
                    "--quiet");
            assertThat(r.exit()).as(r.err()).isZero();
        }
        assertThat(agreement(Volumes.read(dir.resolve("seg--match-intensities.mrc")), Volumes.read(dir.resolve("seg-f0.mrc"))))
                .as("the rescaled tomogram segmented as the original").isGreaterThan(0.995);

        Path completed = dir.resolve("seg-completed.mrc");
        Run spheres = cryomine("segment", model.toString(), dir.resolve("sim/tomogram.mrc").toString(), "--out",
                completed.toString(), "--complete-spheres", "a", "--shell-half-thickness", "1", "--quiet");
        assertThat(spheres.exit()).as(spheres.err()).isZero();
        // completion only adds the group's label to background voxels
        Volume before = Volumes.read(dir.resolve("seg-whole.mrc"));
        Volume after = Volumes.read(completed);
        for (int i = 0; i < before.voxelCount(); i++) {
            if (before.data()[i] != 0) {
                assertThat(after.data()[i]).isEqualTo(before.data()[i]);
            }
        }
        for (String[] bad : List.of(new String[] {"--complete-spheres", "vesicle"},
                new String[] {"--complete-spheres", "a", "--read", "region"},
                new String[] {"--complete-spheres", "a", "--shell-half-thickness", "0"})) {
            Run r = cryomine(concat(new String[] {"segment", model.toString(), dir.resolve("sim/tomogram.mrc").toString(),
                "--out", dir.resolve("seg-x.mrc").toString(), "--quiet"}, bad));
            assertThat(r.exit()).as(String.join(" ", bad)).isNotZero();
            assertThat(r.err()).containsAnyOf("'vesicle'", "--complete-spheres needs the whole label map",
                    "--shell-half-thickness must be").doesNotContain("Exception");
        }
        assertThat(dir.resolve("seg-x.mrc")).doesNotExist();
    }

    @Test
    @Order(5)
    void withoutLevelEachGroupGetsItsOwnFromTheDataAndLevelGivesOneForAll() throws Exception {
        Path auto = dir.resolve("segmodel-auto");
        // the recommended recipe's default: no --level
        Run t = cryomine("train-seg", dir.resolve("run").toString(), "--group", "a=0,1", "--group", "b=2", "--out",
                auto.toString(), "--epochs", "1", "--filters", "4", "--quiet");
        assertThat(t.exit()).as(t.err()).isZero();
        assertThat(t.out()).containsPattern("weak-label levels: a [0-9.]+, b [0-9.]+ \\(per group, from the data\\)");
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(auto.resolve("segmodel.json").toFile());
        assertThat(json.path("level").asText()).isEqualTo("per-group");
        assertThat(json.path("training").path("evenBackground").asBoolean(true)).as("the recipe's random draw").isFalse();
        for (String g : List.of("a", "b")) {
            assertThat(json.path("groupLevels").path(g).asDouble(-1)).as(g).isBetween(0.25, 2.0);
        }
        Path given = dir.resolve("segmodel-given");
        Run f = cryomine("train-seg", dir.resolve("run").toString(), "--group", "a=0,1", "--group", "b=2", "--out",
                given.toString(), "--epochs", "1", "--filters", "4", "--level", "0.3", "--even-background", "--balanced-groups",
                "--member-search", "2", "--weight-averaging", "0.95", "--fresh-background", "--networks", "2",
                "--group-average", "0.4", "--quiet");
        assertThat(f.exit()).as(f.err()).isZero();
        assertThat(f.out()).contains("weak-label levels: a 0.300, b 0.300 (given)");
        var fixed = new com.fasterxml.jackson.databind.ObjectMapper().readTree(given.resolve("segmodel.json").toFile());
        assertThat(fixed.path("level").asDouble()).isEqualTo(0.3);
        assertThat(fixed.path("groupLevels").path("a").asDouble()).isEqualTo(0.3);
        assertThat(fixed.path("groupLevels").path("b").asDouble()).isEqualTo(0.3);
        assertThat(fixed.path("training").path("evenBackground").asBoolean(false)).isTrue();
        assertThat(json.path("training").path("balancedGroups").asBoolean(true)).as("off in the recipe").isFalse();
        assertThat(fixed.path("training").path("balancedGroups").asBoolean(false)).isTrue();
        assertThat(json.path("training").path("memberSearch").asInt(-1)).as("off in the recipe").isZero();
        assertThat(fixed.path("training").path("memberSearch").asInt()).isEqualTo(2);
        assertThat(json.path("training").path("weightAveraging").asDouble(-1)).as("the recipe's")
                .isEqualTo(Recipe.RECOMMENDED.segmentationTraining().weightAveraging());
        assertThat(fixed.path("training").path("weightAveraging").asDouble()).isEqualTo(0.95);
        assertThat(json.path("training").path("freshBackground").asBoolean(true)).as("the recipe's")
                .isEqualTo(Recipe.RECOMMENDED.segmentationTraining().freshBackground());
        assertThat(fixed.path("training").path("freshBackground").asBoolean(false)).isTrue();
        assertThat(json.path("training").path("groupAverage").asDouble(-1)).as("the recipe's")
                .isEqualTo(Recipe.RECOMMENDED.segmentationTraining().groupAverage());
        assertThat(fixed.path("training").path("groupAverage").asDouble()).isEqualTo(0.4);
        assertThat(json.path("networks").asInt()).as("one network in the recipe").isEqualTo(1);
        assertThat(fixed.path("networks").asInt()).isEqualTo(2);
        assertThat(given.resolve("edss3d-2")).isDirectory();
        assertThat(fixed.path("examples").asInt()).as("the smaller group's members repeated")
                .isGreaterThanOrEqualTo(json.path("examples").asInt());

        Run e = cryomine("embed", dir.resolve("run").toString(), "--group", "a=0,1", "--group", "b=2", "--out",
                dir.resolve("embed-auto.mrc").toString(), "--allow-empty", "--quiet");
        assertThat(e.exit()).as(e.err()).isZero();
        assertThat(e.out()).containsPattern("embedding levels: a [0-9.]+, b [0-9.]+ \\(per group, from the data\\)");
        // the paper's recipe keeps its fixed level 1; --level auto asks for per-group levels under any recipe
        Run paper = cryomine("embed", dir.resolve("run").toString(), "--group", "a=0,1", "--group", "b=2", "--out",
                dir.resolve("embed-paper.mrc").toString(), "--recipe", "paper", "--allow-empty", "--quiet");
        assertThat(paper.out()).contains("embedding levels: a 1.000, b 1.000 (given)");
        Run paperAuto = cryomine("embed", dir.resolve("run").toString(), "--group", "a=0,1", "--group", "b=2", "--out",
                dir.resolve("embed-paper-auto.mrc").toString(), "--recipe", "paper", "--level", "auto", "--allow-empty",
                "--quiet");
        assertThat(paperAuto.out()).contains("(per group, from the data)");
        Run g = cryomine("embed", dir.resolve("run").toString(), "--group", "a=0,1", "--group", "b=2", "--out",
                dir.resolve("embed-given.mrc").toString(), "--level", "0.4", "--allow-empty", "--quiet");
        assertThat(g.exit()).as(g.err()).isZero();
        assertThat(g.out()).contains("embedding levels: a 0.400, b 0.400 (given)");
        Run bad = cryomine("embed", dir.resolve("run").toString(), "--group", "a=0,1", "--out",
                dir.resolve("embed-bad.mrc").toString(), "--level", "high", "--quiet");
        assertThat(bad.exit()).isNotZero();
        assertThat(bad.err()).contains("'high' is not a level").contains("auto");
    }

    @Test
    @Order(5)
    void trainSegTakesTheBeyondThePaperWeakLabelOptions() {
        Path model = dir.resolve("segmodel-refined");
        Run t = cryomine("train-seg", dir.resolve("run").toString(), "--group", "a=0,1", "--out", model.toString(),
                "--epochs", "1", "--filters", "4", "--level", "0", "--label-radius", "0.35", "--data-sigma", "1",
                "--complete-spheres", "a", "--no-central-object", "--quiet");
        assertThat(t.exit()).as(t.err()).isZero();
        assertThat(model.resolve("edss3d")).isDirectory();
        assertThat(model.resolve("segmodel.json")).content().contains("\"labelRadius\" : 0.35")
                .contains("\"dataSigma\" : 1.0").contains("\"sphereGroups\" : [ \"a\" ]")
                .contains("\"centralObject\" : false");
        Run unknownGroup = cryomine("train-seg", dir.resolve("run").toString(), "--group", "a=0,1", "--out",
                dir.resolve("segmodel-bad").toString(), "--epochs", "1", "--complete-spheres", "vesicles", "--quiet");
        assertThat(unknownGroup.exit()).isNotZero();
        assertThat(unknownGroup.err()).contains("'vesicles'").contains("[a]").doesNotContain("Exception");
        assertThat(dir.resolve("segmodel-bad")).doesNotExist();
        Run bad = cryomine("train-seg", dir.resolve("run").toString(), "--group", "a=0,1", "--out",
                dir.resolve("segmodel-bad").toString(), "--epochs", "1", "--label-radius", "0", "--quiet");
        assertThat(bad.exit()).isNotZero();
        assertThat(bad.err()).contains("label radius");
        assertThat(dir.resolve("segmodel-bad")).doesNotExist();
    }

    @Test
    @Order(5)
    void trainingPrecisionIsChosenByOptionAndRecorded() throws Exception {
        Path mixed = dir.resolve("segmodel-mixed");
        Run t = cryomine("train-seg", dir.resolve("run").toString(), "--group", "a=0,1", "--out", mixed.toString(),
                "--epochs", "1", "--filters", "4", "--precision", "mixed", "--central-object", "--flip-augmentation",
                "--min-steps", "120", "--quiet");
        assertThat(t.exit()).as(t.err()).isZero();
        assertThat(mixed.resolve("segmodel.json")).content().contains("\"mixedPrecision\" : true")
                .contains("\"centralObject\" : true").contains("\"flipAugmentation\" : true")
                .contains("\"minSteps\" : 120");
        // --epochs 1, but at least 120 batches of 8 from the 90% of the examples that train
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        int examples = json.readTree(mixed.resolve("segmodel.json").toFile()).path("examples").asInt();
        int perEpoch = (examples - (int) Math.round(examples * 0.1) + 7) / 8;
        assertThat(json.readTree(mixed.resolve("edss3d/model.json").toFile()).path("config").path("maxEpochs").asInt())
                .as("%d examples", examples).isEqualTo(Math.max(1, (120 + perEpoch - 1) / perEpoch)).isGreaterThan(1);
        assertThat(mixed.resolve("edss3d/model.json")).content().contains("\"mixedPrecision\" : true")
                .contains("\"flipAugmentation\" : true");
        Path plain = dir.resolve("segmodel-float32");
        Run f = cryomine("train-seg", dir.resolve("run").toString(), "--group", "a=0,1", "--out", plain.toString(),
                "--epochs", "1", "--filters", "4", "--level", "0", "--precision", "float32", "--quiet");
        assertThat(f.exit()).as(f.err()).isZero();
        assertThat(plain.resolve("edss3d/model.json")).content().contains("\"mixedPrecision\" : false")
                .contains("\"flipAugmentation\" : false");
        Run bad = cryomine("train-seg", dir.resolve("run").toString(), "--group", "a=0,1", "--out",
                dir.resolve("segmodel-half").toString(), "--precision", "half", "--quiet");
        assertThat(bad.exit()).isNotZero();
        assertThat(bad.err()).contains("'half' is not a precision").contains("float32");
        assertThat(dir.resolve("segmodel-half")).doesNotExist();
    }

    @Test
    @Order(6)
    void tilesOfTheBoxEdgeAgreeWithTheDefaultLargerTiles() {
        Path small = dir.resolve("seg-whole-box-tiles.mrc");
        Run s = cryomine("segment", dir.resolve("segmodel").toString(), dir.resolve("sim/tomogram.mrc").toString(),
                "--out", small.toString(), "--mode", "whole", "--tile-edge", "0", "--quiet");
        assertThat(s.exit()).as(s.err()).isZero();
        assertThat(agreement(dir.resolve("seg-whole.mrc"), small)).isGreaterThan(0.9);
    }

    @Test
    @Order(6)
    void bfloat16SegmentationAgreesWithFloat32() {
        // a float32 model (a mixed-precision one runs in bfloat16 anyway), segmented in float32 and in bfloat16
        Path model = dir.resolve("segmodel-float32");
        Path f32 = dir.resolve("seg-whole-f32.mrc");
        Path bf16 = dir.resolve("seg-whole-bf16.mrc");
        for (Path out : List.of(f32, bf16)) {
            Run s = cryomine(concat(new String[] {"segment", model.toString(), dir.resolve("sim/tomogram.mrc").toString(),
                "--out", out.toString(), "--mode", "whole", "--quiet"}, out == bf16 ? new String[] {"--bf16"}
                : new String[0]));
            assertThat(s.exit()).as(s.err()).isZero();
        }
        assertThat(agreement(f32, bf16)).isGreaterThan(0.95);
    }

    /** The fraction of voxels two label maps agree on. */
    private static double agreement(Path first, Path second) {
        float[] a = Volumes.read(first).data();
        float[] b = Volumes.read(second).data();
        int same = 0;
        for (int i = 0; i < a.length; i++) {
            same += a[i] == b[i] ? 1 : 0;
        }
        return same / (double) a.length;
    }

    @Test
    @Order(7)
    void badInputGetsOneClearLine() throws Exception {
        Run missingCluster = cryomine("embed", dir.resolve("run").toString(), "--group", "a=99", "--out",
                dir.resolve("x.mrc").toString());
        assertThat(missingCluster.exit()).isEqualTo(2);
        assertThat(missingCluster.err()).contains("[99]").contains("only 4 clusters").doesNotContain("Exception");

        Run notARun = cryomine("embed", dir.toString(), "--group", "a=1", "--out", dir.resolve("x.mrc").toString());
        assertThat(notARun.err()).contains("not a cryomine run directory");

        Run notAModel = cryomine("segment", dir.toString(), dir.resolve("sim/tomogram.mrc").toString(), "--out",
                dir.resolve("y.mrc").toString());
        assertThat(notAModel.err()).contains("not a cryomine segmentation model");

        Run bigBox = cryomine("mine", dir.resolve("sim/tomogram.mrc").toString(), "--out", dir.resolve("r2").toString(),
                "--box", "64", "--quiet");
        assertThat(bigBox.exit()).isEqualTo(2);
        assertThat(bigBox.err()).contains("smaller than the 64^3 box");

        Run badMode = cryomine("segment", dir.resolve("segmodel").toString(), dir.resolve("sim/tomogram.mrc").toString(),
                "--out", dir.resolve("z.mrc").toString(), "--mode", "everything");
        assertThat(badMode.err()).contains("'clusters' or 'whole'");

        Path notMrc = dir.resolve("notes.mrc");
        Files.writeString(notMrc, "these are my notes, not a tomogram");
        Run notTomo = cryomine("mine", notMrc.toString(), "--out", dir.resolve("r3").toString(), "--quiet");
        assertThat(notTomo.exit()).isEqualTo(2);
        assertThat(notTomo.err()).contains(notMrc.toString()).doesNotContain("at org.");

        // fail fast: too many clusters is refused right after picking, before any training
        String[] manyK = TINY_MINE.clone();
        manyK[java.util.Arrays.asList(manyK).indexOf("--k") + 1] = "100000";
        Run tooManyK = cryomine(concat(new String[] {"mine", dir.resolve("sim/tomogram.mrc").toString(), "--out",
            dir.resolve("r4").toString()}, manyK));
        assertThat(tooManyK.exit()).isEqualTo(2);
        assertThat(tooManyK.err()).contains("k = 100000 clusters but only").contains("choose a smaller --k");
        assertThat(dir.resolve("r4/model")).doesNotExist();
        // a folder of other files is not mined into unless forced
        Path foreign = Files.createDirectories(dir.resolve("photos"));
        Files.writeString(foreign.resolve("holiday.jpg"), "x");
        Run intoForeign = cryomine(concat(new String[] {"mine", dir.resolve("sim/tomogram.mrc").toString(), "--out",
            foreign.toString()}, TINY_MINE));
        assertThat(intoForeign.exit()).isEqualTo(2);
        assertThat(intoForeign.err()).contains("is not a cryomine run").contains("--force");
        assertThat(foreign.resolve("manifest.json")).doesNotExist();
        // a group that gets no voxel is written with a warning and exit status 3, or 0 when allowed
        Run empty = cryomine("embed", dir.resolve("run").toString(), "--group", "a=0", "--out",
                dir.resolve("empty.mrc").toString(), "--level", "1000", "--quiet");
        assertThat(empty.exit()).as(empty.err()).isEqualTo(3);
        assertThat(empty.err()).contains("no voxel of [a]");
        Run allowed = cryomine("embed", dir.resolve("run").toString(), "--group", "a=0", "--out",
                dir.resolve("empty.mrc").toString(), "--level", "1000", "--force", "--allow-empty", "--quiet");
        assertThat(allowed.exit()).as(allowed.err()).isZero();
    }

    @Test
    @Order(8)
    void flipAveragedCodesAreClusteredWhileEachBoxKeepsItsOwnCode() throws Exception {
        Path run = dir.resolve("run-flips");
        String tomo = dir.resolve("sim/tomogram.mrc").toString();
        Run r = cryomine(concat(new String[] {"mine", tomo, "--out", run.toString(), "--flip-augmentation",
            "--flip-averaged-codes"}, TINY_MINE));
        assertThat(r.exit()).as(r.err()).isZero();
        float[][] own = MatrixCsv.read(run.resolve("codes.csv"));
        float[][] averaged = MatrixCsv.read(run.resolve("codes-flip-averaged.csv"));
        int[] assignments = MatrixCsv.readColumn(run.resolve("clusters/assignments.csv"));
        float[][] centroids = MatrixCsv.read(run.resolve("clusters/centroids.csv"));
        assertThat(averaged.length).isEqualTo(own.length);
        assertThat(averaged[0]).isNotEqualTo(own[0]);
        assertThat(run.resolve("report.html")).content().contains("codes averaged over each box");
        // k-means ran on the averaged codes: each centroid is the mean of its members' averaged codes, up to the
        // centre shift that k-means' tolerance allows (scikit-learn's rule, 1e-4 of the codes' variance, and its final
        // assignment step), far closer to it than to the mean of the members' own codes
        float[][] meanAveraged = memberMeans(averaged, assignments, centroids.length);
        float[][] meanOwn = memberMeans(own, assignments, centroids.length);
        for (int c = 0; c < centroids.length; c++) {
            assertThat(centroids[c]).as("centroid %d", c).containsExactly(meanAveraged[c], within(1e-2f));
            assertThat(distance(centroids[c], meanAveraged[c])).as("centroid %d: to the averaged codes' mean", c)
                    .isLessThan(distance(centroids[c], meanOwn[c]) / 4);
        }
        // the decoded centre is the decoded mean of the members' own codes, which decode to pictures
        try (TrainedAutoencoder ae = TrainedAutoencoder.load(run.resolve("model"))) {
            Volume centre = ae.decode(new float[][] {memberMeans(own, assignments, centroids.length)[0]})[0];
            assertThat(Volumes.read(run.resolve("clusters/centre_000.mrc")).data())
                    .containsExactly(centre.data(), within(1e-4f));
        }
        Path model = dir.resolve("segmodel-flips");
        Run t = cryomine("train-seg", run.toString(), "--group", "a=0,1", "--out", model.toString(), "--epochs", "1",
                "--filters", "4", "--level", "0", "--quiet");
        assertThat(t.exit()).as(t.err()).isZero();
        assertThat(model.resolve("segmodel.json")).content().contains("\"codeAveraging\" : \"FLIPS\"");
        Run s = cryomine("segment", model.toString(), tomo, "--out", dir.resolve("seg-flips.mrc").toString(), "--mode",
                "clusters", "--sigma", "2", "--smoothing-sigma", "1", "--quiet");
        assertThat(s.exit()).as(s.err()).isZero();

        // mined again without averaging: the codes are redone, the training reused, the averaged file gone
        String manifest = Files.readString(run.resolve("manifest.json"));
        Run plain = cryomine(concat(new String[] {"mine", tomo, "--out", run.toString(), "--flip-augmentation",
            "--no-flip-averaged-codes"}, TINY_MINE));
        assertThat(plain.exit()).as(plain.err()).isZero();
        assertThat(run.resolve("codes-flip-averaged.csv")).doesNotExist();
        assertThat(run.resolve("report.html")).content().doesNotContain("averaged over each box");
        assertThat(MatrixCsv.read(run.resolve("codes.csv"))).isDeepEqualTo(own);
        assertThat(trainFinished(Files.readString(run.resolve("manifest.json")))).isEqualTo(trainFinished(manifest));
        assertThat(MatrixCsv.read(run.resolve("clusters/centroids.csv"))[0]).hasSize(8);
    }

    private static double distance(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (a[i] - b[i]) * (double) (a[i] - b[i]);
        }
        return Math.sqrt(sum);
    }

    private static float[][] memberMeans(float[][] codes, int[] assignments, int k) {
        float[][] mean = new float[k][codes[0].length];
        int[] count = new int[k];
        for (int i = 0; i < codes.length; i++) {
            count[assignments[i]]++;
            for (int j = 0; j < codes[i].length; j++) {
                mean[assignments[i]][j] += codes[i][j];
            }
        }
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < mean[c].length; j++) {
                mean[c][j] /= count[c];
            }
        }
        return mean;
    }

    /** The share of voxels two label maps agree on. */
    private static double agreement(Volume a, Volume b) {
        long same = 0;
        for (int i = 0; i < a.data().length; i++) {
            same += a.data()[i] == b.data()[i] ? 1 : 0;
        }
        return same / (double) a.data().length;
    }
}
