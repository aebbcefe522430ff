package org.cryomine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cryomine.cli.PipelineCommandsTest.cryomine;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.cryomine.cli.PipelineCommandsTest.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cryomine quality --seeds}: the suite once per seed, every pair summarised together; --volumes writes them. */
class QualityCommandTest {

    @TempDir
    Path dir;

    @Test
    void eachSeedRunsItsOwnPairsAndTheSummaryCountsThemAll() throws Exception {
        Run r = cryomine("quality", "--quick", "--presets", "spheres-baseline", "--seeds", "3,4", "--out",
                dir.toString(), "--quiet", "--volumes", "--label-radius", "0.4", "--data-sigma", "0.5", "--no-balance",
                "--no-skip");
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = Arrays.asList(r.out().split("\\R"));
        assertThat(lines).contains("seed 3", "seed 4");
        List<String> rows = lines.stream().filter(l -> l.startsWith("spheres-baseline")).toList();
        assertThat(rows).hasSize(2);
        // other tomograms: the rows differ beyond their seconds column
        assertThat(rows.get(0).substring(0, rows.get(0).lastIndexOf(' ')).trim())
                .isNotEqualTo(rows.get(1).substring(0, rows.get(1).lastIndexOf(' ')).trim());
        assertThat(lines).anyMatch(l -> l.startsWith("seed 3 quality: pairs 1 "))
                .anyMatch(l -> l.startsWith("seed 4 quality: pairs 1 "));
        assertThat(lines.get(lines.size() - 1)).startsWith("quality: pairs 2 purity_gap_min ");
        assertThat(lines.get(lines.size() - 2)).startsWith("quality-visible: pairs 2 membrane_visible_iou_mean ");
        assertThat(lines).anyMatch(l -> l.startsWith("seed 3 quality-visible: pairs 1 "));
        assertThat(dir.resolve("seed-3/spheres-baseline")).isDirectory();
        assertThat(dir.resolve("seed-4/spheres-baseline")).isDirectory();
        Path pair = dir.resolve("seed-3/spheres-baseline");
        String training = java.nio.file.Files.readString(pair.resolve("segmodel/segmodel.json"));
        assertThat(training).as("the weak-label and network options reached the training")
                .contains("\"labelRadius\" : 0.4").contains("\"dataSigma\" : 0.5").contains("\"balanced\" : false")
                .contains("\"skip\" : false");
        var tomogram = org.cryomine.io.Volumes.read(pair.resolve("tomo2.mrc"));
        for (String f : List.of("truth2.mrc", "segmented-whole.mrc", "segmented-clusters.mrc")) {
            var v = org.cryomine.io.Volumes.read(pair.resolve(f));
            assertThat(new int[] {v.nx(), v.ny(), v.nz()}).as(f)
                    .containsExactly(tomogram.nx(), tomogram.ny(), tomogram.nz());
        }

        assertRefused("x", "lists a seed twice", "--seeds", "3,3");
        assertRefused("y", "shift must be 0", "--shift", "-2");
        assertRefused("z", "--boundary must be skip, fill or mirror", "--boundary", "wrap");
        assertRefused("q", "a quantile threshold must lie in [0, 1], got 95", "--multi-scale", "1.5,6,5",
                "--threshold-quantile", "95");
        assertRefused("m", "--max-picks does not apply to the quality suite", "--max-picks", "100");
        assertRefused("s", "SNR must be positive", "--second-snr", "-1");
        assertRefused("n", "the noise must be a finite standard deviation", "--noise", "-1");
        assertRefused("b", "give --multi-scale or --sigma-range and --scales, not both", "--multi-scale", "1.5,6,5",
                "--sigma-range", "2,6");
    }

    @Test
    void mineOnlyScoresTheClustersWithTheAutoencoderOptionsAndRefusesTheSegmentationsOptions() throws Exception {
        Run r = cryomine("quality", "--quick", "--presets", "spheres-baseline", "--mine-only", "--input-noise", "0.5",
                "--epochs", "2", "--no-flip-averaged-codes", "--out", dir.toString(), "--quiet", "--volumes");
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = Arrays.asList(r.out().split("\\R"));
        List<String> row = Arrays.asList(lines.stream().filter(l -> l.startsWith("spheres-baseline")).findFirst()
                .orElseThrow().trim().split("\\s+"));
        assertThat(Double.parseDouble(row.get(5))).as("purity").isBetween(0.3, 1.0);
        assertThat(row.subList(9, 16)).as("nothing segmented: no segmentation figures").containsOnly("NaN");
        assertThat(lines.get(lines.size() - 1)).matches("quality-mining: pairs 1 purity_mean [0-9.]+ pca_purity_mean "
                + "[0-9.]+ purity_gap_mean -?[0-9.]+ purity_gap_min -?[0-9.]+ macro_f1_mean [0-9.]+ large_recall_mean "
                + "[0-9.]+ small_recall_mean [0-9.]+");
        assertThat(lines).noneMatch(l -> l.startsWith("quality:"));
        String manifest = java.nio.file.Files.readString(dir.resolve("spheres-baseline/run/manifest.json"));
        assertThat(manifest).as("the options reached the autoencoder").contains("\"inputNoise\" : 0.5")
                .contains("\"maxEpochs\" : 2").contains("\"codeAveraging\" : \"NONE\"");
        assertThat(dir.resolve("spheres-baseline/segmodel")).doesNotExist();
        assertThat(dir.resolve("spheres-baseline/truth1.mrc")).as("--volumes: the first tomogram's truth").isRegularFile();
        assertThat(dir.resolve("spheres-baseline/tomo2.mrc")).as("no second tomogram is made").doesNotExist();

        assertRefused("a", "--shift, --name-small apply to the segmentation, which --mine-only skips", "--mine-only",
                "--shift", "2", "--name-small");
        assertRefused("g", "--[no-]skip, --label-radius apply to the segmentation, which --mine-only skips",
                "--mine-only", "--label-radius", "0.3", "--no-skip");
        assertRefused("b", "--member-search, --seg-weight-averaging, --training-seed apply to the segmentation, "
                + "which --mine-only skips", "--mine-only", "--member-search", "2", "--seg-weight-averaging", "0.99",
                "--training-seed", "3");
        assertRefused("h", "--[no-]sheets-to-membranes applies to the segmentation, which --mine-only skips",
                "--mine-only", "--no-sheets-to-membranes");
        assertRefused("i", "--flips applies to the segmentation, which --mine-only skips", "--mine-only", "--flips", "4");
        assertRefused("e", "weight averaging takes a decay per step in [0, 1)", "--seg-weight-averaging", "1");
        assertRefused("f", "weight averaging takes a decay per step in [0, 1)", "--weight-averaging", "1");
        assertRefused("d", "member search takes a number of rounds >= 0", "--member-search", "-1");
        assertRefused("c", "input noise must be 0 (off) or a positive number", "--input-noise", "-1");
    }

    /** {@code quality --quick OPTIONS --out OUT} fails with {@code message} before it writes OUT. */
    private void assertRefused(String out, String message, String... options) {
        List<String> args = new java.util.ArrayList<>(List.of("quality", "--quick"));
        args.addAll(List.of(options));
        args.addAll(List.of("--out", dir.resolve(out).toString(), "--quiet"));
        Run r = cryomine(args.toArray(String[]::new));
        assertThat(r.exit()).as(String.join(" ", options)).isNotZero();
        assertThat(r.err()).contains(message);
        assertThat(dir.resolve(out)).doesNotExist();
    }
}
