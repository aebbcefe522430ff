import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * MRC write of a 512 x 512 x 200 float32 volume (200 MiB, header statistics included, no fsync) by two or more builds
 * of cryomine in one JVM, each loaded by its own class loader, against Files.copy of a file of the same bytes: round by
 * round every build writes and then the file is copied, so that the builds and the copy share the machine's load
 * more closely than in separate JVMs (benchmarks/mrc-write-vs-copy.sh). After three warm-up rounds (the first checks
 * that every build writes the first build's bytes, header statistics included) prints, per build, the median write
 * time, the median process CPU time during the write (all threads, user and system; the operating system counts it in
 * ticks, often 10 ms) and the median and quartiles of the write/copy speed ratio.
 * usage: java -Xmx3g benchmarks/MrcWriteBuilds.java ROUNDS CLASSPATH [CLASSPATH ...]
 * where each CLASSPATH holds one build's cryomine-core and cryomine-io jars (or cli/target/cryomine.jar) and their
 * dependencies, separated by ':'.
 */
public class MrcWriteBuilds {
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: MrcWriteBuilds ROUNDS CLASSPATH [CLASSPATH ...]");
        }
        int rounds = Integer.parseInt(args[0]);
        int builds = args.length - 1;
        int nx = 512, ny = 512, nz = 200;
        float[] d = new float[nx * ny * nz];
        int h = 0x9e3779b9;
        for (int i = 0; i < d.length; i++) {
            h = h * 1664525 + 1013904223;
            d[i] = (h >> 8) * 0x1p-23f;
        }
        Method[] write = new Method[builds];
        Object[] volume = new Object[builds];
        for (int b = 0; b < builds; b++) {
            List<URL> urls = new ArrayList<>();
            for (String p : args[b + 1].split(":")) {
                urls.add(Path.of(p).toUri().toURL());
            }
            ClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
            Class<?> volumeClass = loader.loadClass("org.cryomine.core.Volume");
            volume[b] = volumeClass.getMethod("wrap", float[].class, int.class, int.class, int.class)
                    .invoke(null, d, nx, ny, nz);
            write[b] = loader.loadClass("org.cryomine.io.Volumes").getMethod("write", volumeClass, Path.class);
        }
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        Path dir = Files.createTempDirectory("cryomine-mrc-builds");
        Path source = dir.resolve("source.mrc");
        write[0].invoke(null, volume[0], source);
        double[][] writes = new double[builds][rounds];
        double[][] cpu = new double[builds][rounds];
        double[][] copies = new double[builds][rounds];
        double[][] ratios = new double[builds][rounds];
        try {
            for (int r = -3; r < rounds; r++) {
                for (int b = 0; b < builds; b++) {
                    Path w = dir.resolve("written.mrc");
                    Path c = dir.resolve("copied.mrc");
                    long c0 = os.getProcessCpuTime();
                    long t0 = System.nanoTime();
                    write[b].invoke(null, volume[b], w);
                    long t1 = System.nanoTime();
                    long c1 = os.getProcessCpuTime();
                    Files.copy(source, c);
                    long t2 = System.nanoTime();
                    if (r == -3 && Files.mismatch(w, source) != -1) {
                        throw new IllegalStateException("build " + b + " wrote other bytes than build 0");
                    }
                    Files.delete(w);
                    Files.delete(c);
                    if (r >= 0) {
                        writes[b][r] = (t1 - t0) / 1e6;
                        cpu[b][r] = (c1 - c0) / 1e6;
                        copies[b][r] = (t2 - t1) / 1e6;
                        ratios[b][r] = copies[b][r] / writes[b][r];
                    }
                }
            }
        } finally {
            Files.deleteIfExists(dir.resolve("written.mrc"));
            Files.deleteIfExists(dir.resolve("copied.mrc"));
            Files.deleteIfExists(source);
            Files.deleteIfExists(dir);
        }
        for (int b = 0; b < builds; b++) {
            System.out.printf("build %d: write %.1f ms (process cpu %.0f ms), copy %.1f ms, write/copy speed %.2f "
                    + "(quartiles %.2f-%.2f)%n", b, quantile(writes[b], 2), quantile(cpu[b], 2), quantile(copies[b], 2),
                    quantile(ratios[b], 2), quantile(ratios[b], 1), quantile(ratios[b], 3));
        }
        System.out.printf("load %s", Files.readString(Path.of("/proc/loadavg")));
    }

    /** The q-th quartile (2: the median) of {@code x}, the nearest rank. */
    private static double quantile(double[] x, int q) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, s.length * q / 4)];
    }
}
