package org.cryomine.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cryomine.core.ProgressListener;
import org.cryomine.core.Volume;
import org.cryomine.core.pick.Peak;
import org.cryomine.core.pick.PeakFinder;
import org.cryomine.core.pick.SubvolumePicker;
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
 * Peak finding and suppression after the DoG, on the picking workload of {@link DogBenchmark}: the signed DoG
 * response (smoothing sigma 2, DoG sigma 5, K 1.1, dark contrast) of a 512x512x200 volume of unit Gaussian
 * noise, computed once in the set-up. {@code localMaxima}: every 26-neighbourhood maximum (no threshold), the
 * picker's candidates. {@code suppress}: greedy strongest-first suppression of those candidates at the paper's
 * minimum distance of 10 voxels. Milliseconds per whole pass (single shot).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
public class PeakBenchmark {

    @Param("512,512,200")
    public String size;

    /** Worker threads for the response and the local maxima; 0 = all processors. */
    @Param("0")
    public int threads;

    /** Minimum distance between accepted peaks, voxels. */
    @Param("10")
    public double minDistance;

    private Volume response;
    private List<Peak> candidates;
    private int workers;

    @Setup
    public void setUp() {
        int[] s = FilterBenchmark.parseSize(size);
        workers = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        Volume volume = Volume.gaussianNoise(s[0], s[1], s[2], 1);
        response = SubvolumePicker.dog().withSmoothingSigma(2).withSigma(5).withScaleRatio(1.1).withThreads(workers)
                .response(volume, ProgressListener.NONE);
        candidates = PeakFinder.localMaxima(response, Double.NEGATIVE_INFINITY, workers);
    }

    @Benchmark
    public List<Peak> localMaxima() {
        return PeakFinder.localMaxima(response, Double.NEGATIVE_INFINITY, workers);
    }

    @Benchmark
    public List<Peak> suppress() {
        return PeakFinder.suppress(candidates, minDistance);
    }
}
