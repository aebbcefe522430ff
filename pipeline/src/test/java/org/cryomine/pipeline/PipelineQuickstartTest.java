package org.cryomine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cryomine.core.CryomineException;
import org.cryomine.core.Volume;
import org.cryomine.core.pick.RegionSource;
import org.cryomine.core.pick.SubvolumePicker;
import org.cryomine.core.simulate.TomogramSimulator;
import org.cryomine.core.stats.IntensityMap;
import org.cryomine.core.stats.IntensityStatistics;
import org.cryomine.io.Volumes;
import org.cryomine.io.WriteOptions;
import org.cryomine.segmentation.Selection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's pipeline quickstart at a small size (mine, train a segmentation model, segment a second tomogram),
 * stage reuse that ignores thread counts, and the recipes' settings.
 */
class PipelineQuickstartTest {

    @TempDir
    Path dir;

    /** The recommended recipe shrunk to seconds: 16^3 boxes, a tiny network, one or two epochs. */
    static MiningSettings tiny(int threads) {
        MiningSettings s = MiningSettings.recommended(16).withK(3).withSeed(1)
                .withPicker(SubvolumePicker.dog().withSmoothingSigma(1).withSigma(2).withMinDistance(6)
                        .withBoxSize(16).withMaxPicks(60));
        return s.withAutoencoder(s.autoencoder().toBuilder().filters(4).codeSize(8).maxEpochs(2).threads(threads).build());
    }

    /** {@code tomogram} written into {@code dir} as tomo.mrc and mined there with {@link #tiny(int)} into run/. */
    static MinedRun tinyRun(Path dir, Volume tomogram) throws java.io.IOException {
        Path tomo = dir.resolve("tomo.mrc");
        Volumes.write(tomogram, tomo, WriteOptions.defaults());
        Path runDir = dir.resolve("run");
        MiningPipeline.of(tiny(0)).run(tomo, runDir, PipelineListener.NONE);
        return MinedRun.open(runDir);
    }

    private Path simulate(String name, long seed) {
        Volume v = TomogramSimulator.builder().size(64, 64, 32).seed(seed).build().simulate().tomogram();
        Path file = dir.resolve(name);
        Volumes.write(v, file, WriteOptions.defaults());
        return file;
    }

    @Test
    void minesTrainsAndSegmentsThroughTheLibrary() throws Exception {
        Path tomo = simulate("tomo1.mrc", 1);
        Path run = dir.resolve("run");
        MiningPipeline.Result mined = MiningPipeline.of(tiny(0)).run(tomo, run, PipelineListener.NONE);
        assertThat(mined.centroids()).hasNumberOfRows(3);
        assertThat(mined.codes().length).isEqualTo(mined.centres().size());
        assertThat(run.resolve("report.html")).exists();
        // interoperable outputs: decoded centres at the tomogram's voxel size, RELION 5 columns, codes with ids
        assertThat(Volumes.readHeader(run.resolve("clusters/centre_000.mrc")).voxelSizeOrDefault())
                .isEqualTo(Volumes.readHeader(tomo).voxelSizeOrDefault());
        assertThat(Files.readString(run.resolve("picks.star"))).contains("_rlnTomoName", "_rlnClassNumber",
                "_rlnCenteredCoordinateXAngst", "tomo1");
        assertThat(Files.readAllLines(run.resolve("codes.csv")).get(0)).startsWith("pick,rlnTomoName,code_0,");
        JsonNode manifest = RunManifest.json().readTree(run.resolve("manifest.json").toFile());
        assertThat(manifest.path("recipe").asText()).isEqualTo("recommended");
        assertThat(manifest.path("stages").path("train").path("parameters").path("autoencoder").has("threads"))
                .as("thread counts are not part of the reuse key").isFalse();
        String trained = manifest.path("stages").path("train").path("finished").asText();

        // another thread count reuses the trained network
        MiningPipeline.of(tiny(1)).run(tomo, run, PipelineListener.NONE);
        JsonNode again = RunManifest.json().readTree(run.resolve("manifest.json").toFile());
        assertThat(again.path("stages").path("train").path("finished").asText()).isEqualTo(trained);

        Selection selection = Selection.fromJson("{\"groups\": [{\"name\": \"a\", \"clusters\": [0, 1]}]}", "test");
        SegTrainSettings training = SegTrainSettings.recommended().withLevel(0).withFilters(4).withEpochs(1);
        SegModel model = SegmentationTraining.of(training)
                .train(MinedRun.open(run), selection, dir.resolve("segmodel"), false, PipelineListener.NONE);
        assertThat(model.dir().resolve("segmodel.json")).exists();
        assertThat(model.groupLevels()).as("a given level for every group").containsExactly(0.0);
        assertThat(SegModel.open(model.dir()).groupLevels()).containsExactly(0.0);
        assertThat(SegModel.open(model.dir()).level()).isZero();
        assertThat(model.groupObjectVoxels()).as("the typical weak-label object, recorded").hasSize(1)
                .allSatisfy(n -> assertThat(n).isPositive());
        assertThat(SegModel.open(model.dir()).groupObjectVoxels()).isEqualTo(model.groupObjectVoxels());
        assertThatThrownBy(() -> SegmentationTraining.of(training)
                .train(MinedRun.open(run), selection, dir.resolve("segmodel"), false, PipelineListener.NONE))
                .isInstanceOf(CryomineException.class).hasMessageContaining("exists");

        Path tomo2 = simulate("tomo2.mrc", 2);
        Segmenter.Written written = Segmenter.of(model, Recipe.RECOMMENDED.segmenting())
                .segmentFile(tomo2, dir.resolve("labels2.mrc"), dir.resolve("prob"), false, PipelineListener.NONE);
        Volume labels = Volumes.read(written.labels());
        assertThat(labels.shape()).containsExactly(64, 64, 32);
        assertThat(labels.statistics().min()).isGreaterThanOrEqualTo(0.0);
        assertThat(labels.statistics().max()).isLessThanOrEqualTo(1.0);
        assertThat(written.probabilities()).extracting(p -> p.getFileName().toString())
                .containsExactly("0_background.mrc", "1_a.mrc");
        // the file path and the in-memory path give the same labels
        Volume inMemory = Segmenter.of(model, Recipe.RECOMMENDED.segmenting())
                .segment(Volumes.read(tomo2), false, PipelineListener.NONE).labels();
        assertThat(inMemory.data()).isEqualTo(labels.data());
        // with the whole typical object as the smallest piece, every piece left is at least that large
        Volume bigOnly = Segmenter.of(model, Recipe.RECOMMENDED.segmenting().withMinPieceFraction(1))
                .segment(Volumes.read(tomo2), false, PipelineListener.NONE).labels();
        org.cryomine.core.filter.ConnectedComponents pieces = org.cryomine.core.filter.ConnectedComponents.of(bigOnly,
                v -> bigOnly.data()[v] == 1);
        for (int p = 1; p < pieces.sizes().length; p++) {
            assertThat(pieces.sizes()[p]).isGreaterThanOrEqualTo(model.groupObjectVoxels().get(0));
        }
        // the default tiles (64 voxels) cover this 64x64x32 tomogram at once; tiles of the 16-voxel box step by half a
        // box from a quarter box before each face: 8 x 8 x 4 tiles; tiles of 40 share 8 voxels: 2 x 2 x 1
        assertThat(tilesSegmented(model, tomo2, Recipe.RECOMMENDED.segmenting())).isEqualTo(1);
        assertThat(tilesSegmented(model, tomo2, Recipe.RECOMMENDED.segmenting().withTileEdge(0))).isEqualTo(8 * 8 * 4);
        assertThat(tilesSegmented(model, tomo2, Recipe.RECOMMENDED.segmenting().withTileEdge(40))).isEqualTo(2 * 2 * 1);
        assertThatThrownBy(() -> SegmentSettings.defaults().withTileEdge(-1)).hasMessageContaining("tile edge");
        intensitiesOfAnotherScaleAreMatched(model, tomo, tomo2);
        assertThat(Files.list(dir).map(p -> p.getFileName().toString()).toList())
                .as("no temporary files left").noneMatch(n -> n.contains(".tmp") || n.endsWith(".part"));
    }

    /**
     * The model records its training tomogram's intensities, and a second tomogram whose intensities another
     * reconstruction scaled (x3 + 100) is segmented as the original is, in memory and by region; without matching
     * (the paper's) it is not.
     */
    private void intensitiesOfAnotherScaleAreMatched(SegModel model, Path tomo1, Path tomo2) throws Exception {
        IntensityStatistics training = IntensityStatistics.of(Volumes.read(tomo1));
        assertThat(model.intensity()).isEqualTo(training);
        assertThat(SegModel.open(model.dir()).intensity()).isEqualTo(training);
        Volume original = Volumes.read(tomo2);
        Volume rescaled = new IntensityMap(3, 100).applyInPlace(original.copy());
        Path rescaledFile = dir.resolve("tomo2-rescaled.mrc");
        Volumes.write(rescaled, rescaledFile, WriteOptions.defaults());
        SegmentSettings matching = Recipe.RECOMMENDED.segmenting().withMinPieceFraction(0);
        assertThat(matching.matchIntensities()).isTrue();
        float[] want = Segmenter.of(model, matching).segment(original, true, PipelineListener.NONE).probabilities()[1]
                .data();
        float[] matched = Segmenter.of(model, matching).segment(rescaled, true, PipelineListener.NONE)
                .probabilities()[1].data();
        float[] unmatched = Segmenter.of(model, matching.withMatchIntensities(false))
                .segment(rescaled, true, PipelineListener.NONE).probabilities()[1].data();
        assertThat(maxDifference(want, matched)).as("matched (bfloat16 rounds the inputs)").isLessThan(0.01);
        assertThat(maxDifference(want, unmatched)).as("as it is").isGreaterThan(0.2);
        assertThat(rescaled.data()).as("the caller's volume is not modified").isEqualTo(
                new IntensityMap(3, 100).applyInPlace(original.copy()).data());
        Volume inMemory = Segmenter.of(model, matching).segment(rescaled, false, PipelineListener.NONE).labels();
        Segmenter.Written byRegion = Segmenter.of(model, matching).withAccess(TomogramAccess.REGION)
                .segmentFile(rescaledFile, dir.resolve("labels-rescaled.mrc"), null, false, PipelineListener.NONE);
        assertThat(byRegion.byRegion()).isTrue();
        assertThat(Volumes.read(byRegion.labels()).data()).isEqualTo(inMemory.data());
        SegModel unrecorded = new SegModel(model.dir(), model.selection(), model.level(), model.groupLevels(),
                model.contrast(), model.boxSize(), model.picker(), model.codeAveraging(), model.groupObjectVoxels(), null,
                model.networks());
        assertThat(Segmenter.of(unrecorded, matching).intensityMap(RegionSource.of(rescaled), "t").isIdentity())
                .as("a model that records no intensities segments the tomogram as it is").isTrue();
        assertThatThrownBy(() -> Segmenter.of(model, matching).segment(Volume.zeros(64, 64, 32), false,
                PipelineListener.NONE)).as("a constant tomogram has no scale to match").isInstanceOf(CryomineException.class)
                .hasMessageContaining("all hold one value").hasMessageContaining("nothing to segment");
        // segmenting as it is warns when the units clearly differ: x3 + 100 does, the original does not
        assertThat(Segmenter.inOtherUnits(IntensityStatistics.of(rescaled), training)).isTrue();
        assertThat(Segmenter.inOtherUnits(IntensityStatistics.of(original), training)).isFalse();
        assertThat(Segmenter.inOtherUnits(new IntensityStatistics(0, 2.1, 1), new IntensityStatistics(0, 1, 1))).isTrue();
        assertThat(Segmenter.inOtherUnits(new IntensityStatistics(0.9, 1.9, 1), new IntensityStatistics(0, 1, 1)))
                .isFalse();
    }

    private static double maxDifference(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    /** The number of whole-mode tiles segmenting {@code tomogram} with {@code settings} took. */
    private static long tilesSegmented(SegModel model, Path tomogram, SegmentSettings settings) throws Exception {
        long[] total = {0};
        PipelineListener count = new PipelineListener() {
            @Override
            public void onProgress(String stage, long done, long all) {
                if (stage.equals("segmenting tiles")) {
                    total[0] = all;
                }
            }
        };
        Segmenter.of(model, settings).segment(Volumes.read(tomogram), false, count);
        return total[0];
    }

    @Test
    void levelsChosenPerGroupAreUsedAndRecorded() throws Exception {
        Path tomo = simulate("tomo1.mrc", 1);
        Path run = dir.resolve("run");
        MiningPipeline.of(tiny(0)).run(tomo, run, PipelineListener.NONE);
        Selection selection = Selection.fromJson("{\"groups\": [{\"name\": \"a\", \"clusters\": [0]}, "
                + "{\"name\": \"b\", \"clusters\": [1, 2]}]}", "test");
        SegTrainSettings perGroup = SegTrainSettings.recommended().withLevel(SegTrainSettings.PER_GROUP).withFilters(4)
                .withEpochs(1);
        assertThat(perGroup.perGroupLevels()).isTrue();
        SegModel model = SegmentationTraining.of(perGroup)
                .train(MinedRun.open(run), selection, dir.resolve("segmodel-auto"), false, PipelineListener.NONE);
        assertThat(model.level()).isNaN();
        assertThat(model.groupLevels()).hasSize(2).allSatisfy(l -> assertThat(l).isBetween(0.25, 2.0));
        SegModel read = SegModel.open(model.dir());
        assertThat(read.level()).isNaN();
        assertThat(read.groupLevels()).isEqualTo(model.groupLevels());
        assertThat(Files.readString(model.dir().resolve("segmodel.json"))).contains("\"level\" : \"per-group\"")
                .contains("\"groupLevels\"");

        // embedding: per group from the members' decodings, or one given level for all
        MinedRun mined = MinedRun.open(run);
        RunEmbedding.Result auto = RunEmbedding.embedWithLevels(mined, selection, RunEmbedding.PER_GROUP,
                PipelineListener.NONE);
        assertThat(auto.levels()).hasSize(2).allSatisfy(l -> assertThat(l).isBetween(0.25, 2.0));
        RunEmbedding.Result given = RunEmbedding.embedWithLevels(mined, selection, 0.5, PipelineListener.NONE);
        assertThat(given.levels()).containsExactly(0.5, 0.5);
        // the same levels given one by one paint the same map as the ones chosen
        assertThat(RunEmbedding.embed(mined, selection, 0.5, PipelineListener.NONE).data())
                .isEqualTo(given.labels().data());
        assertThatThrownBy(() -> SegTrainSettings.recommended().withLevel(Double.POSITIVE_INFINITY))
                .hasMessageContaining("finite");
    }

    @Test
    void anEnsembleTrainsOneNetworkPerSeedAndSegmentsWithTheMeanOfTheirProbabilities() throws Exception {
        Path tomo = simulate("tomo1.mrc", 1);
        Path run = dir.resolve("run");
        MiningPipeline.of(tiny(0)).run(tomo, run, PipelineListener.NONE);
        Selection selection = Selection.fromJson("{\"groups\": [{\"name\": \"a\", \"clusters\": [0, 1]}]}", "test");
        SegTrainSettings two = SegTrainSettings.recommended().withLevel(0).withFilters(4).withEpochs(1).withNetworks(2)
                .withFreshBackground(true);
        SegModel ensemble = SegmentationTraining.of(two)
                .train(MinedRun.open(run), selection, dir.resolve("ensemble"), false, PipelineListener.NONE);
        assertThat(ensemble.networks()).isEqualTo(2);
        assertThat(ensemble.edss3dNetworks()).containsExactly(ensemble.dir().resolve("edss3d"),
                ensemble.dir().resolve("edss3d-2"));
        assertThat(ensemble.dir().resolve("edss3d-2")).isDirectory();
        assertThat(SegModel.open(ensemble.dir()).networks()).isEqualTo(2);
        JsonNode json = RunManifest.json().readTree(ensemble.dir().resolve("segmodel.json").toFile());
        assertThat(json.path("networks").asInt()).isEqualTo(2);
        assertThat(json.path("training").path("freshBackground").asBoolean()).isTrue();

        // each network alone: the first as it is, the second copied into a model of its own
        SegModel first = withNetworks(ensemble, ensemble.dir(), 1);
        Path secondDir = dir.resolve("second");
        Directories.copyRecursively(ensemble.dir(), secondDir);
        Directories.deleteRecursively(secondDir.resolve("edss3d"));
        Files.move(secondDir.resolve("edss3d-2"), secondDir.resolve("edss3d"));
        SegModel second = withNetworks(ensemble, secondDir, 1);
        Volume tomo2 = Volumes.read(simulate("tomo2.mrc", 2));
        SegmentSettings settings = Recipe.RECOMMENDED.segmenting();
        float[] mean = Segmenter.of(ensemble, settings).segment(tomo2, true, PipelineListener.NONE).probabilities()[1]
                .data();
        float[] p1 = Segmenter.of(first, settings).segment(tomo2, true, PipelineListener.NONE).probabilities()[1].data();
        float[] p2 = Segmenter.of(second, settings).segment(tomo2, true, PipelineListener.NONE).probabilities()[1].data();
        assertThat(p2).as("another seed, another network").isNotEqualTo(p1);
        for (int v = 0; v < mean.length; v += 97) {
            assertThat(mean[v]).isCloseTo((p1[v] + p2[v]) / 2, org.assertj.core.api.Assertions.within(1e-5f));
        }
        assertThatThrownBy(() -> SegTrainSettings.recommended().withNetworks(0)).hasMessageContaining("at least one");
    }

    /** {@code model}'s description for the model directory {@code dir} holding {@code networks} networks. */
    private static SegModel withNetworks(SegModel model, Path dir, int networks) {
        return new SegModel(dir, model.selection(), model.level(), model.groupLevels(), model.contrast(),
                model.boxSize(), model.picker(), model.codeAveraging(), model.groupObjectVoxels(), model.intensity(),
                networks);
    }

    @Test
    void aRunFolderLockedByAnotherCommandIsRefusedAtOnce() throws Exception {
        Path tomo = simulate("tomo1.mrc", 1);
        Path run = dir.resolve("run");
        try (org.cryomine.io.run.RunLock lock = org.cryomine.io.run.RunLock.acquire(run, "cryomine mine (test)")) {
            assertThatThrownBy(() -> MiningPipeline.of(tiny(0)).run(tomo, run, PipelineListener.NONE))
                    .isInstanceOf(CryomineException.class).hasMessageContaining("cryomine mine (test)");
        }
        assertThat(run.resolve("manifest.json")).as("nothing was written").doesNotExist();
        MiningPipeline.of(tiny(0)).run(tomo, run, PipelineListener.NONE);
        // a temporary file of a killed run, untouched for two days, is removed by the next run
        Path stale = run.resolve(".codes.csv12345.tmp");
        Files.writeString(stale, "half");
        Files.setLastModifiedTime(stale, java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(java.time.Duration.ofDays(2))));
        MiningPipeline.of(tiny(0)).run(tomo, run, PipelineListener.NONE);
        assertThat(stale).doesNotExist();
        assertThat(run.resolve(org.cryomine.io.run.RunLock.FILE_NAME)).as("lock released").doesNotExist();
    }

    @Test
    void recipesDifferWhereThePaperDiffers() {
        MiningSettings paper = MiningSettings.paper(32);
        MiningSettings recommended = MiningSettings.recommended(32);
        assertThat(paper.autoencoder().linearCode()).isFalse();
        assertThat(paper.autoencoder().centreWeighting()).isZero();
        assertThat(paper.autoencoder().flipAugmentation()).isFalse();
        assertThat(paper.autoencoder().patience()).as("the paper's patience").isEqualTo(20);
        assertThat(recommended.autoencoder().linearCode()).isTrue();
        assertThat(recommended.recipe()).isEqualTo("recommended");
        assertThat(SegTrainSettings.paper().labelRadius()).isInfinite();
        assertThat(SegTrainSettings.paper().balanced()).isFalse();
        assertThat(SegTrainSettings.paper().level()).as("the paper's fixed level").isEqualTo(1.0);
        assertThat(Recipe.PAPER.embedLevel()).isEqualTo(1.0);
        assertThat(SegTrainSettings.recommended().perGroupLevels()).as("recommended: levels per group").isTrue();
        assertThat(Recipe.RECOMMENDED.embedLevel()).isNaN();
        assertThat(paper.picker().boundary()).as("the paper skips boxes leaving the tomogram")
                .isEqualTo(org.cryomine.core.BoundaryPolicy.SKIP);
        assertThat(recommended.picker().boundary()).isEqualTo(org.cryomine.core.BoundaryPolicy.FILL_MEAN);
        assertThat(Recipe.RECOMMENDED.picker(24).boxSize()).isEqualTo(24);
        assertThat(Recipe.PAPER.picker(32).toString()).isEqualTo(org.cryomine.core.pick.SubvolumePicker.dog().toString());
        assertThat(Recipe.PAPER.segmenting().mode()).isEqualTo(SegmentSettings.Mode.CLUSTERS);
        assertThat(Recipe.RECOMMENDED.segmenting().mode()).isEqualTo(SegmentSettings.Mode.WHOLE);
        assertThat(recommended
                .withSeed(3).autoencoder().seed()).as("one seed for k-means and the network").isEqualTo(3);
        assertThatThrownBy(() -> Recipe.parse("best")).hasMessageContaining("recommended").hasMessageContaining("paper");
        assertThatThrownBy(() -> recommended.withK(-1)).hasMessageContaining("k must be at least 1");
        assertThat(List.of(Recipe.values())).hasSize(2);
        // mixed precision where the CPU computes bfloat16 natively, for boxes TensorFlow's bfloat16 gradients handle
        boolean fast = org.cryomine.nn.CpuFeatures.fastBfloat16();
        assertThat(recommended.autoencoder().mixedPrecision()).isEqualTo(fast);
        assertThat(SegTrainSettings.recommended().mixedPrecision()).isEqualTo(fast);
        assertThat(MiningSettings.recommended(8).autoencoder().mixedPrecision()).as("boxes under 12").isFalse();
        assertThat(paper.autoencoder().mixedPrecision()).isFalse();
        assertThat(SegTrainSettings.paper().mixedPrecision()).isFalse();
        assertThat(SegTrainSettings.recommended().centralObject()).as("weak labels of the central object").isTrue();
        assertThat(SegTrainSettings.paper().centralObject()).isFalse();
        assertThat(SegTrainSettings.recommended().groupAverage()).as("particle labels half from the group's average")
                .isEqualTo(0.5);
        assertThat(SegTrainSettings.paper().groupAverage()).isZero();
        assertThat(SegTrainSettings.recommended().minSteps()).as("small training sets train longer")
                .isEqualTo(Recipe.MIN_TRAINING_STEPS);
        assertThat(SegTrainSettings.paper().minSteps()).isZero();
    }
}
