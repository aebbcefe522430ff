package org.cryomine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cryomine.core.CryomineException;
import org.cryomine.core.VoxelSize;
import org.cryomine.core.Volume;
import org.cryomine.core.pick.SubvolumePicker;
import org.cryomine.core.simulate.TomogramSimulator;
import org.cryomine.core.stats.IntensityMap;
import org.cryomine.io.Volumes;
import org.cryomine.io.WriteOptions;
import org.cryomine.io.particles.Particle;
import org.cryomine.io.particles.ParticleLists;
import org.cryomine.segmentation.Selection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several tomograms mined as one run: one network and one codebook, picks naming their tomogram, per-tomogram
 * resumption, a tomogram added without retraining, voxel sizes checked before work, and the weak-label training
 * and embedding of such a run.
 */
class DatasetMiningTest {

    @TempDir
    Path dir;

    private static MiningSettings tiny() {
        MiningSettings s = MiningSettings.recommended(16).withK(4).withSeed(2).withMaxTrainingBoxes(60)
                .withPicker(SubvolumePicker.dog().withSmoothingSigma(1).withSigma(2).withMinDistance(6)
                        .withBoxSize(16).withMaxPicks(40));
        return s.withAutoencoder(s.autoencoder().toBuilder().filters(4).codeSize(8).maxEpochs(2).build());
    }

    private Path simulate(String name, long seed, double voxelSize) {
        Volume v = TomogramSimulator.builder().size(56, 56, 32).seed(seed).build().simulate().tomogram()
                .withVoxelSize(VoxelSize.isotropic(voxelSize));
        Path file = dir.resolve("data").resolve(name);
        try {
            Files.createDirectories(file.getParent());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Volumes.write(v, file, WriteOptions.defaults());
        return file;
    }

    private static String finished(Path run, String... path) throws Exception {
        JsonNode n = RunManifest.json().readTree(run.resolve("manifest.json").toFile());
        for (String p : path) {
            n = n.path(p);
        }
        return n.path("finished").asText();
    }

    @Test
    void refusesTomogramsOfBothContrastConventionsBeforeAnyWork() throws Exception {
        Path a = simulate("a.mrc", 1, 10);
        Path b = simulate("b.mrc", 2, 10);
        Volume inverted = Volumes.read(b);
        float[] d = inverted.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = -d[i];
        }
        Path c = dir.resolve("data/c-inverted.mrc");
        Volumes.write(inverted, c, WriteOptions.defaults());
        // the simulator's dense matter is dark: negative skewness; inverted, the same magnitude positive
        assertThat(ContrastCheck.skewness(a)).isLessThan(-ContrastCheck.UNDECIDED);
        assertThat(ContrastCheck.skewness(c)).isCloseTo(-ContrastCheck.skewness(b),
                org.assertj.core.api.Assertions.within(1e-6));
        Path run = dir.resolve("run-mixed");
        assertThatThrownBy(() -> MiningPipeline.of(tiny()).run(Dataset.of(List.of(a, b, c)), run, PipelineListener.NONE))
                .isInstanceOf(CryomineException.class).hasMessageContaining("different contrast conventions")
                .hasMessageContaining("bright in c-inverted").hasMessageContaining("--allow-mixed-contrast");
        assertThat(run.resolve("picks.star")).doesNotExist();
        assertThat(run.resolve("tomograms")).doesNotExist();
    }

    @Test
    void minesSeveralTomogramsAsOneRunAndResumesPerTomogram() throws Exception {
        List<Path> files = new ArrayList<>(List.of(simulate("a.mrc", 1, 10), simulate("b.mrc", 2, 10),
                simulate("c.mrc", 3, 10)));
        Path run = dir.resolve("run");
        MiningPipeline.Result result = MiningPipeline.of(tiny()).run(Dataset.of(files), run, PipelineListener.NONE);
        List<Particle> picks = ParticleLists.readStar(run.resolve("picks.star"));
        assertThat(picks).hasSize(result.codes().length);
        assertThat(picks.stream().map(Particle::tomoName).distinct().toList()).containsExactly("a", "b", "c");
        assertThat(picks).allSatisfy(p -> assertThat(p.cluster()).isBetween(0, 3));
        for (String t : List.of("a", "b", "c")) {
            assertThat(run.resolve("tomograms/" + t + "/picks.star")).exists();
            assertThat(run.resolve("tomograms/" + t + "/codes.csv")).exists();
        }
        String report = Files.readString(run.resolve("report.html"));
        assertThat(report).contains("\"tomos\":\"a ");
        // one overview per tomogram (56 x 56 x 32, small enough to keep whole), each with its own picks only
        assertThat(report).contains("\"overviews\":[{\"name\":\"a\",\"nx\":56,\"ny\":56,\"nz\":32,\"bin\":1,")
                .contains("{\"name\":\"c\",\"nx\":56,\"ny\":56,\"nz\":32,\"bin\":1,");
        String overviewPicks = report.substring(report.indexOf("\"picks\":[", report.indexOf("\"overviews\"")));
        overviewPicks = overviewPicks.substring(0, overviewPicks.indexOf("]]") + 2);
        assertThat(overviewPicks.split("\\],\\[")).hasSize((int) picks.stream().filter(p -> p.tomoName().equals("a")).count());
        try (var left = Files.walk(run)) {
            assertThat(left.map(p -> p.getFileName().toString()).toList()).as("no box scratch files left")
                    .noneMatch(n -> n.endsWith(".f32") || n.contains(".tmp"));
        }
        String trained = finished(run, "stages", "train");
        String pickedA = finished(run, "tomograms", "a", "pick");

        // a fourth tomogram: picked and encoded with the trained network, the others reused
        files.add(simulate("d.mrc", 4, 10));
        MiningPipeline.Result more = MiningPipeline.of(tiny()).run(Dataset.of(files), run, PipelineListener.NONE);
        assertThat(finished(run, "stages", "train")).as("not retrained").isEqualTo(trained);
        assertThat(finished(run, "tomograms", "a", "pick")).as("a's picks reused").isEqualTo(pickedA);
        assertThat(more.codes().length).isGreaterThan(result.codes().length);
        assertThat(ParticleLists.readStar(run.resolve("picks.star")).stream().map(Particle::tomoName).distinct())
                .containsExactly("a", "b", "c", "d");

        MinedRun mined = MinedRun.open(run);
        assertThat(mined.dataset().names()).containsExactly("a", "b", "c", "d");
        Selection selection = Selection.fromJson("{\"groups\": [{\"name\": \"g\", \"clusters\": [0, 1]}]}", "test");
        Volume labels = RunEmbedding.embed(mined, 2, selection, 0, PipelineListener.NONE);
        assertThat(labels.shape()).containsExactly(56, 56, 32);
        assertThatThrownBy(() -> RunEmbedding.embed(mined, selection, 0, PipelineListener.NONE))
                .hasMessageContaining("4 tomograms");
        SegModel model = SegmentationTraining.of(SegTrainSettings.recommended().withLevel(0).withFilters(4)
                .withEpochs(1))
                .train(mined, selection, dir.resolve("segmodel"), false, PipelineListener.NONE);
        assertThat(model.dir().resolve("edss3d")).isDirectory();
        // a membrane group of a dataset run trains without completed spheres (a note), unless it is named
        Selection membranes = selection.withKind("g", Selection.Kind.MEMBRANE);
        SegTrainSettings completing = SegTrainSettings.recommended().withLevel(0).withFilters(4).withEpochs(1)
                .withCompleteMembranes(true);
        assertThat(SegmentationTraining.sphereObstacle(mined)).isEqualTo("the run holds 4 tomograms");
        assertThatThrownBy(() -> SegmentationTraining.of(completing.withSphereGroups(List.of("g"))).train(mined,
                membranes, dir.resolve("named"), false, PipelineListener.NONE)).hasMessageContaining("run of one tomogram");
        assertThat(SegmentationTraining.of(completing).train(mined, membranes, dir.resolve("segmodel-m"), false,
                PipelineListener.NONE).dir().resolve("edss3d")).isDirectory();
    }

    @Test
    void aTomogramInOtherUnitsIsEncodedAsTheOriginalWhenTomogramsAreStandardized() throws Exception {
        Path a = simulate("a.mrc", 1, 10);
        Path b = dir.resolve("data/b.mrc"); // the same tomogram as another program writes it
        Volumes.write(new IntensityMap(3, 100).applyInPlace(Volumes.read(a)), b, WriteOptions.defaults());
        assertThat(tiny().standardizeTomograms()).as("the recommended recipe standardizes").isTrue();
        assertThat(MiningSettings.paper(16).standardizeTomograms()).isFalse();
        double standardized = codeDifference(tiny(), a, b, "standardized");
        double asTheyAre = codeDifference(tiny().withStandardizeTomograms(false), a, b, "as-they-are");
        assertThat(standardized).as("codes of the same boxes in other units").isLessThan(0.01);
        assertThat(asTheyAre).isGreaterThan(0.2);

        MinedRun mined = MinedRun.open(dir.resolve("standardized"));
        assertThat(SegmentationTraining.standardizedBoxes(RunManifest.open(mined.layout().root()))).isTrue();
        Selection selection = Selection.fromJson("{\"groups\": [{\"name\": \"g\", \"clusters\": [0, 1]}]}", "test");
        SegModel model = SegmentationTraining.of(SegTrainSettings.recommended().withLevel(0).withFilters(4)
                .withEpochs(1)).train(mined, selection, dir.resolve("segmodel"), false, PipelineListener.NONE);
        assertThat(model.intensity().median()).as("segmenting maps new tomograms to the boxes' units").isZero();
        assertThat(model.intensity().spread()).isEqualTo(1.0);

        Path flat = dir.resolve("data/flat.mrc");
        Volumes.write(Volume.zeros(56, 56, 32), flat, WriteOptions.defaults());
        assertThatThrownBy(() -> TomogramInput.standardized(FileRegionSource.open(flat)))
                .isInstanceOf(CryomineException.class).hasMessageContaining("flat.mrc")
                .hasMessageContaining("cannot be standardized");
        assertThat(TomogramInput.boxSource(FileRegionSource.open(flat), false)).as("as it is: the file itself")
                .isInstanceOf(FileRegionSource.class);
    }

    /**
     * Mines the dataset [a, b] (b holding a's voxels in other units) into {@code dir/name} and returns the largest
     * difference between the code of a pick of a and of the same pick of b, over the codes' standard deviation.
     */
    private double codeDifference(MiningSettings settings, Path a, Path b, String name) throws Exception {
        MiningPipeline.Result r = MiningPipeline.of(settings).run(Dataset.of(List.of(a, b)), dir.resolve(name),
                PipelineListener.NONE);
        List<Particle> picks = ParticleLists.readStar(dir.resolve(name).resolve("picks.star"));
        int half = picks.size() / 2;
        assertThat(picks.subList(0, half).stream().map(Particle::position).toList()).as("the same picks")
                .isEqualTo(picks.subList(half, picks.size()).stream().map(Particle::position).toList());
        float[][] codes = r.codes();
        double sum = 0;
        double squares = 0;
        int n = 0;
        double largest = 0;
        for (int i = 0; i < half; i++) {
            for (int j = 0; j < codes[i].length; j++) {
                sum += codes[i][j];
                squares += codes[i][j] * (double) codes[i][j];
                n++;
                largest = Math.max(largest, Math.abs(codes[i][j] - codes[half + i][j]));
            }
        }
        double sd = Math.sqrt(squares / n - (sum / n) * (sum / n));
        return largest / sd;
    }

    @Test
    void differentVoxelSizesAreRefusedBeforeAnyWork() {
        List<Path> files = List.of(simulate("a.mrc", 1, 10), simulate("b.mrc", 2, 13.6));
        Path run = dir.resolve("run");
        assertThatThrownBy(() -> MiningPipeline.of(tiny()).run(Dataset.of(files), run, PipelineListener.NONE))
                .isInstanceOf(CryomineException.class).hasMessageContaining("different voxel sizes")
                .hasMessageContaining("13.600");
        assertThat(run).doesNotExist();
    }

    @Test
    void theTrainingSampleIsEvenAcrossTomogramsAndCapped() {
        Volume v = Volume.zeros(2, 2, 2);
        List<List<Volume>> boxes = List.of(java.util.Collections.nCopies(100, v), java.util.Collections.nCopies(5, v),
                java.util.Collections.nCopies(100, v));
        assertThat(DatasetMining.sample(boxes, 45, 1)).hasSize(45);
        assertThat(DatasetMining.sample(boxes, 1000, 1)).hasSize(205);
        // 5 from the small tomogram, the rest shared: 20 each from the large ones
        List<List<Volume>> tagged = List.of(tagged(100, 0), tagged(5, 1), tagged(100, 2));
        List<Volume> s = DatasetMining.sample(tagged, 45, 1);
        assertThat(s.stream().filter(b -> b.get(0, 0, 0) == 1).count()).isEqualTo(5);
        assertThat(s.stream().filter(b -> b.get(0, 0, 0) == 0).count()).isEqualTo(20);
        assertThat(DatasetMining.concat(tagged).get(104).get(0, 0, 0)).isEqualTo(1f);
        assertThat(DatasetMining.concat(tagged).get(105).get(0, 0, 0)).isEqualTo(2f);
    }

    @Test
    void aSingleTomogramTrainsOnTheCappedSampleAndStillEncodesEveryBox() throws Exception {
        Path file = simulate("one.mrc", 1, 10);
        MiningSettings capped = tiny().withMaxTrainingBoxes(12);
        Path run = dir.resolve("run-capped");
        MiningPipeline.Result result = MiningPipeline.of(capped).run(file, run, PipelineListener.NONE);
        int picks = result.centres().size();
        assertThat(picks).as("the test needs more picks than the cap").isGreaterThan(12);
        assertThat(result.codes().length).isEqualTo(picks);
        JsonNode manifest = RunManifest.json().readTree(run.resolve("manifest.json").toFile());
        assertThat(manifest.path("stages").path("train").path("parameters").path("maxTrainingBoxes").asInt())
                .as("a cap that leaves boxes out is recorded").isEqualTo(12);

        List<Volume> boxes = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            boxes.addAll(tagged(1, i));
        }
        MiningPipeline pipeline = MiningPipeline.of(capped);
        assertThat(pipeline.trainingSample(boxes)).hasSize(12).isSubsetOf(boxes)
                .as("the same seed draws the same sample").isEqualTo(pipeline.trainingSample(boxes));
        assertThat(MiningPipeline.of(capped.withSeed(3)).trainingSample(boxes)).isNotEqualTo(pipeline.trainingSample(boxes));
        assertThat(MiningPipeline.of(capped.withMaxTrainingBoxes(30)).trainingSample(boxes)).isSameAs(boxes);
        assertThat(MiningPipeline.of(capped.withMaxTrainingBoxes(30)).trainingParameters(30).has("maxTrainingBoxes"))
                .as("a cap that leaves nothing out does not invalidate earlier runs").isFalse();
    }

    private static List<Volume> tagged(int n, int tag) {
        List<Volume> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Volume.fromFunction(2, 2, 2, (x, y, z) -> tag));
        }
        return out;
    }
}
