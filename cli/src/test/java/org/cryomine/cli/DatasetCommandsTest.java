package org.cryomine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cryomine.cli.PipelineCommandsTest.concat;
import static org.cryomine.cli.PipelineCommandsTest.cryomine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cryomine.cli.PipelineCommandsTest.Run;
import org.cryomine.core.Volume;
import org.cryomine.io.Volumes;
import org.cryomine.io.particles.Particle;
import org.cryomine.io.particles.ParticleLists;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several tomograms through the command line: mine a folder, embed into a folder, segment a list file. */
class DatasetCommandsTest {

    private static final String[] TINY = {"--box", "16", "--sigma", "2", "--smoothing-sigma", "1", "--min-distance",
        "6", "--k", "3", "--epochs", "1", "--filters", "4", "--code-size", "8", "--seed", "3", "--max-picks", "30",
        "--quiet"};

    @TempDir
    Path dir;

    @Test
    void minesEmbedsAndSegmentsSeveralTomograms() throws Exception {
        for (String name : List.of("TS_01", "TS_02")) {
            Run sim = cryomine("simulate", "--out", dir.resolve("sim-" + name).toString(), "--size", "56,56,32", "--seed",
                    name.endsWith("1") ? "1" : "2", "--quiet");
            assertThat(sim.exit()).as(sim.err()).isZero();
            Files.createDirectories(dir.resolve("data"));
            Files.copy(dir.resolve("sim-" + name + "/tomogram.mrc"), dir.resolve("data/" + name + ".mrc"));
        }
        Path run = dir.resolve("run");
        Run mine = cryomine(concat(new String[] {"mine", dir.resolve("data").toString(), "--out", run.toString()}, TINY));
        assertThat(mine.exit()).as(mine.err()).isZero();
        assertThat(mine.out()).contains("of 2 tomograms");
        List<Particle> picks = ParticleLists.readStar(run.resolve("picks.star"));
        assertThat(picks.stream().map(Particle::tomoName).distinct().toList()).containsExactly("TS_01", "TS_02");

        Path labels = dir.resolve("labels");
        Run embed = cryomine("embed", run.toString(), "--group", "a=0,1", "--out", labels.toString(), "--level", "0",
                "--quiet");
        assertThat(embed.exit()).as(embed.err()).isZero();
        assertThat(labels.resolve("TS_01.mrc")).exists();
        assertThat(labels.resolve("TS_02.png")).exists();

        Path model = dir.resolve("segmodel");
        Run train = cryomine("train-seg", run.toString(), "--group", "a=0,1", "--out", model.toString(), "--epochs", "1",
                "--filters", "4", "--level", "0", "--quiet");
        assertThat(train.exit()).as(train.err()).isZero();
        Files.writeString(dir.resolve("list.txt"), "data/TS_02.mrc\ndata/TS_01.mrc\n");
        Path segs = dir.resolve("segs");
        // a one-epoch network of four filters may label nothing; this test is about the list and the outputs
        Run seg = cryomine("segment", model.toString(), dir.resolve("list.txt").toString(), "--out", segs.toString(),
                "--allow-empty", "--quiet");
        assertThat(seg.exit()).as(seg.err()).isZero();
        assertThat(segs.resolve("TS_01.mrc")).exists();
        Volume v = Volumes.read(segs.resolve("TS_02.mrc"));
        assertThat(v.shape()).containsExactly(56, 56, 32);
        Run again = cryomine("segment", model.toString(), dir.resolve("list.txt").toString(), "--out", segs.toString(),
                "--quiet");
        assertThat(again.exit()).as("existing outputs refused").isNotZero();
        assertThat(again.err()).contains("TS_02.mrc").contains("--force");
    }
}
