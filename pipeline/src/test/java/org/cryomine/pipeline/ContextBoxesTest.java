package org.cryomine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cryomine.core.BoundaryPolicy;
import org.cryomine.core.Labels;
import org.cryomine.core.Volume;
import org.cryomine.core.simulate.TomogramSimulator;
import org.cryomine.nn.TrainedEdss3d;
import org.cryomine.segmentation.Selection;
import org.cryomine.segmentation.TrainingSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples of train-seg --shift: cut again with context, labels padded with unknown. */
class ContextBoxesTest {

    @TempDir
    Path dir;

    @Test
    void paddingPutsTheVolumeInTheMiddle() {
        Volume v = Volume.fromFunction(2, 3, 4, (x, y, z) -> 1 + x + 10 * y + 100 * z);
        Volume p = ContextBoxes.padded(v, 1, Labels.UNKNOWN);
        assertThat(p.shape()).containsExactly(4, 5, 6);
        for (int z = 0; z < 6; z++) {
            for (int y = 0; y < 5; y++) {
                for (int x = 0; x < 4; x++) {
                    boolean inside = x >= 1 && x <= 2 && y >= 1 && y <= 3 && z >= 1 && z <= 4;
                    assertThat(p.get(x, y, z)).as("(%d, %d, %d)", x, y, z)
                            .isEqualTo(inside ? v.get(x - 1, y - 1, z - 1) : Labels.UNKNOWN);
                }
            }
        }
    }

    @Test
    void eachExampleIsCutAgainAroundItsCentreAndTrainingRecordsTheShift() throws Exception {
        Volume tomogram = TomogramSimulator.builder().size(64, 64, 32).seed(1).build().simulate().tomogram();
        MinedRun run = PipelineQuickstartTest.tinyRun(dir, tomogram);

        int margin = 2;
        int box = 16;
        List<Integer> sources = new ArrayList<>();
        for (int p = 0; p < run.centres().size() && sources.size() < 3; p++) {
            int[] c = run.centres().get(p);
            if (c[0] >= 10 && c[1] >= 10 && c[2] >= 10 && c[0] <= 53 && c[1] <= 53 && c[2] <= 21) {
                sources.add(p); // boxes of 20 inside the tomogram: no filling to compare
            }
        }
        assertThat(sources).as("picks away from the faces").isNotEmpty();
        List<int[]> extra = List.of(new int[] {32, 32, 16});
        List<Volume> images = new ArrayList<>();
        List<Volume> labels = new ArrayList<>();
        int[] src = new int[sources.size() + 1];
        for (int i = 0; i <= sources.size(); i++) {
            int[] c = i < sources.size() ? run.centres().get(sources.get(i)) : extra.get(0);
            images.add(tomogram.box(c[0], c[1], c[2], box, box, box, BoundaryPolicy.SKIP).orElseThrow());
            labels.add(Volume.filled(box, box, box, i % 2));
            src[i] = i < sources.size() ? sources.get(i) : run.centres().size();
        }
        TrainingSet set = new TrainingSet(images, labels, 2, src);
        TrainingSet wide;
        try (TomogramInput input = TomogramInput.inMemory(tomogram)) {
            wide = ContextBoxes.of(set, List.of(input), run, extra, box, margin, PipelineListener.NONE);
        }
        assertThat(wide.sources()).containsExactly(src);
        for (int i = 0; i < set.size(); i++) {
            Volume image = wide.images().get(i);
            assertThat(image.shape()).containsExactly(20, 20, 20);
            assertThat(image.crop(margin, margin, margin, box, box, box).data()).as("example %d's box at the centre", i)
                    .containsExactly(images.get(i).data());
            assertThat(wide.labels().get(i).crop(margin, margin, margin, box, box, box).data())
                    .containsExactly(labels.get(i).data());
            assertThat(wide.labels().get(i).get(0, 0, 0)).isEqualTo(Labels.UNKNOWN);
        }

        // an example repeated by balanced groups (the same source twice) is cut once: the same image object
        int[] repeated = java.util.Arrays.copyOf(src, src.length + 1);
        repeated[src.length] = src[0];
        List<Volume> repeatedImages = new ArrayList<>(images);
        repeatedImages.add(images.get(0));
        List<Volume> repeatedLabels = new ArrayList<>(labels);
        repeatedLabels.add(labels.get(0));
        TrainingSet withRepeat;
        try (TomogramInput input = TomogramInput.inMemory(tomogram)) {
            withRepeat = ContextBoxes.of(new TrainingSet(repeatedImages, repeatedLabels, 2, repeated), List.of(input),
                    run, extra, box, margin, PipelineListener.NONE);
        }
        assertThat(withRepeat.images().get(src.length)).isSameAs(withRepeat.images().get(0));
        assertThat(withRepeat.images().get(1)).isNotSameAs(withRepeat.images().get(0));
        assertThat(withRepeat.images().get(0).data()).containsExactly(wide.images().get(0).data());

        Selection selection = Selection.fromJson("{\"groups\": [{\"name\": \"a\", \"clusters\": [0, 1]}]}", "test");
        SegTrainSettings shifted = SegTrainSettings.recommended().withLevel(0).withFilters(4).withEpochs(1)
                .withShift(3);
        SegModel model = SegmentationTraining.of(shifted)
                .train(run, selection, dir.resolve("segmodel"), false, PipelineListener.NONE);
        try (TrainedEdss3d net = TrainedEdss3d.load(model.edss3d())) {
            assertThat(net.config().shiftAugmentation()).isEqualTo(3);
            assertThat(net.config().boxX()).as("the network still takes the run's box").isEqualTo(box);
        }
        assertThat(java.nio.file.Files.readString(model.dir().resolve("segmodel.json"))).contains("\"shift\" : 3");
        assertThatThrownBy(() -> SegmentationTraining.of(shifted.withShift(8))
                .train(run, selection, dir.resolve("segmodel8"), false, PipelineListener.NONE))
                .hasMessageContaining("--shift 8 must be less than half the run's box edge (16 voxels)");
        assertThatThrownBy(() -> shifted.withShift(-1)).hasMessageContaining("shift must be 0");
    }
}
