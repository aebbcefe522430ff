package org.cryomine.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * benchmarks/peers_table.py on a synthetic run folder laid out as benchmarks/peers.sh writes it (JMH JSON
 * results and the peers' output lines in their real formats, copied from a run): the ratios are per round, the
 * medians over rounds, the pass/fail against the targets, the peak from the best GEMM iteration and the MRC
 * rates are checked against values worked out by hand. Skips where /usr/bin/python3 is missing.
 */
class PeersTableTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @TempDir
    Path run;

    @Test
    void tableFromARunFolder() throws Exception {
        assumeTrue(Files.isExecutable(PYTHON), "/usr/bin/python3 is not installed; the table script cannot run");
        write("machine", "cpu AMD EPYC, 2 processors\nrounds 2 threads 2 quick 0 mrc_mib 1024 torch_warmup 1\n"
                + "round 1 load 2.50 1.00 1.00\nround 2 load 1.00 1.00 1.00\n");
        write("flops", "ae_encode 2.841641e+08\ngemm_2048 1.717987e+10\ndog_picking 3.245343e+10\n");
        write("skipped", "");
        write("failures", "");
        // DoG: cryomine 2.5 s and 3.0 s (median of iterations), scipy 10 s and 10 s: ratios 0.25, 0.30
        write("r1-dog.json", jmh("DogBenchmark.dogPicking", "", "ms/op", 2000, 2500, 3000));
        write("r2-dog.json", jmh("DogBenchmark.dogPicking", "", "ms/op", 3000, 3000, 3100));
        write("r1-scipy.txt", "smooth2 2.00s dog(5,1.1) 6.00s minima 2.00s total 10.00s peaks 9970\n");
        write("r2-scipy.txt", "smooth2 2.00s dog(5,1.1) 6.00s minima 2.00s total 10.00s peaks 9970\n");
        // k-means round 1 only: 0.6 s against 0.8 s (0.75), inertia 1000.5 against 1000.0 (1.0005)
        write("r1-kmeans.json", jmh("KMeansBenchmark.fit", "", "ms/op", 500, 600, 700));
        write("r1-kmeans-report.txt", "cryomine kmeans n=38112 d=32 k=100 seed=0 threads=2: 25 iterations, inertia 1000.5\n");
        write("r1-sklearn.txt", "sklearn kmeans n=38112 d=32 k=100 n_init=1: 0.80 s, 30 iterations, inertia 1000.0\n");
        // encode: 10 ms and 20 ms per subvolume against torch's 100 ms: ratios 0.1 and 0.2, median 0.15
        write("r1-nn.json", jmh("AutoencoderBenchmark.encodeBatch64", "\"bfloat16\" : \"false\"", "ms/op", 10));
        write("r2-nn.json", jmh("AutoencoderBenchmark.encodeBatch64", "\"bfloat16\" : \"false\"", "ms/op", 20));
        for (int r = 1; r <= 2; r++) {
            write("r" + r + "-torch.txt", "torch 1.13.0a0 threads 2\nae_encode_b64 100.00 ms/subvolume\n");
        }
        // peak: best of 200, 171.8 and 300 ms for 2 * 2048^3 flops = 100.0 GFLOP/s
        write("gemm.json", jmh("GemmBenchmark.matMul", "\"bfloat16\" : \"false\"", "ms/op", 200, 171.7987, 300));
        // MRC 1024 MiB: read 1 s = 1.07 GB/s, copy 0.5 s = 2.15 GB/s
        write("mrc.json", "[" + body("MrcBenchmark.read", "\"sizeMiB\" : \"1024\"", "ms/op", 1000) + ","
                + body("MrcBenchmark.copy", "\"sizeMiB\" : \"1024\"", "ms/op", 500) + "]");

        String out = table();

        assertThat(line(out, "DoG picking")).contains("2.75 s", "10.00 s", " 0.275 ", "FAIL", "0.250 0.300");
        assertThat(line(out, "k-means 38112x32 k=100 time")).contains("600 ms", "800 ms", " 0.750 ", "pass");
        assertThat(line(out, "k-means inertia")).contains("1000.5", "1000.0", " 1.0005 ", "pass");
        assertThat(line(out, "AE encode, batch 64 (vs torch")).contains("15.00 ms", "100.00 ms", " 0.150 ", "6.67x", "pass",
                "0.100 0.200");
        assertThat(out).contains("3 of 4 rows pass").doesNotContain("WARNING");
        assertThat(out).contains("float32 100.0 GFLOP/s");
        // encode: 0.2842 GFLOP per subvolume in 15 ms = 18.9 GFLOP/s, 18.9% of the peak; torch 2.8 (2.8%)
        assertThat(line(out, "AE encode, batch 64 (peer: torch)")).contains("18.9", "18.9%", "2.8", "2.8%");
        assertThat(out).contains("read 1.07 GB/s (0.50x the copy)", "copy 2.15 GB/s");
    }

    @Test
    void rowsNotRunAreLeftOutAndAMissingPeerIsSaid() throws Exception {
        assumeTrue(Files.isExecutable(PYTHON), "/usr/bin/python3 is not installed; the table script cannot run");
        write("machine", "cpu AMD EPYC, 2 processors\nrounds 1 threads 2 quick 1 mrc_mib 256 torch_warmup 1\n"
                + "round 1 load 9.50 3.00 1.00\n");
        write("skipped", "dog: scipy is not installed for /usr/bin/python3 (Debian: python3-scipy); no scipy ratio\n");
        write("failures", "");
        write("r1-dog.json", jmh("DogBenchmark.dogPicking", "", "ms/op", 3000));

        String out = table();

        assertThat(out).contains("skipped: dog: scipy is not installed", "WARNING: the machine was busy (1-minute load"
                + " average up to 9.5 on 2 processors)");
        assertThat(line(out, "DoG picking")).contains("3.00 s", "no peer");
        assertThat(out).doesNotContain("k-means 38112x32").doesNotContain("AE encode");
        assertThat(out).contains("0 of 0 rows pass", "matrix-multiply peak: not measured");
    }

    @Test
    void endToEndRowsAreJudgedAgainstTheTargetsAtTheTargetSizeOnly() throws Exception {
        assumeTrue(Files.isExecutable(PYTHON), "/usr/bin/python3 is not installed; the table script cannot run");
        write("machine", "cpu AMD EPYC, 2 processors\nrounds 0 threads 2 quick 0 mrc_mib 1024 torch_warmup 1\n");
        write("skipped", "");
        write("failures", "");
        // as benchmarks/end-to-end.sh prints them (the lines of one real run, train-seg's time changed to fail)
        write("e2e.txt", "e2e load 1.02 1.50 1.80 size 400,400,128\ne2e mine 150.9\ne2e train-seg 320.4\n"
                + "e2e segment 22.2\ne2e profile mine\n    stage                seconds   share\n"
                + "    training             132.320   87.8%\ne2e profile train-seg\n    stage           seconds   share\n"
                + "e2e profile segment\n    segmenting tiles     21.400   97.2%\ne2e iou membrane 0.453 globule 0.700\n"
                + "e2e out /tmp/x\n");

        String out = table();

        assertThat(out).contains("end to end on a simulated 400x400x128 tomogram");
        assertThat(line(out, "mine ")).contains("150.9 s", "<= 180 s", "pass");
        assertThat(line(out, "train-seg ")).contains("320.4 s", "<= 300 s", "FAIL");
        assertThat(line(out, "segment ")).contains("22.2 s", "<= 60 s", "pass");
        assertThat(out).contains("IoU against the ground truth: membrane 0.453 globule 0.700", "stage profile of mine:",
                "training             132.320   87.8%", "segmenting tiles     21.400   97.2%");

        write("e2e.txt", "e2e load 1.0 1.0 1.0 size 160,160,64\ne2e mine 20.0\n");
        assertThat(line(table(), "mine ")).contains("20.0 s", "(target is for 400x400x128)").doesNotContain("pass");
    }

    private String table() throws IOException, InterruptedException {
        Path script = Path.of("peers_table.py").toAbsolutePath();
        if (!Files.exists(script)) {
            script = Path.of("benchmarks", "peers_table.py").toAbsolutePath();
        }
        Process p = new ProcessBuilder(PYTHON.toString(), script.toString(), run.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private static String line(String out, String start) {
        return out.lines().filter(l -> l.stripLeading().startsWith(start)).findFirst()
                .orElseThrow(() -> new AssertionError("no line starting with '" + start + "' in:\n" + out));
    }

    private void write(String name, String content) throws IOException {
        Files.writeString(run.resolve(name), content);
    }

    private static String jmh(String benchmark, String params, String unit, double... iterations) {
        return "[" + body(benchmark, params, unit, iterations) + "]";
    }

    /** One JMH JSON result with the fields the table reads (as JMH 1.37 writes them). */
    private static String body(String benchmark, String params, String unit, double... iterations) {
        StringBuilder raw = new StringBuilder();
        double sum = 0;
        for (double v : iterations) {
            raw.append(raw.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.6f", v));
            sum += v;
        }
        return String.format(Locale.ROOT, "{\"benchmark\" : \"org.cryomine.benchmarks.%s\", \"mode\" : \"ss\", "
                + "\"params\" : {%s}, \"primaryMetric\" : {\"score\" : %.6f, \"scoreUnit\" : \"%s\", "
                + "\"rawData\" : [[%s]]}}", benchmark, params, sum / iterations.length, unit, raw);
    }
}
