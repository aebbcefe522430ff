package org.cryomine.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cryomine.core.Volume;
import org.cryomine.io.Volumes;
import org.cryomine.pipeline.Dataset;
import org.cryomine.pipeline.MinedRun;
import org.cryomine.pipeline.MiningPipeline;
import org.cryomine.pipeline.PipelineListener;
import org.cryomine.pipeline.SegModel;
import org.cryomine.pipeline.SegTrainSettings;
import org.cryomine.pipeline.SegmentSettings;
import org.cryomine.pipeline.SegmentationTraining;
import org.cryomine.pipeline.Segmenter;
import org.cryomine.segmentation.Selection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dataset segmented on Spark: one label map per tomogram, voxel for voxel the pipeline's; a corrupt file reported
 * by name while the rest are segmented; a task that fails once after copying its output leaves no partial file.
 */
class SparkSegmentationTest {

    @TempDir
    Path dir;

    @AfterEach
    void noInjection() {
        TomogramTasks.failFirstAttemptOf = null;
    }

    @Test
    void segmentsEachTomogramAsThePipelineDoes() throws Exception {
        Path data = dir.resolve("data");
        List<Path> files = List.of(SparkDatasetMiningTest.simulate(data, "a.mrc", 1),
                SparkDatasetMiningTest.simulate(data, "b.mrc", 2));
        Path run = dir.resolve("run");
        MiningPipeline.of(SparkDatasetMiningTest.tiny()).run(Dataset.of(files), run, PipelineListener.NONE);
        Selection selection = Selection.fromJson("{\"groups\": [{\"name\": \"g\", \"clusters\": [0, 1, 2]}]}", "test");
        SegModel model = SegmentationTraining.of(SegTrainSettings.recommended().withLevel(0).withFilters(4).withEpochs(1))
                .train(MinedRun.open(run), selection, dir.resolve("segmodel"), false, PipelineListener.NONE);

        Path corrupt = data.resolve("broken.mrc");
        Files.write(corrupt, new byte[2000]); // a 2000-byte "MRC" of zeros: its header gives no size
        TomogramTasks.failFirstAttemptOf = "publish b.mrc";
        Path out = dir.resolve("labels");
        List<SparkSegmentation.Outcome> outcomes = SparkSegmentation.of(SegmentSettings::defaults)
                .run(SparkTestSession.get(), TomogramRef.of(List.of(files.get(0), corrupt, files.get(1))), model.dir(),
                        out.toString());

        assertThat(outcomes).extracting(SparkSegmentation.Outcome::name).containsExactly("a", "broken", "b");
        assertThat(outcomes.get(1).error()).isNotBlank();
        assertThat(outcomes.get(0).error()).isNull();
        try (var written = Files.list(out)) {
            assertThat(written.map(p -> p.getFileName().toString()).sorted().toList())
                    .as("one label map per good tomogram, no partial file").containsExactly("a.mrc", "b.mrc");
        }
        Path expected = dir.resolve("expected-b.mrc");
        Segmenter.of(model, SegmentSettings.defaults()).segmentFile(files.get(1), expected, null, false,
                PipelineListener.NONE);
        Volume want = Volumes.read(expected);
        Volume got = Volumes.read(out.resolve("b.mrc"));
        assertThat(got.shape()).containsExactly(56, 56, 32);
        assertThat(got.data()).containsExactly(want.data());
        assertThat(got.statistics().max()).as("some voxels labelled, so the comparison means something").isEqualTo(1.0);
    }
}
