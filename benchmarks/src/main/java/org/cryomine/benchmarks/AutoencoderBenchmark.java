package org.cryomine.benchmarks;

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
 * The paper's Autoencoder3D at 32^3 (32 filters, code 32), the same workloads as
 * {@code benchmarks/peers/torch_autoencoder3d.py}: a training step at batch 8, encoding and decoding at batch 64.
 * Scores are milliseconds per subvolume. {@code benchmarks/nn-vs-torch.sh} alternates these with the peer.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 4)
@Fork(1)
public class AutoencoderBenchmark {

    /** TensorFlow intra-op threads (the peer's --threads). */
    @Param({"2"})
    public int threads;

    /** oneDNN bfloat16 auto-mixed precision for the inference graphs. */
    @Param({"false"})
    public boolean bfloat16;

    /** Explicit mixed precision (bfloat16 compute, float32 master weights) for the training and inference graphs. */
    @Param({"false"})
    public boolean mixedPrecision;

    /** Subvolumes per TensorFlow call within the 64 of the encode/decode benchmarks. */
    @Param({"64"})
    public int chunk;

    private NetworkWorkloads train;
    private NetworkWorkloads infer;
    private float[] x8;
    private float[] x64;
    private float[] z64;

    @Setup(Level.Trial)
    public void setUp() {
        train = NetworkWorkloads.autoencoder(32, 32, 32, threads, true, false, mixedPrecision);
        infer = NetworkWorkloads.autoencoder(32, 32, 32, threads, false, bfloat16, mixedPrecision);
        x8 = train.randomBoxes(8, 1);
        x64 = train.randomBoxes(64, 2);
        z64 = infer.encode(x64, 64);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        train.close();
        infer.close();
    }

    @Benchmark
    @OperationsPerInvocation(8)
    public float trainStepBatch8() {
        return train.trainStep(x8, 8);
    }

    @Benchmark
    @OperationsPerInvocation(64)
    public float[] encodeBatch64() {
        return infer.encodeChunked(x64, 64, chunk);
    }

    @Benchmark
    @OperationsPerInvocation(64)
    public float[] decodeBatch64() {
        return infer.decodeChunked(z64, 64, chunk);
    }
}
