package org.cryomine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cryomine.cli.PipelineCommandsTest.cryomine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cryomine.pipeline.MatrixCsv;
import org.cryomine.io.particles.Particle;
import org.cryomine.io.particles.ParticleLists;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pick} and {@code mine} with the tomogram read by region (forced, with slabs of 1 MB so that an
 * 80x80x48 tomogram is read in several slabs) give the same picks and boxes as with it read whole.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegionModeTest {

    @TempDir
    static Path dir;

    private static final String[] PICKING = {"--box", "16", "--sigma", "2", "--smoothing-sigma", "1", "--min-distance",
        "6", "--quiet"};
    private static final String[] TINY_MINE = {"--k", "3", "--epochs", "2", "--filters", "4", "--code-size", "8",
        "--seed", "3", "--threads", "1"};

    static String[] args(String[] head, String[]... rest) {
        List<String> all = new java.util.ArrayList<>(List.of(head));
        for (String[] r : rest) {
            all.addAll(List.of(r));
        }
        return all.toArray(String[]::new);
    }

    private Path tomo;

    @BeforeAll
    void simulate() {
        PipelineCommandsTest.Run r = cryomine("simulate", "--out", dir.resolve("sim").toString(), "--size", "80,80,48", "--seed", "5", "--quiet");
        assertThat(r.exit()).as(r.err()).isZero();
        tomo = dir.resolve("sim/tomogram.mrc");
    }

    @Test
    void pickByRegionWritesTheSameStarFile() throws IOException {
        Path whole = dir.resolve("whole.star");
        Path region = dir.resolve("region.star");
        PipelineCommandsTest.Run a = cryomine(args(new String[] {"pick", tomo.toString(), "--out", whole.toString(), "--read", "whole"},
                PICKING));
        PipelineCommandsTest.Run b = cryomine(args(new String[] {"pick", tomo.toString(), "--out", region.toString(), "--read", "region",
            "--region-memory", "1"}, PICKING));
        assertThat(a.exit()).as(a.err()).isZero();
        assertThat(b.exit()).as(b.err()).isZero();
        assertSamePicks(ParticleLists.readStar(region), ParticleLists.readStar(whole));
        assertThat(cryomine("pick", tomo.toString(), "--out", region.toString(), "--read", "sideways").err())
                .contains("--read must be auto, whole or region");
    }

    @Test
    void mineByRegionGivesTheSamePicksAndARun() throws IOException {
        Path whole = dir.resolve("run-whole");
        Path region = dir.resolve("run-region");
        PipelineCommandsTest.Run a = cryomine(args(new String[] {"mine", tomo.toString(), "--out", whole.toString(), "--read", "whole"},
                PICKING, TINY_MINE));
        PipelineCommandsTest.Run b = cryomine(args(new String[] {"mine", tomo.toString(), "--out", region.toString(), "--read", "region",
            "--region-memory", "1"}, PICKING, TINY_MINE));
        assertThat(a.exit()).as(a.err()).isZero();
        assertThat(b.exit()).as(b.err()).isZero();
        assertSamePicks(ParticleLists.readStar(region.resolve("picks.star")),
                ParticleLists.readStar(whole.resolve("picks.star")));
        // training is not bit-reproducible (TensorFlow), so the codes are only counted; BoxStoreTest shows that
        // the network is given the same boxes
        assertThat(MatrixCsv.read(region.resolve("codes.csv")).length).isEqualTo(MatrixCsv.read(whole.resolve("codes.csv")).length);
        assertThat(region.resolve("report.html")).exists();
        try (var files = Files.list(region)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("boxes-"));
        }
    }

    /**
     * Same positions in the same order; scores equal to float32 rounding (each slab's DoG subtracts its own
     * typical value before filtering, the whole tomogram's its own: see SlabPicker).
     */
    private static void assertSamePicks(List<Particle> region, List<Particle> whole) {
        assertThat(region).hasSameSizeAs(whole).hasSizeGreaterThan(3);
        double scale = Math.abs(whole.get(0).score());
        for (int i = 0; i < whole.size(); i++) {
            assertThat(region.get(i).position()).as("pick %d", i).isEqualTo(whole.get(i).position());
            assertThat(region.get(i).score()).as("score of pick %d", i)
                    .isCloseTo(whole.get(i).score(), org.assertj.core.data.Offset.offset(1e-5 * scale));
        }
    }

    @Test
    void mineByRegionWithPoseNormalization() {
        Path run = dir.resolve("run-pose");
        PipelineCommandsTest.Run r = cryomine(args(new String[] {"mine", tomo.toString(), "--out", run.toString(), "--read", "region",
            "--region-memory", "1", "--pose-normalize"}, PICKING, TINY_MINE));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(run.resolve("report.html")).exists();
        assertThat(MatrixCsv.read(run.resolve("codes.csv")).length).isEqualTo(
                ParticleLists.readStar(run.resolve("picks.star")).size());
    }
}
