package org.cryomine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChooseKCommandTest {

    @TempDir
    Path dir;

    @Test
    void printsTheTableAndWritesThePlot() throws IOException {
        Path codes = ClusterCommandTest.writeCodes(dir, ClusterCommandTest.blobs());
        Path out = dir.resolve("k");
        ClusterCommandTest.Run r = ClusterCommandTest.run("choose-k", "--codes", codes.toString(), "--k-range", "2:6",
                "--out", out.toString(), "--silhouette-sample", "100");
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = r.lines();
        assertThat(lines.get(0)).contains("k", "inertia", "silhouette", "calinski_harabasz", "stability");
        assertThat(lines.subList(1, 6)).extracting(l -> l.strip().split("\\s+")[0])
                .containsExactly("2", "3", "4", "5", "6");
        assertThat(r.out()).contains("best k by silhouette: 3", "best k by Calinski-Harabasz: 3");
        BufferedImage png = ImageIO.read(out.resolve("choose-k.png").toFile());
        assertThat(png.getWidth()).isEqualTo(KDiagnosticsPlot.WIDTH);
        assertThat(png.getHeight()).isEqualTo(KDiagnosticsPlot.HEIGHT);
        assertThat(distinctColours(png)).isGreaterThan(3);
        List<String> csv = Files.readAllLines(out.resolve("choose-k.csv"));
        assertThat(csv).hasSize(6);
        assertThat(csv.get(0)).isEqualTo("k,inertia,silhouette,calinski_harabasz,stability");
    }

    @Test
    void stepAndBadRanges() throws IOException {
        Path codes = ClusterCommandTest.writeCodes(dir, ClusterCommandTest.blobs());
        ClusterCommandTest.Run r = ClusterCommandTest.run("choose-k", "--codes", codes.toString(), "--k-range", "2:8",
                "--step", "3", "--stability-runs", "1", "--out", dir.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.lines().subList(1, 4)).extracting(l -> l.strip().split("\\s+")[0])
                .containsExactly("2", "5", "8");
        for (String range : new String[] {"5", "0:3", "6:2", "a:b"}) {
            ClusterCommandTest.Run bad = ClusterCommandTest.run("choose-k", "--codes", codes.toString(),
                    "--k-range", range, "--out", dir.resolve("x").toString());
            assertThat(bad.exit()).isEqualTo(CryomineCommand.EXIT_ERROR);
            assertThat(bad.err()).contains("--k-range '" + range + "' is not MIN:MAX");
        }
        ClusterCommandTest.Run tooBig = ClusterCommandTest.run("choose-k", "--codes", codes.toString(),
                "--k-range", "2:500", "--out", dir.resolve("y").toString());
        assertThat(tooBig.err()).contains("only 120 points");
    }

    private static int distinctColours(BufferedImage image) {
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }
}
