import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.cryomine.core.Volume;
import org.cryomine.io.Volumes;

/**
 * MRC write of a 512 x 512 x 200 float32 volume (200 MiB, header statistics included, no fsync) against
 * Files.copy of the written file (the same bytes), alternating in one JVM, after two warm-up rounds of each.
 * Prints seconds per round and the median copy/write ratio (1 = as fast as a copy). Run from source with a
 * cryomine jar on the class path (benchmarks/mrc-write-vs-copy.sh), so that two builds can be compared side by side.
 * usage: java -cp cryomine.jar benchmarks/MrcWriteVsCopy.java [rounds=7] [dir=java.io.tmpdir]
 */
public class MrcWriteVsCopy {
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        Path base = Path.of(args.length > 1 ? args[1] : System.getProperty("java.io.tmpdir"));
        int nx = 512, ny = 512, nz = 200;
        float[] d = new float[nx * ny * nz];
        int h = 0x9e3779b9;
        for (int i = 0; i < d.length; i++) {
            h = h * 1664525 + 1013904223;
            d[i] = (h >> 8) * 0x1p-23f;
        }
        Volume v = Volume.wrap(d, nx, ny, nz);
        Path dir = Files.createTempDirectory(base, "cryomine-mrc-write");
        Path source = dir.resolve("source.mrc");
        Volumes.write(v, source);
        double[] ratios = new double[rounds];
        double[] writes = new double[rounds];
        double[] copies = new double[rounds];
        try {
            for (int r = -2; r < rounds; r++) {
                Path w = dir.resolve("written.mrc");
                Path c = dir.resolve("copied.mrc");
                long t0 = System.nanoTime();
                Volumes.write(v, w);
                long t1 = System.nanoTime();
                Files.copy(source, c);
                long t2 = System.nanoTime();
                Files.delete(w);
                Files.delete(c);
                if (r >= 0) {
                    writes[r] = (t1 - t0) / 1e9;
                    copies[r] = (t2 - t1) / 1e9;
                    ratios[r] = copies[r] / writes[r];
                    System.out.printf("round %d: write %.3f s (%.2f GB/s), copy %.3f s (%.2f GB/s), write/copy speed %.2f%n",
                            r + 1, writes[r], Files.size(source) / 1e9 / writes[r], copies[r],
                            Files.size(source) / 1e9 / copies[r], ratios[r]);
                }
            }
        } finally {
            Files.deleteIfExists(source);
            Files.deleteIfExists(dir);
        }
        System.out.printf("median: write %.3f s, copy %.3f s, write/copy speed %.2f%n", median(writes), median(copies),
                median(ratios));
    }

    private static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
