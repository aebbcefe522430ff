package org.cryomine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cryomine.cli.PipelineCommandsTest.cryomine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cryomine.core.Volume;
import org.cryomine.io.Volumes;
import org.cryomine.io.particles.Particle;
import org.cryomine.io.particles.ParticleLists;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real data: a crop of a real cryo-electron tomogram of a 13-protofilament microtubule (ImageJ TIFF, uint8,
 * 1.052 nm voxels, dense matter BRIGHT; from the cylindra project's tests, see
 * io/src/test/resources/fixtures/PROVENANCE.md) goes through {@code pick} and {@code mine}.
 */
class RealTomogramTest {

    /** The fixture lives in the io module's test resources (the reactor runs tests from the module folder). */
    static final Path MICROTUBULE = Path.of("../io/src/test/resources/fixtures/real/13pf_MT.tif");

    @TempDir
    Path dir;

    private static double meanAtPicks(Volume tomo, List<Particle> picks) {
        double sum = 0;
        for (Particle p : picks) {
            sum += tomo.get((int) p.position().x(), (int) p.position().y(), (int) p.position().z());
        }
        return sum / picks.size();
    }

    @Test
    void brightPicksLandOnTheMicrotubuleAndDarkOnesDoNot() {
        Volume tomo = Volumes.read(MICROTUBULE);
        // sigma in Å: 2.1 nm, i.e. 2 voxels at 10.52 Å
        String[] common = {"--box", "16", "--sigma-angst", "21", "--smoothing-sigma", "1", "--min-distance-angst", "60",
            "--quiet"};
        Path bright = dir.resolve("bright.star");
        Path dark = dir.resolve("dark.star");
        assertThat(cryomine(PipelineCommandsTest.concat(new String[] {"pick", MICROTUBULE.toString(), "--out",
            bright.toString(), "--bright"}, common)).exit()).isZero();
        assertThat(cryomine(PipelineCommandsTest.concat(new String[] {"pick", MICROTUBULE.toString(), "--out",
            dark.toString()}, common)).exit()).isZero();
        List<Particle> brightPicks = ParticleLists.readStar(bright);
        List<Particle> darkPicks = ParticleLists.readStar(dark);
        assertThat(brightPicks).hasSizeGreaterThan(5);
        double mean = tomo.statistics().mean();
        double sd = tomo.statistics().rms();
        assertThat(meanAtPicks(tomo, brightPicks)).isGreaterThan(mean + 0.5 * sd);
        assertThat(meanAtPicks(tomo, darkPicks)).isLessThan(mean);
    }

    @Test
    void mineAndReportRunOnTheRealCrop() throws Exception {
        Path run = dir.resolve("run");
        PipelineCommandsTest.Run r = cryomine("mine", MICROTUBULE.toString(), "--out", run.toString(), "--bright",
                "--box", "16", "--sigma", "2", "--smoothing-sigma", "1", "--min-distance", "5", "--k", "3", "--epochs",
                "2", "--filters", "4", "--code-size", "8", "--quiet");
        assertThat(r.exit()).as(r.err()).isZero();
        String html = Files.readString(run.resolve("report.html"));
        assertThat(html).contains("cluster").contains("data:image/png;base64,").contains("\"n\":2");
        assertThat(ParticleLists.readStar(run.resolve("picks.star"))).isNotEmpty();
    }
}
