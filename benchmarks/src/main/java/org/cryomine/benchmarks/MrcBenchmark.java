package org.cryomine.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.cryomine.core.Volume;
import org.cryomine.io.Volumes;
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
 * MRC throughput on a float32 (mode 2) volume of {@code sizeMiB} MiB, edge x edge x (sizeMiB * 2^18 / edge^2)
 * voxels (1024 x 1024 x 256, 1 GiB, by default; {@code -p edge=512 -p sizeMiB=200} is issue 20's 512 x 512 x 200),
 * against a plain copy of the same file: {@code read} is {@link Volumes#read} of the file
 * into a new volume, {@code write} is {@link Volumes#write} of the volume to a new file (header statistics
 * included; no fsync, as a copy does none), {@code copy} is {@link Files#copy} of the file. The file is
 * written once per trial into a fresh folder under {@code dir} (empty: the JVM's temporary folder) and the
 * folder is deleted afterwards; each written file is deleted after its invocation, outside the timing.
 * The file was just written, so reads come from the page cache on a machine with memory to spare: these
 * are the library's costs over the operating system's, and the copy shows the machine's own rate.
 * Single shot, milliseconds per whole file; GB/s = bytes / score ({@link #bytes}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 4)
@Fork(value = 1, jvmArgs = {"-Xmx5g"})
public class MrcBenchmark {

    /** File size in MiB (data only, a multiple of 4; the header adds 1 KiB). */
    @Param("1024")
    public int sizeMiB;

    /** Edge of the volume's x-y slices in voxels; sizeMiB * 2^18 must be a multiple of edge^2. */
    @Param("1024")
    public int edge;

    /** Folder for the files; empty: java.io.tmpdir. */
    @Param("")
    public String dir;

    private Path folder;
    private Path source;
    private Path target;
    private Volume volume;
    private int written;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        long voxels = (long) sizeMiB << 18;
        if (sizeMiB < 1 || edge < 1 || voxels % ((long) edge * edge) != 0) {
            throw new IllegalArgumentException("sizeMiB * 2^18 float32 voxels must be whole slices of edge x edge, got "
                    + "sizeMiB " + sizeMiB + ", edge " + edge);
        }
        volume = pattern(edge, edge, (int) (voxels / ((long) edge * edge)));
        Path base = dir.isEmpty() ? Path.of(System.getProperty("java.io.tmpdir")) : Path.of(dir);
        folder = Files.createTempDirectory(base, "cryomine-mrc-bench");
        source = folder.resolve("source.mrc");
        Volumes.write(volume, source);
    }

    @Setup(Level.Invocation)
    public void nextTarget() {
        target = folder.resolve("target-" + written++ + ".mrc");
    }

    @TearDown(Level.Invocation)
    public void deleteTarget() throws IOException {
        Files.deleteIfExists(target);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            files.forEach(f -> {
                try {
                    Files.delete(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        Files.delete(folder);
    }

    @Benchmark
    public Volume read() {
        return Volumes.read(source);
    }

    @Benchmark
    public Path write() {
        Volumes.write(volume, target);
        return target;
    }

    @Benchmark
    public Path copy() throws IOException {
        return Files.copy(source, target);
    }

    /** Bytes of the file's data (the volume's float32 values) for a size in MiB. */
    public static long bytes(int sizeMiB) {
        return (long) sizeMiB << 20;
    }

    /** A cheap non-constant volume (an integer hash per voxel, scaled to [-1, 1)). */
    static Volume pattern(int nx, int ny, int nz) {
        float[] d = new float[Volume.voxelCount(nx, ny, nz)];
        int h = 0x9e3779b9;
        for (int i = 0; i < d.length; i++) {
            h = h * 1664525 + 1013904223;
            d[i] = (h >> 8) * 0x1p-23f;
        }
        return Volume.wrap(d, nx, ny, nz);
    }
}
