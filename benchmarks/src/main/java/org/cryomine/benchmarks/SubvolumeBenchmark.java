package org.cryomine.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cryomine.core.ProgressListener;
import org.cryomine.core.Volume;
import org.cryomine.core.pick.Peak;
import org.cryomine.core.pick.Subvolume;
import org.cryomine.core.pick.SubvolumePicker;
import org.cryomine.core.pose.PoseNormalizer;
import org.cryomine.core.simulate.TomogramSimulator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-subvolume steps after picking, on a simulated tomogram (256x256x96, seed 1, the simulator's default
 * content) and its {@value #N} strongest DoG picks (sigma 5, boxes that fit): cutting the 32^3 boxes
 * ({@link SubvolumePicker#extract}, which copies each box) and pose normalization of the cut boxes
 * ({@link PoseNormalizer#normalize(List, Volume)} with its defaults: weight smoothing 1, spherical mask,
 * robust background, resampling from the tomogram). Microseconds per subvolume. Nothing is modified.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
public class SubvolumeBenchmark {

    /** Subvolumes per invocation (the picks are repeated if the tomogram gives fewer). */
    static final int N = 256;

    /** Box edge, voxels. */
    @Param("32")
    public int box;

    /** Threads of the pose normalizer (1: the cost of one subvolume on one core). */
    @Param("1")
    public int threads;

    private Volume tomogram;
    private SubvolumePicker picker;
    private List<Peak> peaks;
    private List<Subvolume> boxes;
    private PoseNormalizer normalizer;

    @Setup(Level.Trial)
    public void setUp() {
        tomogram = TomogramSimulator.builder().size(256, 256, 96).seed(1).build().simulate().tomogram();
        picker = SubvolumePicker.dog().withSmoothingSigma(2).withSigma(5).withScaleRatio(1.1).withMinDistance(10)
                .withBoxSize(box);
        List<Peak> found = picker.findPeaks(tomogram, ProgressListener.NONE);
        if (found.isEmpty()) {
            throw new IllegalStateException("the simulated tomogram gave no picks");
        }
        peaks = new ArrayList<>(N);
        for (int i = 0; i < N; i++) {
            peaks.add(found.get(i % found.size()));
        }
        boxes = picker.extract(tomogram, peaks, "simulated", ProgressListener.NONE);
        normalizer = PoseNormalizer.withDefaults().withThreads(threads);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public List<Subvolume> extract() {
        return picker.extract(tomogram, peaks, "simulated", ProgressListener.NONE);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public List<Subvolume> poseNormalize() {
        return normalizer.normalize(boxes, tomogram);
    }
}
