package org.cryomine.benchmarks;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.RewriterConfig;
import org.tensorflow.types.TFloat32;

/**
 * This machine's matrix-multiply peak, the yardstick for the networks' and filters' GFLOP/s: one n x n by n x n
 * float32 product (2 n^3 flops) through TensorFlow's MatMul, i.e. oneDNN's blocked SGEMM (the fastest float
 * matrix product on the classpath: the nn module's own TensorFlow build, the same kernels its convolutions
 * use), with the same session options as the networks (intra-op threads, inter-op 1). With
 * {@code bfloat16=true}, oneDNN's bfloat16 auto-mixed-precision rewrite runs the product in bfloat16 (the
 * networks' bf16 inference option), including the two casts of the inputs.
 *
 * <p>The inputs are fed as tensors made once (not copied per call); the result is reduced to its sum inside
 * the graph, so no n x n result is copied out (the sum adds n^2 flops, under 0.05% at n = 2048). Score: ms per
 * product; GFLOP/s = 2 n^3 / score.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class GemmBenchmark {

    /** Matrix edge. */
    @Param("2048")
    public int n;

    /** TensorFlow intra-op threads (0 = TensorFlow's default). */
    @Param("2")
    public int threads;

    @Param("false")
    public boolean bfloat16;

    private Graph graph;
    private Session session;
    private TFloat32 a;
    private TFloat32 b;
    private Placeholder<TFloat32> pa;
    private Placeholder<TFloat32> pb;
    private Operand<TFloat32> sum;

    @Setup(Level.Trial)
    public void setUp() {
        graph = new Graph();
        Ops tf = Ops.create(graph);
        pa = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(n, n)));
        pb = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(n, n)));
        sum = tf.reduceSum(tf.linalg.matMul(pa, pb), tf.constant(new int[] {0, 1}));
        session = new Session(graph, config(threads, bfloat16));
        a = random(n, 1);
        b = random(n, 2);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        a.close();
        b.close();
        session.close();
        graph.close();
    }

    @Benchmark
    public float matMul() {
        try (Result r = session.runner().feed(pa, a).feed(pb, b).fetch(sum).run()) {
            return ((TFloat32) r.get(0)).getFloat();
        }
    }

    /** Floating-point operations of one product: 2 n^3 (a multiply and an add per term). */
    public static double flops(int n) {
        return 2.0 * n * n * n;
    }

    /** The networks' session options (nn's GraphNet): intra-op threads, inter-op 1, optional oneDNN bfloat16. */
    static ConfigProto config(int threads, boolean bfloat16) {
        ConfigProto.Builder c = ConfigProto.newBuilder();
        if (threads > 0) {
            c.setIntraOpParallelismThreads(threads).setInterOpParallelismThreads(1);
        }
        if (bfloat16) {
            c.setGraphOptions(GraphOptions.newBuilder().setRewriteOptions(RewriterConfig.newBuilder()
                    .setAutoMixedPrecisionOnednnBfloat16(RewriterConfig.Toggle.ON)));
        }
        return c.build();
    }

    private static TFloat32 random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n * n];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextDouble() - 0.5);
        }
        TFloat32 t = TFloat32.tensorOf(Shape.of(n, n));
        t.asRawTensor().data().asFloats().write(v);
        return t;
    }
}
