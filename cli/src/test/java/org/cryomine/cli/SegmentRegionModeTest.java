package org.cryomine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cryomine.cli.PipelineCommandsTest.concat;
import static org.cryomine.cli.PipelineCommandsTest.cryomine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.cryomine.core.Volume;
import org.cryomine.io.Volumes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code segment} in both modes with the tomogram read by region (forced, with 1 MB slabs, so that an 80x80x48
 * tomogram is read in several slabs and the label map written slab by slab) writes the same file, byte for
 * byte, as with it read whole, using a real (tiny) model from {@code mine} and {@code train-seg}. Every run sets
 * {@code --min-piece-fraction 0 --max-piece-multiple 0 --no-sheets-to-membranes}: removing small or large pieces (or
 * moving pieces between groups) needs the whole label map, so
 * only the in-memory path does it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SegmentRegionModeTest {

    @TempDir
    static Path dir;

    private Path tomo;
    private Path model;

    @BeforeAll
    void trainATinyModel() {
        PipelineCommandsTest.Run r = cryomine("simulate", "--out", dir.resolve("sim").toString(), "--size", "80,80,48", "--seed", "5", "--quiet");
        assertThat(r.exit()).as(r.err()).isZero();
        tomo = dir.resolve("sim/tomogram.mrc");
        PipelineCommandsTest.Run m = cryomine("mine", tomo.toString(), "--out", dir.resolve("run").toString(), "--box", "16", "--sigma", "2",
                "--smoothing-sigma", "1", "--min-distance", "6", "--k", "4", "--epochs", "2", "--filters", "4",
                "--code-size", "8", "--seed", "3", "--threads", "1", "--quiet");
        assertThat(m.exit()).as(m.err()).isZero();
        model = dir.resolve("segmodel");
        PipelineCommandsTest.Run t = cryomine("train-seg", dir.resolve("run").toString(), "--group", "a=0,1", "--group", "b=2", "--out",
                model.toString(), "--epochs", "2", "--filters", "4", "--level", "0", "--quiet");
        assertThat(t.exit()).as(t.err()).isZero();
    }

    @Test
    void trainSegReadsByRegionAndTrainsFromTheScratchBoxes() {
        // the boxes cut by region live in a scratch file until the input closes: training must come first
        Path regionModel = dir.resolve("segmodel-region");
        PipelineCommandsTest.Run t = cryomine("train-seg", dir.resolve("run").toString(), "--group", "a=0,1", "--out",
                regionModel.toString(), "--epochs", "1", "--filters", "4", "--level", "0", "--read", "region",
                "--region-memory", "1", "--complete-spheres", "a", "--quiet");
        assertThat(t.exit()).as(t.err()).isZero();
        assertThat(regionModel.resolve("edss3d")).isDirectory();
        assertThat(dir.resolve("run")).as("scratch files removed").isDirectoryNotContaining("glob:**boxes-*.f32");
    }

    @Test
    void regionModeWritesTheSameLabelMapAsWholeMode() throws IOException {
        Path whole = dir.resolve("whole.mrc");
        Path region = dir.resolve("region.mrc");
        PipelineCommandsTest.Run a = cryomine("segment", "--allow-empty", "--min-piece-fraction", "0", "--max-piece-multiple", "0", "--no-sheets-to-membranes", model.toString(), tomo.toString(), "--out", whole.toString(), "--read", "whole",
                "--quiet");
        PipelineCommandsTest.Run b = cryomine("segment", "--allow-empty", "--min-piece-fraction", "0", "--max-piece-multiple", "0", "--no-sheets-to-membranes", model.toString(), tomo.toString(), "--out", region.toString(), "--read", "region",
                "--region-memory", "1", "--quiet");
        assertThat(a.exit()).as(a.err()).isZero();
        assertThat(b.exit()).as(b.err()).isZero();
        assertThat(a.out()).doesNotContain("by region");
        assertThat(b.out()).contains("label map written to " + region).contains("read by region");
        Volume labels = Volumes.read(whole);
        assertThat(labels.shape()).containsExactly(80, 80, 48);
        // the model labels something, so that the comparison is not one of two empty maps
        assertThat(labels.statistics().max()).isGreaterThanOrEqualTo(1.0);
        assertThat(labels.statistics().min()).isZero();
        assertThat(Files.readAllBytes(region)).isEqualTo(Files.readAllBytes(whole));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".tmp"));
        }
    }

    @Test
    void flipAveragedRegionModeAgreesWithWholeModeToo() throws IOException {
        Path whole = dir.resolve("flip-whole.mrc");
        Path region = dir.resolve("flip-region.mrc");
        PipelineCommandsTest.Run a = cryomine("segment", "--allow-empty", "--min-piece-fraction", "0", "--max-piece-multiple", "0", "--no-sheets-to-membranes", model.toString(), tomo.toString(), "--out", whole.toString(), "--read", "whole",
                "--flip-average", "--quiet");
        PipelineCommandsTest.Run b = cryomine("segment", "--allow-empty", "--min-piece-fraction", "0", "--max-piece-multiple", "0", "--no-sheets-to-membranes", model.toString(), tomo.toString(), "--out", region.toString(), "--read", "region",
                "--region-memory", "1", "--flip-average", "--quiet");
        assertThat(a.exit()).as(a.err()).isZero();
        assertThat(b.exit()).as(b.err()).isZero();
        assertThat(Files.readAllBytes(region)).isEqualTo(Files.readAllBytes(whole));
    }

    @Test
    void theRecipeAveragesTwoFlipsAndFlipsChoosesHowMany() throws IOException {
        String[] common = {"segment", "--allow-empty", model.toString(), tomo.toString(), "--quiet"};
        PipelineCommandsTest.Run byDefault = cryomine(concat(common, "--out", dir.resolve("f-default.mrc").toString(),
                "--probabilities", dir.resolve("p-default").toString()));
        PipelineCommandsTest.Run two = cryomine(concat(common, "--out", dir.resolve("f-two.mrc").toString(),
                "--probabilities", dir.resolve("p-two").toString(), "--flips", "2"));
        PipelineCommandsTest.Run one = cryomine(concat(common, "--out", dir.resolve("f-one.mrc").toString(),
                "--probabilities", dir.resolve("p-one").toString(), "--flips", "1"));
        assertThat(byDefault.exit()).as(byDefault.err()).isZero();
        assertThat(two.exit()).as(two.err()).isZero();
        assertThat(one.exit()).as(one.err()).isZero();
        // the recommended recipe's default is --flips 2, to the byte; one flip gives other probabilities
        assertThat(Files.readAllBytes(dir.resolve("f-default.mrc"))).isEqualTo(Files.readAllBytes(dir.resolve("f-two.mrc")));
        assertThat(Files.readAllBytes(dir.resolve("p-default/1_a.mrc")))
                .isEqualTo(Files.readAllBytes(dir.resolve("p-two/1_a.mrc")));
        assertThat(Volumes.read(dir.resolve("p-one/1_a.mrc")).data())
                .isNotEqualTo(Volumes.read(dir.resolve("p-two/1_a.mrc")).data());
        // the paper's recipe does not average
        PipelineCommandsTest.Run paper = cryomine(concat(common, "--out", dir.resolve("f-paper.mrc").toString(),
                "--probabilities", dir.resolve("p-paper").toString(), "--recipe", "paper", "--mode", "whole",
                "--no-match-intensities"));
        PipelineCommandsTest.Run paperOne = cryomine(concat(common, "--out", dir.resolve("f-paper1.mrc").toString(),
                "--probabilities", dir.resolve("p-paper1").toString(), "--recipe", "paper", "--mode", "whole",
                "--no-match-intensities", "--flips", "1"));
        assertThat(paper.exit()).as(paper.err()).isZero();
        assertThat(paperOne.exit()).as(paperOne.err()).isZero();
        assertThat(Files.readAllBytes(dir.resolve("p-paper/1_a.mrc")))
                .isEqualTo(Files.readAllBytes(dir.resolve("p-paper1/1_a.mrc")));

        PipelineCommandsTest.Run three = cryomine(concat(common, "--out", dir.resolve("f-three.mrc").toString(),
                "--flips", "3"));
        assertThat(three.exit()).isNotZero();
        assertThat(three.err()).contains("--flips must be 1 (no averaging), 2, 4 or 8").contains("got 3");
        PipelineCommandsTest.Run both = cryomine(concat(common, "--out", dir.resolve("f-both.mrc").toString(),
                "--flips", "2", "--flip-average"));
        assertThat(both.exit()).isNotZero();
        assertThat(both.err()).contains("--flip-average averages all eight flips; it contradicts --flips 2");
        assertThat(dir.resolve("f-three.mrc")).doesNotExist();
        assertThat(dir.resolve("f-both.mrc")).doesNotExist();
    }

    @Test
    void clustersModeByRegionWritesTheSameLabelMapAndProbabilitiesAsInMemory() throws IOException {
        Path whole = dir.resolve("clusters-whole.mrc");
        Path region = dir.resolve("clusters-region.mrc");
        String[] picking = {"--mode", "clusters", "--sigma", "2", "--smoothing-sigma", "1", "--quiet"};
        PipelineCommandsTest.Run a = cryomine(PipelineCommandsTest.concat(new String[] {"segment", "--allow-empty", "--min-piece-fraction", "0", "--max-piece-multiple", "0", "--no-sheets-to-membranes", model.toString(),
            tomo.toString(), "--out", whole.toString(), "--read", "whole", "--probabilities",
            dir.resolve("clusters-p-whole").toString()}, picking));
        PipelineCommandsTest.Run b = cryomine(PipelineCommandsTest.concat(new String[] {"segment", "--allow-empty", "--min-piece-fraction", "0", "--max-piece-multiple", "0", "--no-sheets-to-membranes", model.toString(),
            tomo.toString(), "--out", region.toString(), "--read", "region", "--region-memory", "1", "--probabilities",
            dir.resolve("clusters-p-region").toString()}, picking));
        assertThat(a.exit()).as(a.err()).isZero();
        assertThat(b.exit()).as(b.err()).isZero();
        assertThat(b.out()).contains("read by region");
        assertThat(Volumes.read(whole).statistics().max()).as("some boxes were segmented").isGreaterThanOrEqualTo(1.0);
        assertThat(Volumes.read(whole).statistics().min()).isZero();
        assertThat(Files.readAllBytes(region)).isEqualTo(Files.readAllBytes(whole));
        for (String name : List.of("0_background.mrc", "1_a.mrc", "2_b.mrc")) {
            assertThat(Files.readAllBytes(dir.resolve("clusters-p-region").resolve(name))).as(name)
                    .isEqualTo(Files.readAllBytes(dir.resolve("clusters-p-whole").resolve(name)));
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("scratch boxes removed")
                    .noneMatch(n -> n.endsWith(".f32") || n.contains(".tmp"));
        }
    }

    @Test
    void anExistingOutputIsKeptWithoutForce() throws IOException {
        Path out = dir.resolve("existing.mrc");
        Files.writeString(out, "keep");
        PipelineCommandsTest.Run r = cryomine("segment", "--allow-empty", "--min-piece-fraction", "0", "--max-piece-multiple", "0", "--no-sheets-to-membranes", model.toString(), tomo.toString(), "--out", out.toString(), "--read", "region",
                "--quiet");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--force");
        assertThat(Files.readString(out)).isEqualTo("keep");
        PipelineCommandsTest.Run forced = cryomine("segment", "--allow-empty", "--min-piece-fraction", "0", "--max-piece-multiple", "0", "--no-sheets-to-membranes", model.toString(), tomo.toString(), "--out", out.toString(), "--read", "region",
                "--force", "--quiet");
        assertThat(forced.exit()).as(forced.err()).isZero();
        assertThat(Volumes.readHeader(out).nz()).isEqualTo(48);
        assertThat(List.of(Volumes.readHeader(out).mode())).containsExactly(0);
    }

    /** Checks the probability maps in {@code dir} against the label map: float32, summing to 1, argmax = label. */
    private static void assertProbabilitiesMatchLabels(Path dir, Path labelsFile) {
        Volume labels = Volumes.read(labelsFile);
        Volume[] p = new Volume[3];
        List<String> names = List.of("0_background.mrc", "1_a.mrc", "2_b.mrc");
        for (int c = 0; c < 3; c++) {
            assertThat(Volumes.readHeader(dir.resolve(names.get(c))).mode()).isEqualTo(2);
            p[c] = Volumes.read(dir.resolve(names.get(c)));
            assertThat(p[c].shape()).containsExactly(80, 80, 48);
        }
        for (int i = 0; i < labels.voxelCount(); i++) {
            float a = p[0].data()[i];
            float b = p[1].data()[i];
            float c = p[2].data()[i];
            assertThat(a + b + c).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-4f));
            int best = b > a && b >= c ? 1 : c > a && c > b ? 2 : 0;
            assertThat(labels.data()[i]).as("label at voxel %d", i).isEqualTo(best);
        }
    }

    @Test
    void probabilityMapsAreWrittenAlikeInMemoryAndByRegionAndAgreeWithTheLabels() throws IOException {
        Path wholeDir = dir.resolve("p-whole");
        Path regionDir = dir.resolve("p-region");
        PipelineCommandsTest.Run a = cryomine("segment", "--allow-empty", "--min-piece-fraction", "0", "--max-piece-multiple", "0", "--no-sheets-to-membranes", model.toString(), tomo.toString(), "--out",
                dir.resolve("p-whole.mrc").toString(), "--read", "whole", "--probabilities", wholeDir.toString(), "--quiet");
        PipelineCommandsTest.Run b = cryomine("segment", "--allow-empty", "--min-piece-fraction", "0", "--max-piece-multiple", "0", "--no-sheets-to-membranes", model.toString(), tomo.toString(), "--out",
                dir.resolve("p-region.mrc").toString(), "--read", "region", "--region-memory", "1", "--probabilities",
                regionDir.toString(), "--quiet");
        assertThat(a.exit()).as(a.err()).isZero();
        assertThat(b.exit()).as(b.err()).isZero();
        assertThat(a.out()).contains("probabilities to " + wholeDir);
        assertProbabilitiesMatchLabels(wholeDir, dir.resolve("p-whole.mrc"));
        for (String name : List.of("0_background.mrc", "1_a.mrc", "2_b.mrc")) {
            assertThat(Files.readAllBytes(regionDir.resolve(name))).as(name)
                    .isEqualTo(Files.readAllBytes(wholeDir.resolve(name)));
        }

        // clusters mode: voxels outside the segmented boxes are background with probability 1
        Path clustersDir = dir.resolve("p-clusters");
        PipelineCommandsTest.Run c = cryomine("segment", "--allow-empty", "--min-piece-fraction", "0", "--max-piece-multiple", "0", "--no-sheets-to-membranes", model.toString(), tomo.toString(), "--out",
                dir.resolve("p-clusters.mrc").toString(), "--mode", "clusters", "--sigma", "2", "--smoothing-sigma", "1",
                "--probabilities", clustersDir.toString(), "--quiet");
        assertThat(c.exit()).as(c.err()).isZero();
        assertProbabilitiesMatchLabels(clustersDir, dir.resolve("p-clusters.mrc"));
        assertThat(Volumes.read(clustersDir.resolve("0_background.mrc")).statistics().max()).isEqualTo(1.0);

        // an existing map is kept without --force, and nothing else is written
        Path out = dir.resolve("p-again.mrc");
        PipelineCommandsTest.Run again = cryomine("segment", "--allow-empty", "--min-piece-fraction", "0", "--max-piece-multiple", "0", "--no-sheets-to-membranes", model.toString(), tomo.toString(), "--out", out.toString(),
                "--probabilities", wholeDir.toString(), "--quiet");
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).contains("0_background.mrc exists").contains("--force");
        assertThat(out).doesNotExist();
    }
}
