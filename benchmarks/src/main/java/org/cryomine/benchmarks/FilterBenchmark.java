package org.cryomine.benchmarks;

import java.util.concurrent.TimeUnit;
import org.cryomine.core.Volume;
import org.cryomine.core.filter.GaussianFilter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Gaussian filter alone (the picker's building block) on a 512x512x200 volume of unit Gaussian noise, at the
 * picker's smoothing sigma 2 and DoG sigma 5 (reflect mode, truncate 4, so radius r = round(4 sigma) and 2r + 1
 * taps per axis). Single-shot: one whole filtering per iteration, a new output volume each time (the input is
 * not modified). Reference flops: {@link ReferenceFlops#gaussian}; GFLOP/s = flops / score.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
public class FilterBenchmark {

    /** Volume size x,y,z. */
    @Param("512,512,200")
    public String size;

    /** Gaussian sigma in voxels, the same on every axis. */
    @Param({"2", "5"})
    public double sigma;

    /** Worker threads; 0 = all processors. */
    @Param("0")
    public int threads;

    private Volume volume;
    private GaussianFilter filter;

    @Setup
    public void setUp() {
        int[] s = parseSize(size);
        volume = Volume.gaussianNoise(s[0], s[1], s[2], 1);
        filter = GaussianFilter.of(sigma).withThreads(threads > 0 ? threads : Runtime.getRuntime().availableProcessors());
    }

    @Benchmark
    public Volume gaussian() {
        return filter.apply(volume);
    }

    /** "x,y,z" as three positive sizes. */
    static int[] parseSize(String size) {
        String[] p = size.split(",");
        if (p.length != 3) {
            throw new IllegalArgumentException("size must be x,y,z (e.g. 512,512,200), got '" + size + "'");
        }
        int[] s = new int[3];
        for (int i = 0; i < 3; i++) {
            s[i] = Integer.parseInt(p[i].trim());
            if (s[i] < 1) {
                throw new IllegalArgumentException("sizes must be positive, got '" + size + "'");
            }
        }
        return s;
    }
}
