package org.cryomine.cli;

import org.cryomine.pipeline.MatrixCsv;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.cryomine.cluster.ClusterMetrics;
import org.cryomine.cluster.ClusterModel;
import org.cryomine.cluster.KMeansClusterer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ClusterCommandTest {

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = CryomineCommand.newCommandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** Three well separated blobs of 40 points in 4 dimensions; truth[i] = i % 3. */
    static float[][] blobs() {
        Random random = new Random(5);
        float[][] x = new float[120][4];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < 4; j++) {
                x[i][j] = (float) ((i % 3) * 20 + (j == 1 ? 5 : 0) + random.nextGaussian());
            }
        }
        return x;
    }

    static Path writeCodes(Path dir, float[][] x) throws IOException {
        Path file = dir.resolve("codes.csv");
        Files.writeString(file, MatrixCsv.format(x));
        return file;
    }

    @Test
    void writesAssignmentsAndCentroidsAndPrintsInertiaLast() throws IOException {
        float[][] x = blobs();
        Path codes = writeCodes(dir, x);
        Path out = dir.resolve("out");
        Run r = run("cluster", "--codes", codes.toString(), "--k", "3", "--seed", "4", "--restarts", "2",
                "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> assignments = Files.readAllLines(out.resolve("assignments.csv"));
        assertThat(assignments).hasSize(120);
        int[] labels = assignments.stream().mapToInt(Integer::parseInt).toArray();
        int[] truth = new int[120];
        for (int i = 0; i < 120; i++) {
            truth[i] = i % 3;
        }
        assertThat(ClusterMetrics.adjustedRandIndex(truth, labels)).isEqualTo(1.0);
        float[][] centroids = MatrixCsv.read(out.resolve("centroids.csv"));
        assertThat(centroids).hasDimensions(3, 4);

        ClusterModel expected = KMeansClusterer.of(3).withSeed(4).withRestarts(2).fit(x);
        assertThat(labels).isEqualTo(expected.assignments());
        assertThat(centroids).isDeepEqualTo(expected.centroids());
        String last = r.lines().get(r.lines().size() - 1);
        assertThat(last).startsWith("inertia: ");
        assertThat(Double.parseDouble(last.substring("inertia: ".length())))
                .isCloseTo(expected.inertia(), within(1e-9 * expected.inertia()));
        if (out.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(Files.getPosixFilePermissions(out.resolve("assignments.csv")))
                    .contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ);
        }
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("assignments.csv",
                    "centroids.csv");
        }
    }

    @Test
    void swapTrialsZeroIsPlainLloyd() throws IOException {
        float[][] x = blobs();
        Path codes = writeCodes(dir, x);
        Path out = dir.resolve("plain");
        Run r = run("cluster", "--codes", codes.toString(), "--k", "5", "--seed", "1", "--swap-trials", "0",
                "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        ClusterModel plain = KMeansClusterer.of(5).withSeed(1).withThreads(1).withSwapTrials(0).fit(x);
        assertThat(Files.readAllLines(out.resolve("assignments.csv")).stream().mapToInt(Integer::parseInt).toArray())
                .isEqualTo(plain.assignments());
        Run bad = run("cluster", "--codes", codes.toString(), "--k", "5", "--swap-trials", "-1", "--out",
                dir.resolve("bad").toString());
        assertThat(bad.exit()).isNotZero();
        assertThat(bad.err()).contains("swap");
    }

    @Test
    void refusesToOverwriteWithoutForce() throws IOException {
        Path codes = writeCodes(dir, blobs());
        Path out = dir.resolve("out");
        assertThat(run("cluster", "--codes", codes.toString(), "--k", "2", "--out", out.toString()).exit()).isZero();
        Run again = run("cluster", "--codes", codes.toString(), "--k", "3", "--out", out.toString());
        assertThat(again.exit()).isEqualTo(CryomineCommand.EXIT_ERROR);
        assertThat(again.err()).contains("assignments.csv already exists; pass --force");
        Run forced = run("cluster", "--codes", codes.toString(), "--k", "3", "--out", out.toString(), "--force");
        assertThat(forced.exit()).isZero();
        assertThat(Files.readAllLines(out.resolve("centroids.csv"))).hasSize(3);
    }

    @Test
    void badInputEndsWithOneClearLine() throws IOException {
        Path out = dir.resolve("out");
        Path ragged = dir.resolve("ragged.csv");
        Files.writeString(ragged, "1,2,3\n4,5\n");
        Path text = dir.resolve("text.csv");
        Files.writeString(text, "a,b\n1,2\n");
        Path nan = dir.resolve("nan.csv");
        Files.writeString(nan, "1,2\n1,NaN\n");
        Path two = dir.resolve("two.csv");
        Files.writeString(two, "1,2\n3,4\n");
        String[][] cases = {
            {ragged.toString(), "2", "line 2 has 2 values but line 1 has 3"},
            {text.toString(), "2", "line 1, column 1: 'a' is not a decimal number"},
            {nan.toString(), "2", "line 2, column 2 is NaN"},
            {two.toString(), "3", "k = 3 is larger than the number of points (2)"},
            {two.toString(), "0", "k must be at least 1"},
            {dir.resolve("missing.csv").toString(), "2", "file not found: "},
        };
        for (String[] c : cases) {
            Run r = run("cluster", "--codes", c[0], "--k", c[1], "--out", out.toString());
            assertThat(r.exit()).as(c[2]).isEqualTo(ERROR_EXIT);
            assertThat(r.err().lines()).as(c[2]).hasSize(1);
            assertThat(r.err()).startsWith("cryomine: error: ").contains(c[2]);
        }
        assertThat(Files.exists(out)).as("no output folder is created on bad input").isFalse();
    }

    private static final int ERROR_EXIT = CryomineCommand.EXIT_ERROR;
}
