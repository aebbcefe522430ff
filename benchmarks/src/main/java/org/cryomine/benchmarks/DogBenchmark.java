package org.cryomine.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cryomine.core.ProgressListener;
import org.cryomine.core.Volume;
import org.cryomine.core.filter.DogFilter;
import org.cryomine.core.filter.GaussianFilter;
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
 * DoG picking on the workload of {@code benchmarks/peers/scipy_dog.py}: a 512x512x200 volume of unit Gaussian
 * noise, Gaussian smoothing sigma 2, DoG sigma 5 with K = 1.1, and the 26-neighbourhood local minima (as
 * maxima of the negated response, which is what the picker does; no threshold, no suppression). Java's
 * generator replaces numpy's, statistically the same input. Single-shot: one whole run per iteration, after
 * warm-up, as the peer times one run. {@link #smoothing}, {@link #dog} and {@link #minima} time the three
 * stages alone (each on the previous stage's output, computed once), as the peer prints them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgs = {"-Xmx8g"})
public class DogBenchmark {

    @Param({"512,512,200"})
    public String size;

    @Param("0")
    public int threads;

    private Volume volume;
    private SubvolumePicker picker;
    private int workers;
    private Volume smoothed;
    private Volume response;

    @Setup
    public void setUp() {
        String[] s = size.split(",");
        volume = Volume.gaussianNoise(Integer.parseInt(s[0]), Integer.parseInt(s[1]), Integer.parseInt(s[2]), 1);
        workers = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        picker = SubvolumePicker.dog().withSmoothingSigma(2).withSigma(5).withScaleRatio(1.1).withoutThreshold()
                .withThreads(workers);
        smoothed = GaussianFilter.of(2).withThreads(workers).apply(volume);
        response = picker.response(volume, ProgressListener.NONE);
    }

    /** Smoothing, DoG and local minima: the peer's three stages. */
    @Benchmark
    public int dogPicking() {
        Volume response = picker.response(volume, ProgressListener.NONE);
        List<Peak> peaks = PeakFinder.localMaxima(response, Double.NEGATIVE_INFINITY, workers);
        return peaks.size();
    }

    /** Stage 1: the Gaussian pre-smoothing, sigma 2. */
    @Benchmark
    public Volume smoothing() {
        return GaussianFilter.of(2).withThreads(workers).apply(volume);
    }

    /** Stage 2: the DoG (sigma 5, K 1.1) of the smoothed volume. */
    @Benchmark
    public Volume dog() {
        return DogFilter.of(5, 1.1).withThreads(workers).apply(smoothed);
    }

    /** Stage 3: the 26-neighbourhood extrema of the response. */
    @Benchmark
    public int minima() {
        return PeakFinder.localMaxima(response, Double.NEGATIVE_INFINITY, workers).size();
    }

    /** One Gaussian filter, sigma 5 (the largest of the three passes). */
    @Benchmark
    public Volume gaussianSigma5() {
        return GaussianFilter.of(5).withThreads(workers).apply(volume);
    }
}
