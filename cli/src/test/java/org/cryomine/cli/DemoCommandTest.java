package org.cryomine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cryomine.cli.PipelineCommandsTest.cryomine;

import java.nio.file.Path;
import org.cryomine.core.Volume;
import org.cryomine.io.Volumes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cryomine demo} end to end at a tiny size: every stage runs and the quality table is printed. */
class DemoCommandTest {

    @TempDir
    Path dir;

    @Test
    void demoRunsEveryStageAndPrintsTheQualityTable() {
        PipelineCommandsTest.Run r = cryomine("demo", "--quick", "--out", dir.toString(), "--size", "112,112,48",
                "--k", "4", "--epochs", "1", "--filters", "4", "--seg-epochs", "1", "--no-pose", "--quiet");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("Picking (first tomogram").contains("large_globule")
                .contains("autoencoder codes").contains("PCA(32) of raw boxes")
                .contains("segmentation (clusters)").contains("segmentation (whole)").contains("demo finished");
        Volume truth = Volumes.read(dir.resolve("tomo2/labels.mrc"));
        for (String mode : new String[] {"clusters", "whole"}) {
            Volume seg = Volumes.read(dir.resolve("segmentation-" + mode + ".mrc"));
            assertThat(seg.shape()).containsExactly(truth.shape());
        }
        assertThat(dir.resolve("run/report.html")).exists();
        assertThat(dir.resolve("selection.json")).exists();
        if (org.cryomine.segmentation.Selection.load(dir.resolve("selection.json")).groups().stream()
                .anyMatch(g -> g.name().equals("membrane"))) {
            assertThat(r.out()).contains("Membrane recall by orientation").contains("in the wedge");
        }
    }
}
