package org.cryomine.benchmarks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cryomine.cluster.ClusterModel;
import org.cryomine.cluster.KMeansClusterer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * k-means on the paper's clustering workload, the same as {@code benchmarks/peers/sklearn_kmeans.py}: 38112 codes
 * of 32 dimensions, k = 100, one k-means++ initialisation, scikit-learn's defaults (300 iterations, tolerance 1e-4),
 * then cryomine's swap refinement ({@code -p swapTrials=N}; -1, the default, is the library's default, 0 is plain
 * Lloyd as scikit-learn).
 *
 * <p>Data: with {@code -p data=FILE.npy} the benchmark reads the peer's exact matrix (float32, C order, written by
 * {@code benchmarks/kmeans-vs-sklearn.sh} with numpy's generator and the peer's recipe); with the default
 * {@code data=generate} it builds data by the same recipe with Java's generator (150 centres ~ N(0, 3^2) in 32
 * dimensions, uniform labels, unit Gaussian noise, ReLU, float32), statistically the same workload.
 * Each iteration times one fit, as the peer times one fit (after warm-up here: JMH's single-shot mode).
 * After each trial it prints the inertia and iteration count of the last fit (for the inertia comparison).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10)
@Measurement(iterations = 10)
@Fork(1)
public class KMeansBenchmark {

    @Param("generate")
    public String data;

    @Param("38112")
    public int n;

    @Param("100")
    public int k;

    @Param("0")
    public long seed;

    /** File that receives the report line after the trial (empty: standard output). */
    @Param("")
    public String report;

    /** Worker threads; 0 = all processors (scikit-learn's OpenMP default). */
    @Param("0")
    public int threads;

    /** Swap trials after Lloyd; -1: {@link KMeansClusterer#DEFAULT_SWAP_TRIALS}; 0: plain Lloyd. */
    @Param("-1")
    public int swapTrials;

    private float[][] codes;
    private KMeansClusterer clusterer;
    private ClusterModel last;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        codes = "generate".equals(data) ? generate(n, seed) : readNpy(Path.of(data));
        int t = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        clusterer = KMeansClusterer.of(k).withSeed(seed).withThreads(t);
        if (swapTrials >= 0) {
            clusterer = clusterer.withSwapTrials(swapTrials);
        }
    }

    @Benchmark
    public ClusterModel fit() {
        last = clusterer.fit(codes);
        return last;
    }

    @TearDown(Level.Trial)
    public void report() throws IOException {
        String line = String.format(java.util.Locale.ROOT,
                "cryomine kmeans n=%d d=%d k=%d seed=%d threads=%d swapTrials=%d: %d iterations, inertia %.1f%n",
                codes.length, codes[0].length, k, seed, clusterer.threads(), clusterer.swapTrials(), last.iterations(),
                last.inertia());
        if (report.isEmpty()) {
            System.out.print(System.lineSeparator() + line);
        } else {
            Files.writeString(Path.of(report), line);
        }
    }

    /**
     * Inertia over seeds, outside JMH: {@code java -cp benchmarks.jar org.cryomine.benchmarks.KMeansBenchmark
     * DATA.npy SEEDS [K]} fits with seeds 0 .. SEEDS-1 (one initialisation each) and prints one line
     * "seed S: inertia I, N iterations, T s" per seed.
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: KMeansBenchmark DATA.npy SEEDS [K]");
            System.exit(2);
        }
        float[][] x = readNpy(Path.of(args[0]));
        int seeds = Integer.parseInt(args[1]);
        int clusters = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        for (int s = 0; s < seeds; s++) {
            long t = System.nanoTime();
            ClusterModel m = KMeansClusterer.of(clusters).withSeed(s).fit(x);
            System.out.printf("seed %d: inertia %.1f, %d iterations, %.3f s%n", s, m.inertia(), m.iterations(),
                    (System.nanoTime() - t) / 1e9);
        }
    }

    /** The peer's recipe with Java's random generator. */
    static float[][] generate(int n, long seed) {
        Random random = new Random(seed);
        double[][] centres = new double[150][32];
        for (double[] c : centres) {
            for (int j = 0; j < 32; j++) {
                c[j] = 3 * random.nextGaussian();
            }
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(150);
        }
        float[][] x = new float[n][32];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 32; j++) {
                x[i][j] = (float) Math.max(centres[labels[i]][j] + random.nextGaussian(), 0);
            }
        }
        return x;
    }

    /** Reads a 2-D little-endian float32 C-order .npy file (format versions 1-3). */
    static float[][] readNpy(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 10 || (bytes[0] & 0xff) != 0x93 || bytes[1] != 'N' || bytes[2] != 'U') {
            throw new IOException(file + " is not a .npy file");
        }
        int major = bytes[6];
        int headerLength = major == 1 ? buf.getShort(8) & 0xffff : buf.getInt(8);
        int start = major == 1 ? 10 : 12;
        String header = new String(bytes, start, headerLength, StandardCharsets.ISO_8859_1);
        if (!header.contains("'descr': '<f4'") || header.contains("'fortran_order': True")) {
            throw new IOException(file + ": expected little-endian float32 in C order, header " + header.strip());
        }
        Matcher m = Pattern.compile("'shape': \\((\\d+), (\\d+)\\)").matcher(header);
        if (!m.find()) {
            throw new IOException(file + ": expected a 2-D array, header " + header.strip());
        }
        int rows = Integer.parseInt(m.group(1));
        int cols = Integer.parseInt(m.group(2));
        buf.position(start + headerLength);
        float[][] x = new float[rows][cols];
        for (float[] row : x) {
            buf.asFloatBuffer().get(row);
            buf.position(buf.position() + 4 * cols);
        }
        return x;
    }
}
