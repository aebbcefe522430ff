package org.cryomine.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.cryomine.core.Volume;
import org.cryomine.core.simulate.SimulatedTomogram;
import org.cryomine.core.simulate.TomogramSimulator;
import org.cryomine.nn.Autoencoder3D;
import org.cryomine.nn.Edss3d;
import org.cryomine.nn.NetworkWorkloads;
import org.cryomine.nn.TrainedAutoencoder;
import org.cryomine.nn.TrainedEdss3d;
import org.cryomine.nn.TrainingListener;

/**
 * float32 against mixed precision (bfloat16 compute on float32 master weights, {@code mixedPrecision(true)})
 * for both networks, measured side by side in one JVM so that a busy machine slows both alike:
 * <ol>
 * <li>ms per training step (batch 8, 32^3, 32 filters, code 32, 3 classes), the variants alternated, several
 *     rounds of a few steps each, medians;</li>
 * <li>inference ms per subvolume: encoding (batch 64) and Edss3d probabilities (batch 32), in float32, with
 *     oneDNN's automatic bfloat16 rewrite ({@code withBfloat16Inference}) and in explicit bfloat16, alternated
 *     with the 2048^2 matrix product in float32 and bfloat16 ({@link GemmBenchmark}), so each round's times
 *     are also given as a fraction of that round's bfloat16 peak (reference flops, {@link ReferenceFlops});</li>
 * <li>the validation loss after a fixed short training (default 6 epochs, no early stop) on the same seeded
 *     data: 32^3 tiles (stride 32) of a simulated 256x256x96 tomogram, and for Edss3d its label map (0
 *     background, 1 membrane, 2 globules, everything else background).</li>
 * </ol>
 * Usage: {@code java -cp benchmarks/target/benchmarks.jar org.cryomine.benchmarks.MixedPrecisionComparison
 * [rounds=9] [epochs=6] [threads=2] [seeds=1] [firstSeed=0] [snr=0.5] [parts=steps,inference,autoencoder,edss3d]}
 * (parts: which measurements run; "control" adds a float32 training with one thread, the same
 * training with other round-off only;
 * "controlonly" runs that one alone, "mixedonly" the mixed one alone). Prints one line per measurement.
 */
public final class MixedPrecisionComparison {

    private static final int BOX = 32;

    private MixedPrecisionComparison() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int seeds = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        int firstSeed = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        double snr = args.length > 5 ? Double.parseDouble(args[5]) : 0.5;
        String parts = args.length > 6 ? args[6] : "steps,inference,autoencoder,edss3d";
        System.out.printf("mixed precision vs float32: %d rounds, %d epochs, %d threads, %d seeds, load %.2f%n",
                rounds, epochs, threads, seeds, load());
        if (parts.contains("steps")) {
            steps(rounds, threads);
        }
        if (parts.contains("inference")) {
            inference(rounds, threads);
        }
        if (epochs > 0) {
            training(epochs, threads, firstSeed, seeds, snr, parts);
        }
        System.out.printf("load at the end %.2f%n", load());
    }

    private static double load() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static void steps(int rounds, int threads) {
        List<String> names = List.of("autoencoder float32", "autoencoder mixed", "edss3d float32", "edss3d mixed");
        NetworkWorkloads[] w = {
            NetworkWorkloads.autoencoder(BOX, 32, 32, threads, true, false, false),
            NetworkWorkloads.autoencoder(BOX, 32, 32, threads, true, false, true),
            NetworkWorkloads.edss(BOX, 32, 3, threads, true, false, false),
            NetworkWorkloads.edss(BOX, 32, 3, threads, true, false, true)};
        try {
            float[] x = w[0].randomBoxes(8, 1);
            int[] y = new int[8 * BOX * BOX * BOX];
            Random r = new Random(3);
            Arrays.setAll(y, i -> r.nextInt(3));
            List<Supplier<Object>> ops = List.of(() -> w[0].trainStep(x, 8), () -> w[1].trainStep(x, 8),
                    () -> w[2].edssTrainStep(x, y, 8), () -> w[3].edssTrainStep(x, y, 8));
            double[][] cpu = new double[4][rounds];
            double[][] ms = alternate(ops, rounds, 2, cpu);
            report("training step, wall ms per batch of 8", names, ms, new int[][] {{0, 1}, {2, 3}});
            report("training step, process CPU ms per batch of 8", names, cpu, new int[][] {{0, 1}, {2, 3}});
            System.out.println("where a training step's time goes (TensorFlow step statistics, ms per step, 3 steps):");
            for (int k = 0; k < 4; k++) {
                Map<String, Double> prof = w[k].profileTrainStep(x, y, 8, 3);
                double total = prof.values().stream().mapToDouble(Double::doubleValue).sum();
                StringBuilder sb = new StringBuilder();
                prof.entrySet().stream().limit(8).forEach(e -> sb.append(String.format(", %s %.1f", e.getKey(),
                        e.getValue())));
                System.out.printf("  %-22s total %.1f%s%n", names.get(k), total, sb);
            }
        } finally {
            Arrays.stream(w).forEach(NetworkWorkloads::close);
        }
    }

    private static void inference(int rounds, int threads) {
        List<String> names = List.of("encode float32", "encode bf16 rewrite", "encode mixed",
                "edss3d float32", "edss3d bf16 rewrite", "edss3d mixed", "matmul 2048 float32", "matmul 2048 bf16");
        NetworkWorkloads[] w = {
            NetworkWorkloads.autoencoder(BOX, 32, 32, threads, false, false, false),
            NetworkWorkloads.autoencoder(BOX, 32, 32, threads, false, true, false),
            NetworkWorkloads.autoencoder(BOX, 32, 32, threads, false, false, true),
            NetworkWorkloads.edss(BOX, 32, 3, threads, false, false, false),
            NetworkWorkloads.edss(BOX, 32, 3, threads, false, true, false),
            NetworkWorkloads.edss(BOX, 32, 3, threads, false, false, true)};
        GemmBenchmark[] gemm = {new GemmBenchmark(), new GemmBenchmark()};
        for (int i = 0; i < 2; i++) {
            gemm[i].n = 2048;
            gemm[i].threads = threads;
            gemm[i].bfloat16 = i == 1;
            gemm[i].setUp();
        }
        try {
            float[] x64 = w[0].randomBoxes(64, 2);
            List<Supplier<Object>> ops = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                NetworkWorkloads n = w[i];
                ops.add(() -> n.encodeChunked(x64, 64, 64));
            }
            for (int i = 3; i < 6; i++) {
                NetworkWorkloads n = w[i];
                ops.add(() -> n.edssProbabilitiesChunked(x64, 32, 32));
            }
            ops.add(gemm[0]::matMul);
            ops.add(gemm[1]::matMul);
            double[][] cpu = new double[8][rounds];
            double[][] ms = alternate(ops, rounds, 2, cpu);
            for (int i = 0; i < 6; i++) {
                double per = i < 3 ? 64 : 32;
                for (int k = 0; k < ms[i].length; k++) {
                    ms[i][k] /= per;
                    cpu[i][k] /= per;
                }
            }
            report("inference, process CPU ms per subvolume", names, cpu, new int[][] {{0, 2}, {1, 2}, {3, 5}, {4, 5}});
            report("inference, ms per subvolume (encode: batch 64, edss3d: batch 32; matmul: ms per product)", names,
                    ms, new int[][] {{0, 2}, {1, 2}, {3, 5}, {4, 5}, {6, 7}});
            Map<String, Double> flops = ReferenceFlops.workloads();
            for (boolean byCpu : new boolean[] {false, true}) {
                double[][] t = byCpu ? cpu : ms;
                double[] peak = new double[rounds];
                Arrays.setAll(peak, i -> GemmBenchmark.flops(2048) / t[7][i] / 1e6);
                System.out.printf("  by %s: bfloat16 matmul peak %.0f GFLOP/s (median of rounds; float32 %.0f); at "
                        + "that peak the reference flops take %.2f ms (encode) and %.2f ms (edss3d) per subvolume%n",
                        byCpu ? "process CPU time (GFLOP per CPU second)" : "wall time", median(peak),
                        GemmBenchmark.flops(2048) / median(t[6]) / 1e6, flops.get("ae_encode") / median(peak) / 1e6,
                        flops.get("edss_infer") / median(peak) / 1e6);
                for (int i = 0; i < 6; i++) {
                    double f = flops.get(i < 3 ? "ae_encode" : "edss_infer");
                    double[] frac = new double[rounds];
                    int v = i;
                    Arrays.setAll(frac, k -> f / t[v][k] / 1e6 / peak[k]);
                    System.out.printf("    %-22s %.0f%% of that round's bfloat16 peak (median of rounds)%n",
                            names.get(i), 100 * median(frac));
                }
            }
        } finally {
            Arrays.stream(w).forEach(NetworkWorkloads::close);
            Arrays.stream(gemm).forEach(GemmBenchmark::tearDown);
        }
    }

    /**
     * Runs each op once to warm up, then {@code rounds} rounds of {@code reps} calls of each op in turn; returns
     * wall ms per call, and in {@code cpu[k][round]} this process's CPU ms per call (all its threads: on a machine
     * shared with other jobs, the work done rather than the share of the cores it got; a spin-waiting thread
     * counts as working).
     */
    private static double[][] alternate(List<Supplier<Object>> ops, int rounds, int reps, double[][] cpu) {
        ops.forEach(Supplier::get);
        double[][] ms = new double[ops.size()][rounds];
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < ops.size(); k++) {
                long c0 = cpuNanos();
                long t0 = System.nanoTime();
                for (int rep = 0; rep < reps; rep++) {
                    ops.get(k).get();
                }
                ms[k][round] = (System.nanoTime() - t0) / 1e6 / reps;
                cpu[k][round] = (cpuNanos() - c0) / 1e6 / reps;
            }
        }
        return ms;
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** Medians per variant, then for each {@code {a, b}} of {@code pairs} the median of the per-round a/b. */
    private static void report(String title, List<String> names, double[][] ms, int[][] pairs) {
        System.out.println(title + " (median over rounds; per round in brackets):");
        for (int k = 0; k < names.size(); k++) {
            StringBuilder rs = new StringBuilder();
            for (double v : ms[k]) {
                rs.append(rs.length() == 0 ? "" : ", ").append(String.format("%.2f", v));
            }
            System.out.printf("  %-22s %9.2f   [%s]%n", names.get(k), median(ms[k]), rs);
        }
        for (int[] p : pairs) {
            double[] ratio = new double[ms[p[0]].length];
            Arrays.setAll(ratio, i -> ms[p[0]][i] / ms[p[1]][i]);
            System.out.printf("  %s / %s: median per-round ratio %.2f (ratio of medians %.2f)%n", names.get(p[0]),
                    names.get(p[1]), median(ratio), median(ms[p[0]]) / median(ms[p[1]]));
        }
    }

    /** 32^3 tiles of a simulated tomogram and of its label map (classes 0..2). */
    private static List<Volume>[] data(double snr) {
        SimulatedTomogram t = TomogramSimulator.builder().size(256, 256, 96).seed(7).snr(snr).threads(2).build()
                .simulate();
        List<Volume> images = new ArrayList<>();
        List<Volume> labels = new ArrayList<>();
        for (int z = 0; z + BOX <= 96; z += BOX) {
            for (int y = 0; y + BOX <= 256; y += BOX) {
                for (int x = 0; x + BOX <= 256; x += BOX) {
                    images.add(t.tomogram().crop(x, y, z, BOX, BOX, BOX));
                    float[] l = t.labels().crop(x, y, z, BOX, BOX, BOX).data().clone();
                    for (int i = 0; i < l.length; i++) {
                        int c = Math.round(l[i]);
                        l[i] = c == 1 ? 1 : (c == 2 || c == 3) ? 2 : 0;
                    }
                    labels.add(Volume.wrap(l, BOX, BOX, BOX));
                }
            }
        }
        @SuppressWarnings("unchecked")
        List<Volume>[] out = new List[] {images, labels};
        return out;
    }

    private static void training(int epochs, int threads, int firstSeed, int seeds, double snr, String parts) {
        List<Volume>[] d = data(snr);
        System.out.printf("training %d epochs on %d tiles of 32^3 (10%% held out, simulation SNR %s), same seed per "
                + "pair:%n", epochs, d[0].size(), snr);
        // "control": float32 again with one TensorFlow thread, i.e. the same training with other round-off only
        List<String> variants = parts.contains("mixedonly") ? List.of("mixed")
                : parts.contains("controlonly") ? List.of("float32-1thread")
                : parts.contains("control") ? List.of("float32", "mixed", "float32-1thread") : List.of("float32", "mixed");
        for (int seed = firstSeed; seed < firstSeed + seeds; seed++) {
            for (String v : variants) {
                boolean mixed = v.equals("mixed");
                int t = v.endsWith("1thread") ? 1 : threads;
                long t0 = System.nanoTime();
                if (parts.contains("autoencoder")) {
                    Autoencoder3D cfg = Autoencoder3D.builder().maxEpochs(epochs).patience(epochs + 1).threads(t)
                            .seed(seed).mixedPrecision(mixed).build();
                    try (TrainedAutoencoder m = cfg.fit(d[0], TrainingListener.NONE)) {
                        printHistory("autoencoder", v, seed, m.history().validationLosses(), t0);
                    }
                }
                t0 = System.nanoTime();
                if (parts.contains("edss3d")) {
                    Edss3d cfg = Edss3d.builder().numClasses(3).maxEpochs(epochs).patience(epochs + 1).threads(t)
                            .seed(seed).mixedPrecision(mixed).build();
                    try (TrainedEdss3d m = cfg.fit(d[0], d[1], TrainingListener.NONE)) {
                        printHistory("edss3d", v, seed, m.history().validationLosses(), t0);
                    }
                }
            }
        }
    }

    private static void printHistory(String net, String variant, int seed, double[] val, long t0) {
        StringBuilder sb = new StringBuilder();
        for (double v : val) {
            sb.append(sb.length() == 0 ? "" : ", ").append(String.format("%.5f", v));
        }
        System.out.printf("  %-11s %-15s seed %d: final validation loss %.5f (per epoch %s), %.0f s%n", net,
                variant, seed, val[val.length - 1], sb, (System.nanoTime() - t0) / 1e9);
    }
}
