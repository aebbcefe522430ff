package org.cryomine.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.cryomine.core.ProgressListener;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live comparison with the peer, scikit-learn (1.2.1 on the reference machine) under /usr/bin/python3: from the
 * same initial centres, scikit-learn's Lloyd (tol 1e-4, max_iter 300) and ours must give the same labels, iteration
 * count and inertia; our silhouette, Calinski-Harabasz and adjusted Rand index must equal scikit-learn's on its
 * labels; with swap refinement (the default) our median inertia over seeds must be at most scikit-learn's
 * (one k-means++ initialisation each). Skipped when python3 or scikit-learn is not installed.
 */
class ScikitLearnPeerTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");

    private static final String SCRIPT = String.join("\n",
            "import sys, numpy as np",
            "from sklearn.cluster import KMeans",
            "from sklearn.metrics import silhouette_score, calinski_harabasz_score, adjusted_rand_score",
            "d = int(sys.argv[4])",
            "x = np.fromfile(sys.argv[1], dtype='<f4').reshape(-1, d)",
            "c = np.fromfile(sys.argv[2], dtype='<f4').reshape(-1, d)",
            "truth = np.fromfile(sys.argv[3], dtype='<i4')",
            "km = KMeans(n_clusters=len(c), init=c, n_init=1, algorithm='lloyd', tol=1e-4, max_iter=300).fit(x)",
            "print(km.n_iter_)",
            "print(repr(float(km.inertia_)))",
            "print(' '.join(map(str, km.labels_)))",
            "print(repr(float(silhouette_score(x, km.labels_))))",
            "print(repr(float(calinski_harabasz_score(x, km.labels_))))",
            "print(repr(float(adjusted_rand_score(truth, km.labels_))))");

    @TempDir
    Path dir;

    @Test
    void lloydAndMetricsAgreeWithScikitLearn() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PYTHON), "scikit-learn peer test skipped: no /usr/bin/python3");
        Assumptions.assumeTrue(run(List.of("-c", "import sklearn")).exit == 0,
                "scikit-learn peer test skipped: /usr/bin/python3 has no scikit-learn");
        Blobs blobs = new Blobs(12, 150, 8, 2, 53);
        int d = 8;
        int k = 15;
        Points x = Points.of(blobs.points);
        float[] init;
        try (ChunkExecutor exec = new ChunkExecutor(2)) {
            init = KMeansPlusPlus.seed(x, k, new SplittableRandom(6), exec);
            HamerlyLloyd.Result ours = HamerlyLloyd.run(x, init, 300, 1e-4 * x.meanVariance(), exec,
                    ProgressListener.NONE);

            Path data = writeFloats(dir.resolve("x.f32"), x.rows);
            Path centres = writeFloats(dir.resolve("c.f32"), init);
            Path truth = dir.resolve("truth.i32");
            ByteBuffer tb = ByteBuffer.allocate(4 * blobs.truth.length).order(ByteOrder.LITTLE_ENDIAN);
            tb.asIntBuffer().put(blobs.truth);
            Files.write(truth, tb.array());
            Result peer = run(List.of("-c", SCRIPT, data.toString(), centres.toString(), truth.toString(),
                    String.valueOf(d)));
            assertThat(peer.exit).as(peer.output).isZero();
            String[] lines = peer.output.strip().split("\n");
            int[] labels = Arrays.stream(lines[2].trim().split(" ")).mapToInt(Integer::parseInt).toArray();

            assertThat(ours.labels()).isEqualTo(labels);
            assertThat(ours.iterations()).isEqualTo(Integer.parseInt(lines[0].trim()));
            double inertia = Double.parseDouble(lines[1]);
            assertThat(ours.inertia()).isCloseTo(inertia, within(1e-5 * inertia));  // scikit-learn sums in float32
            assertThat(ClusterMetrics.silhouette(blobs.points, labels))
                    .isCloseTo(Double.parseDouble(lines[3]), within(1e-5));
            assertThat(ClusterMetrics.calinskiHarabasz(blobs.points, labels))
                    .isCloseTo(Double.parseDouble(lines[4]), within(1e-6 * Double.parseDouble(lines[4])));
            assertThat(ClusterMetrics.adjustedRandIndex(blobs.truth, labels))
                    .isCloseTo(Double.parseDouble(lines[5]), within(1e-12));
        }
    }

    private static final String INERTIA_SCRIPT = String.join("\n",
            "import sys, numpy as np",
            "from sklearn.cluster import KMeans",
            "x = np.fromfile(sys.argv[1], dtype='<f4').reshape(-1, int(sys.argv[2]))",
            "for s in range(int(sys.argv[4])):",
            "    print(repr(float(KMeans(n_clusters=int(sys.argv[3]), n_init=1, random_state=s,"
                    + " algorithm='lloyd').fit(x).inertia_)))");

    /**
     * The peer benchmark's recipe, smaller (4000 points of 16 dimensions from 60 ReLU'd Gaussian blobs, k = 40):
     * the median inertia over seeds 0-4 of the default clusterer is at most 0.98 times scikit-learn's
     * {@code KMeans(n_init=1)} median over its seeds 0-4 (the issue asks for at most 1.001; 0.98 fails without
     * the swaps: measured with scikit-learn 1.2.1, ours 0.940, plain Lloyd 0.989), and plain Lloyd's is not
     * below ours.
     */
    @Test
    void swapRefinementReachesScikitLearnsInertia() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PYTHON), "scikit-learn peer test skipped: no /usr/bin/python3");
        Assumptions.assumeTrue(run(List.of("-c", "import sklearn")).exit == 0,
                "scikit-learn peer test skipped: /usr/bin/python3 has no scikit-learn");
        int n = 4000;
        int d = 16;
        int k = 40;
        int seeds = 5;
        java.util.Random random = new java.util.Random(71);
        double[][] centres = new double[60][d];
        for (double[] c : centres) {
            for (int j = 0; j < d; j++) {
                c[j] = 3 * random.nextGaussian();
            }
        }
        float[][] x = new float[n][d];
        float[] flat = new float[n * d];
        for (int i = 0; i < n; i++) {
            double[] c = centres[random.nextInt(centres.length)];
            for (int j = 0; j < d; j++) {
                x[i][j] = (float) Math.max(c[j] + random.nextGaussian(), 0);
                flat[i * d + j] = x[i][j];
            }
        }
        Path data = writeFloats(dir.resolve("relu.f32"), flat);
        Result peer = run(List.of("-c", INERTIA_SCRIPT, data.toString(), String.valueOf(d), String.valueOf(k),
                String.valueOf(seeds)));
        assertThat(peer.exit).as(peer.output).isZero();
        double[] theirs = Arrays.stream(peer.output.strip().split("\n")).mapToDouble(Double::parseDouble).toArray();
        assertThat(theirs).hasSize(seeds);
        double[] ours = new double[seeds];
        double[] plain = new double[seeds];
        for (int s = 0; s < seeds; s++) {
            ours[s] = KMeansClusterer.of(k).withSeed(s).withThreads(2).fit(x).inertia();
            plain[s] = KMeansClusterer.of(k).withSeed(s).withThreads(2).withSwapTrials(0).fit(x).inertia();
        }
        Arrays.sort(theirs);
        Arrays.sort(ours);
        Arrays.sort(plain);
        assertThat(ours[seeds / 2]).isLessThanOrEqualTo(0.98 * theirs[seeds / 2]);
        assertThat(ours[seeds / 2]).isLessThanOrEqualTo(plain[seeds / 2]);
    }

    private static Path writeFloats(Path file, float[] values) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        Files.write(file, b.array());
        return file;
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add(PYTHON.toString());
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, "timed out");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
