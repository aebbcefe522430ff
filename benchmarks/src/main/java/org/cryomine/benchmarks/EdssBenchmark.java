package org.cryomine.benchmarks;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.cryomine.nn.NetworkWorkloads;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * EDSS3D at 32^3, 32 filters, 3 classes, as in {@code benchmarks/peers/torch_autoencoder3d.py}: a training step
 * at batch 8 and inference (softmax probabilities) at batch 32. Milliseconds per subvolume.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 4)
@Fork(1)
public class EdssBenchmark {

    @Param({"2"})
    public int threads;

    @Param({"false"})
    public boolean bfloat16;

    /** Explicit mixed precision (bfloat16 compute, float32 master weights) for the training and inference graphs. */
    @Param({"false"})
    public boolean mixedPrecision;

    /** Subvolumes per TensorFlow call within the 32 of the inference benchmark. */
    @Param({"32"})
    public int chunk;

    private NetworkWorkloads train;
    private NetworkWorkloads infer;
    private float[] x8;
    private int[] y8;
    private float[] x32;

    @Setup(Level.Trial)
    public void setUp() {
        train = NetworkWorkloads.edss(32, 32, 3, threads, true, false, mixedPrecision);
        infer = NetworkWorkloads.edss(32, 32, 3, threads, false, bfloat16, mixedPrecision);
        x8 = train.randomBoxes(8, 1);
        x32 = train.randomBoxes(32, 2);
        Random r = new Random(3);
        y8 = new int[8 * 32 * 32 * 32];
        for (int i = 0; i < y8.length; i++) {
            y8[i] = r.nextInt(3);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        train.close();
        infer.close();
    }

    @Benchmark
    @OperationsPerInvocation(8)
    public float trainStepBatch8() {
        return train.edssTrainStep(x8, y8, 8);
    }

    @Benchmark
    @OperationsPerInvocation(32)
    public float[] inferBatch32() {
        return infer.edssProbabilitiesChunked(x32, 32, chunk);
    }
}
