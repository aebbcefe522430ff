import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the time of an MRC float32 write goes (issue 20): the ways of putting 512 x 512 x 200 float32 values (200 MiB)
 * into a new file after a 1 KiB header, without header statistics, against Files.copy of a file of the same bytes, and
 * the header statistics alone, in one JVM, the variants alternating round by round after two warm-up rounds. Prints
 * each variant's median wall time (ms), its process CPU time (all threads, user and system) and its speed against the
 * copy's median. No fsync, as the writer and a copy do none. Needs no cryomine jar:
 * java benchmarks/MrcWritePaths.java [rounds=7] [dir=java.io.tmpdir] [VARIANT ...]
 * Variants: copy; channel (FileChannel.write from a 1 MiB direct buffer: MrcWriter's path); channel8 (8 MiB);
 * heap (FileChannel.write of a 8 MiB heap ByteBuffer); map64, map256 (FileChannel.map READ_WRITE windows of 64 or 256
 * MiB, FloatBuffer.put straight from the array); map256load (MappedByteBuffer.load first); stats (the arithmetic of
 * MrcStatistics.add on 1 MiB chunks: Math.min/max pass, four partial sums, four partial squared deviations; one thread).
 * Every file is deleted and the heap collected between variants, outside the timing (mapped buffers of a deleted file
 * keep its pages until they are collected).
 */
public class MrcWritePaths {

    static final int CHUNK = 1 << 18;
    static final int HEADER = 1024;
    static float[] data;
    static double sink;

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        Path base = Path.of(args.length > 1 ? args[1] : System.getProperty("java.io.tmpdir"));
        String[] variants = args.length > 2 ? Arrays.copyOfRange(args, 2, args.length)
                : new String[] {"copy", "channel", "channel8", "heap", "map64", "map256", "map256load", "stats"};
        data = new float[512 * 512 * 200];
        int h = 0x9e3779b9;
        for (int i = 0; i < data.length; i++) {
            h = h * 1664525 + 1013904223;
            data[i] = (h >> 8) * 0x1p-23f;
        }
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        Path dir = Files.createTempDirectory(base, "cryomine-mrc-paths");
        Path source = dir.resolve("source");
        channel(source, CHUNK);
        Map<String, List<double[]>> times = new LinkedHashMap<>();
        try {
            for (int r = -2; r < rounds; r++) {
                for (String v : variants) {
                    Path f = dir.resolve("written");
                    long c0 = os.getProcessCpuTime();
                    long t0 = System.nanoTime();
                    run(v, source, f);
                    long t1 = System.nanoTime();
                    long c1 = os.getProcessCpuTime();
                    Files.deleteIfExists(f);
                    System.gc();
                    if (r >= 0) {
                        times.computeIfAbsent(v, k -> new ArrayList<>()).add(new double[] {(t1 - t0) / 1e6, (c1 - c0) / 1e6});
                    }
                }
            }
        } finally {
            Files.deleteIfExists(dir.resolve("written"));
            Files.deleteIfExists(source);
            Files.deleteIfExists(dir);
        }
        double copy = times.containsKey("copy") ? median(times.get("copy"), 0) : Double.NaN;
        for (var e : times.entrySet()) {
            double wall = median(e.getValue(), 0);
            System.out.printf("%-11s wall %6.1f ms, process cpu %6.1f ms, speed against the copy %.2f%n", e.getKey(), wall,
                    median(e.getValue(), 1), copy / wall);
        }
        System.out.printf("load %s", Files.readString(Path.of("/proc/loadavg")));
    }

    static void run(String variant, Path source, Path f) throws Exception {
        switch (variant) {
            case "copy" -> Files.copy(source, f);
            case "channel" -> channel(f, CHUNK);
            case "channel8" -> channel(f, 8 * CHUNK);
            case "heap" -> heap(f, 8 * CHUNK);
            case "map64" -> map(f, 64 << 18, false);
            case "map256" -> map(f, 256 << 18, false);
            case "map256load" -> map(f, 256 << 18, true);
            case "stats" -> stats();
            default -> throw new IllegalArgumentException("unknown variant " + variant);
        }
    }

    static void channel(Path f, int chunk) throws Exception {
        try (FileChannel c = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            write(c, ByteBuffer.allocateDirect(chunk * 4).order(ByteOrder.LITTLE_ENDIAN), chunk);
        }
    }

    static void heap(Path f, int chunk) throws Exception {
        try (FileChannel c = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            write(c, ByteBuffer.allocate(chunk * 4).order(ByteOrder.LITTLE_ENDIAN), chunk);
        }
    }

    static void write(FileChannel c, ByteBuffer b, int chunk) throws Exception {
        long at = HEADER;
        for (int from = 0; from < data.length; from += chunk) {
            int n = Math.min(chunk, data.length - from);
            b.clear();
            b.asFloatBuffer().put(data, from, n);
            b.limit(n * 4);
            while (b.hasRemaining()) {
                at += c.write(b, at);
            }
        }
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        while (header.hasRemaining()) {
            c.write(header, header.position());
        }
    }

    static void map(Path f, int window, boolean load) throws Exception {
        try (FileChannel c = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            for (int from = 0; from < data.length; from += window) {
                int n = Math.min(window, data.length - from);
                MappedByteBuffer m = c.map(FileChannel.MapMode.READ_WRITE, HEADER + 4L * from, 4L * n);
                if (load) {
                    m.load();
                }
                m.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(data, from, n);
            }
            ByteBuffer header = ByteBuffer.allocate(HEADER);
            while (header.hasRemaining()) {
                c.write(header, header.position());
            }
        }
    }

    /** MrcStatistics.add's arithmetic on each 1 MiB chunk (its results are not combined here: that is 200 additions). */
    static void stats() {
        double total = 0;
        for (int from = 0; from < data.length; from += CHUNK) {
            int end = Math.min(data.length, from + CHUNK);
            float mn = Float.POSITIVE_INFINITY;
            float mx = Float.NEGATIVE_INFINITY;
            for (int i = from; i < end; i++) {
                mn = Math.min(mn, data[i]);
                mx = Math.max(mx, data[i]);
            }
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            for (int i = from; i + 3 < end; i += 4) {
                s0 += data[i];
                s1 += data[i + 1];
                s2 += data[i + 2];
                s3 += data[i + 3];
            }
            double mean = ((s0 + s1) + (s2 + s3)) / (end - from);
            double q0 = 0, q1 = 0, q2 = 0, q3 = 0;
            for (int i = from; i + 3 < end; i += 4) {
                double a = data[i] - mean, b = data[i + 1] - mean, c = data[i + 2] - mean, d = data[i + 3] - mean;
                q0 += a * a;
                q1 += b * b;
                q2 += c * c;
                q3 += d * d;
            }
            total += mn + mx + mean + (q0 + q1) + (q2 + q3);
        }
        sink += total;
    }

    static double median(List<double[]> rows, int column) {
        double[] x = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
        return x.length % 2 == 1 ? x[x.length / 2] : (x[x.length / 2 - 1] + x[x.length / 2]) / 2;
    }
}
