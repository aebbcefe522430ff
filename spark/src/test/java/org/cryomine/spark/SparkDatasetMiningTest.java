package org.cryomine.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.cryomine.core.CryomineException;
import org.cryomine.core.Volume;
import org.cryomine.core.VoxelSize;
import org.cryomine.core.pick.SubvolumePicker;
import org.cryomine.core.simulate.TomogramSimulator;
import org.cryomine.io.Volumes;
import org.cryomine.io.WriteOptions;
import org.cryomine.io.particles.Particle;
import org.cryomine.io.particles.ParticleLists;
import org.cryomine.pipeline.Dataset;
import org.cryomine.pipeline.MatrixCsv;
import org.cryomine.pipeline.MinedRun;
import org.cryomine.pipeline.MiningPipeline;
import org.cryomine.pipeline.MiningSettings;
import org.cryomine.pipeline.PipelineListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark dataset job against the single-machine dataset run on the same three small simulated tomograms: the
 * same picks, codes and clusters; a corrupt file left out and named; a task that fails once retried without
 * leaving partial outputs.
 */
class SparkDatasetMiningTest {

    @TempDir
    Path dir;

    /** The tiny settings of the pipeline's DatasetMiningTest. */
    static MiningSettings tiny() {
        MiningSettings s = MiningSettings.recommended(16).withK(4).withSeed(2).withMaxTrainingBoxes(60)
                .withPicker(SubvolumePicker.dog().withSmoothingSigma(1).withSigma(2).withMinDistance(6)
                        .withBoxSize(16).withMaxPicks(40));
        return s.withAutoencoder(s.autoencoder().toBuilder().filters(4).codeSize(8).maxEpochs(2).build());
    }

    static Path simulate(Path folder, String name, long seed) throws Exception {
        Volume v = TomogramSimulator.builder().size(56, 56, 32).seed(seed).build().simulate().tomogram()
                .withVoxelSize(VoxelSize.isotropic(10));
        Path file = folder.resolve(name);
        Files.createDirectories(folder);
        Volumes.write(v, file, WriteOptions.defaults());
        return file;
    }

    @AfterEach
    void noInjection() {
        TomogramTasks.failFirstAttemptOf = null;
    }

    @Test
    void givesTheSingleMachineRunsResultsLeavesOutACorruptFileAndSurvivesARetriedTask() throws Exception {
        Path data = dir.resolve("data");
        List<Path> good = List.of(simulate(data, "a.mrc", 1), simulate(data, "b.mrc", 2), simulate(data, "c.mrc", 3));
        Path single = dir.resolve("single");
        MiningPipeline.Result expected = MiningPipeline.of(tiny()).run(Dataset.of(good), single, PipelineListener.NONE);

        Path corrupt = data.resolve("broken.mrc");
        Files.write(corrupt, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}); // an MRC file cut short: no 1024-byte header
        List<Path> listed = new ArrayList<>(good);
        listed.add(1, corrupt);
        TomogramTasks.failFirstAttemptOf = "encode b"; // Spark retries it (local[2,2])
        Path run = dir.resolve("spark");
        SparkDatasetMining.Result result = SparkDatasetMining.of(SparkMiningSettings.of(SparkDatasetMiningTest::tiny)
                        .withScratchDir(dir.resolve("scratch").toString()))
                .run(SparkTestSession.get(), TomogramRef.of(listed), run, PipelineListener.NONE);

        assertThat(result.failures()).extracting(SparkDatasetMining.Failure::name).containsExactly("broken");
        assertThat(result.failures().get(0).message()).isNotBlank();
        assertThat(result.names()).containsExactly("a", "b", "c");
        MiningPipeline.Result got = result.mined();
        assertThat(got.centres()).hasSameSizeAs(expected.centres());
        for (int i = 0; i < expected.centres().size(); i++) {
            assertThat(got.centres().get(i)).as("pick %d", i).containsExactly(expected.centres().get(i));
        }
        assertThat(got.codes().length).isEqualTo(expected.codes().length);
        for (int i = 0; i < expected.codes().length; i++) {
            for (int j = 0; j < expected.codes()[i].length; j++) {
                assertThat(got.codes()[i][j]).as("code %d,%d", i, j).isCloseTo(expected.codes()[i][j], within(1e-4f));
            }
        }
        assertThat(got.assignments()).containsExactly(expected.assignments());

        // the same files as the single-machine run, readable by the pipeline
        List<Particle> picks = ParticleLists.readStar(run.resolve("picks.star"));
        List<Particle> singlePicks = ParticleLists.readStar(single.resolve("picks.star"));
        assertThat(picks).hasSameSizeAs(singlePicks);
        for (int i = 0; i < picks.size(); i++) {
            assertThat(picks.get(i).tomoName()).isEqualTo(singlePicks.get(i).tomoName());
            assertThat(picks.get(i).cluster()).isEqualTo(singlePicks.get(i).cluster());
        }
        assertThat(MatrixCsv.read(run.resolve("codes.csv"))).hasNumberOfRows(expected.codes().length);
        assertThat(run.resolve("report.html")).exists();
        assertThat(run.resolve("clusters/average_000.mrc")).exists();
        assertThat(run.resolve("tomograms/b/codes.csv")).exists();
        MinedRun mined = MinedRun.open(run);
        assertThat(mined.dataset().names()).containsExactly("a", "b", "c");
        try (var left = Files.walk(run)) {
            assertThat(left.map(p -> p.getFileName().toString()).toList()).as("no scratch or temporary files")
                    .noneMatch(n -> n.endsWith(".f32") || n.contains(".tmp") || n.endsWith(".partial"));
        }
        try (var left = Files.list(dir.resolve("scratch"))) {
            assertThat(left.toList()).as("executor scratch emptied").isEmpty();
        }

        // Parquet: one row per pick with its cluster, one code per pick
        List<Row> rows = SparkTestSession.get().read().parquet(run.resolve("parquet/picks.parquet").toString())
                .orderBy("tomogram", "index").collectAsList();
        assertThat(rows).hasSize(picks.size());
        Row first = rows.get(0);
        assertThat(first.getString(0)).isEqualTo("a");
        assertThat(first.getInt(2)).isEqualTo(expected.centres().get(0)[0]);
        assertThat(first.getInt(6)).isEqualTo(expected.assignments()[0]);
        assertThat(SparkTestSession.get().read().parquet(run.resolve("parquet/codes.parquet").toString()).count())
                .isEqualTo(picks.size());
    }

    @Test
    void stopsWhenAskedAtAFailedTomogramNamingIt() throws Exception {
        Path data = dir.resolve("data");
        Path a = simulate(data, "a.mrc", 1);
        Path corrupt = data.resolve("broken.mrc");
        Files.write(corrupt, new byte[100]);
        SparkDatasetMining job = SparkDatasetMining.of(SparkMiningSettings.of(SparkDatasetMiningTest::tiny)
                .withStopOnFailure(true));
        assertThatThrownBy(() -> job.run(SparkTestSession.get(), TomogramRef.of(List.of(a, corrupt)),
                dir.resolve("run"), PipelineListener.NONE))
                .isInstanceOf(CryomineException.class).hasMessageContaining("stopped").hasMessageContaining("broken");
        assertThat(dir.resolve("run")).doesNotExist();
    }

    @Test
    void stopsAfterPickingWhenTheTomogramsFollowDifferentContrastConventions() throws Exception {
        Path data = dir.resolve("data");
        Path a = simulate(data, "a.mrc", 1);
        Path b = simulate(data, "b.mrc", 2);
        Volume inverted = Volumes.read(b);
        float[] d = inverted.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = -d[i];
        }
        Path c = data.resolve("c.mrc");
        Volumes.write(inverted, c, org.cryomine.io.WriteOptions.defaults());
        SparkDatasetMining job = SparkDatasetMining.of(SparkMiningSettings.of(SparkDatasetMiningTest::tiny));
        assertThatThrownBy(() -> job.run(SparkTestSession.get(), TomogramRef.of(List.of(a, b, c)), dir.resolve("run"),
                PipelineListener.NONE)).isInstanceOf(CryomineException.class)
                .hasMessageContaining("different contrast conventions").hasMessageContaining("bright in c");
    }
}
