package org.cryomine.nn;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.cryomine.core.CryomineException;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.RewriterConfig;
import org.tensorflow.types.TFloat32;

/**
 * A TensorFlow graph and session holding a network's variables, with seeded initialisation from Java,
 * optional Adam training ops and a copy of the best weights. Subclasses declare parameters with
 * {@link #kernel} and {@link #bias} while building their forward pass, then call {@link #finish}.
 * Not thread-safe; {@link #close()} is idempotent.
 */
abstract class GraphNet implements AutoCloseable {

    /** One trainable parameter. */
    record Param(String name, long[] shape, Variable<TFloat32> var, int fanIn, int fanOut, boolean isBias) {
        int size() {
            long n = 1;
            for (long s : shape) {
                n *= s;
            }
            return (int) n;
        }
    }

    protected final Graph graph;
    protected final Ops tf;
    private Session session;
    private final List<Param> params = new ArrayList<>();
    private final List<Placeholder<TFloat32>> initFeeds = new ArrayList<>();
    private final List<Op> initAssigns = new ArrayList<>();
    private final List<Op> slotInits = new ArrayList<>();
    private Op trainOp;
    private Op snapshotBest;
    private Op restoreBest;
    private Placeholder<TFloat32> averageDecay;
    private Op updateAverage;
    private Op useAverage;
    private Op useTrained;
    private boolean closed;

    protected GraphNet() {
        TensorFlowLogging.beforeFirstUse();
        TfGradients.ensureRegistered();
        graph = new Graph();
        tf = Ops.create(graph);
    }

    /** Declares a convolution or dense kernel initialised Glorot-uniform with the given fans. */
    protected Variable<TFloat32> kernel(String name, long[] shape, int fanIn, int fanOut) {
        return param(name, shape, fanIn, fanOut, false);
    }

    /** Declares a bias vector initialised to zero. */
    protected Variable<TFloat32> bias(String name, int n) {
        return param(name, new long[] {n}, 0, 0, true);
    }

    private Variable<TFloat32> param(String name, long[] shape, int fanIn, int fanOut, boolean isBias) {
        Variable<TFloat32> v = tf.withName(name).variable(Shape.of(shape), TFloat32.class);
        Placeholder<TFloat32> feed = tf.withName("init_" + name).placeholder(TFloat32.class,
                Placeholder.shape(Shape.of(shape)));
        initFeeds.add(feed);
        initAssigns.add(tf.assign(v, feed));
        params.add(new Param(name, shape, v, fanIn, fanOut, isBias));
        return v;
    }

    /**
     * Adds Adam training ops minimising {@code loss} (when {@code loss} is non-null), the best-weights copy, with
     * {@code averaging} a moving average of every parameter ({@link #updateAverage}) and the ops that put it in the
     * parameters' place for validation ({@link #useAverage}, {@link #useTrained}), and opens the session.
     */
    protected void finish(Operand<TFloat32> loss, float learningRate, float beta1, float beta2, int threads,
            boolean bfloat16, boolean averaging) {
        if (averaging) {
            addAveraging();
        }
        List<Op> bestAssign = new ArrayList<>();
        List<Op> bestRestore = new ArrayList<>();
        for (Param p : params) {
            Variable<TFloat32> best = tf.withName("best_" + p.name()).variable(Shape.of(p.shape()), TFloat32.class);
            bestAssign.add(tf.assign(best, p.var()));
            bestRestore.add(tf.assign(p.var(), best));
            slotInits.add(tf.assign(best, p.var()));
        }
        if (loss != null) {
            List<Operand<?>> vars = new ArrayList<>();
            params.forEach(p -> vars.add(p.var()));
            var grads = tf.gradients(loss, vars);
            // Every gradient is computed before any Adam update writes a variable. Without this barrier an
            // update may run before a backward op that still reads the variable (the input gradient of a layer
            // reads its kernel, the kernel's update needs only the kernel gradient), so the step would mix old and
            // new weights in an order that changes from run to run (issue 19: same seed, different codes).
            List<Op> gradsDone = new ArrayList<>();
            for (int i = 0; i < params.size(); i++) {
                gradsDone.add(tf.withName("grad_done_" + params.get(i).name()).identity(grads.dy(i)));
            }
            Ops update = tf.withControlDependencies(gradsDone);
            Variable<TFloat32> b1p = tf.withName("adam_beta1_power").variable(Shape.scalar(), TFloat32.class);
            Variable<TFloat32> b2p = tf.withName("adam_beta2_power").variable(Shape.scalar(), TFloat32.class);
            slotInits.add(tf.assign(b1p, tf.constant(beta1)));
            slotInits.add(tf.assign(b2p, tf.constant(beta2)));
            List<Op> applies = new ArrayList<>();
            for (int i = 0; i < params.size(); i++) {
                Param p = params.get(i);
                Variable<TFloat32> m = tf.withName("adam_m_" + p.name()).variable(Shape.of(p.shape()), TFloat32.class);
                Variable<TFloat32> v = tf.withName("adam_v_" + p.name()).variable(Shape.of(p.shape()), TFloat32.class);
                slotInits.add(tf.assign(m, tf.zerosLike(p.var())));
                slotInits.add(tf.assign(v, tf.zerosLike(p.var())));
                @SuppressWarnings("unchecked")
                Operand<TFloat32> g = (Operand<TFloat32>) (Operand<?>) grads.dy(i);
                applies.add(update.train.applyAdam(p.var(), m, v, b1p, b2p, update.constant(learningRate),
                        update.constant(beta1), update.constant(beta2), update.constant(1e-7f), g));
            }
            Ops after = tf.withControlDependencies(applies);
            List<Op> powers = List.of(after.assign(b1p, after.math.mul(b1p, after.constant(beta1))),
                    after.assign(b2p, after.math.mul(b2p, after.constant(beta2))));
            trainOp = tf.withControlDependencies(powers).withName("train").noOp();
        }
        snapshotBest = tf.withControlDependencies(bestAssign).withName("snapshot_best").noOp();
        restoreBest = tf.withControlDependencies(bestRestore).withName("restore_best").noOp();
        session = new Session(graph, config(threads, bfloat16));
    }

    private void addAveraging() {
        averageDecay = tf.withName("average_decay").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        List<Op> update = new ArrayList<>();
        List<Op> hold = new ArrayList<>();
        List<Op> trained = new ArrayList<>();
        List<Variable<TFloat32>> averages = new ArrayList<>();
        for (Param p : params) {
            Variable<TFloat32> avg = tf.withName("average_" + p.name()).variable(Shape.of(p.shape()), TFloat32.class);
            Variable<TFloat32> held = tf.withName("held_" + p.name()).variable(Shape.of(p.shape()), TFloat32.class);
            slotInits.add(tf.assign(avg, p.var()));
            slotInits.add(tf.assign(held, p.var()));
            // average <- average - (1 - decay) * (average - weights)
            update.add(tf.assignSub(avg, tf.math.mul(tf.math.sub(tf.constant(1f), averageDecay),
                    tf.math.sub(avg, p.var()))));
            hold.add(tf.assign(held, p.var()));
            trained.add(tf.assign(p.var(), held));
            averages.add(avg);
        }
        Ops afterHold = tf.withControlDependencies(hold); // the trained weights are held before they are replaced
        List<Op> averaged = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            averaged.add(afterHold.assign(params.get(i).var(), averages.get(i)));
        }
        updateAverage = tf.withControlDependencies(update).withName("update_average").noOp();
        useAverage = tf.withControlDependencies(averaged).withName("use_average").noOp();
        useTrained = tf.withControlDependencies(trained).withName("use_trained").noOp();
    }

    /** Session options: thread counts (0 = TensorFlow's default) and oneDNN bfloat16 auto-mixed precision. */
    static ConfigProto config(int threads, boolean bfloat16) {
        ConfigProto.Builder b = ConfigProto.newBuilder();
        if (threads > 0) {
            b.setIntraOpParallelismThreads(threads).setInterOpParallelismThreads(1);
        }
        if (bfloat16) {
            b.setGraphOptions(GraphOptions.newBuilder().setRewriteOptions(RewriterConfig.newBuilder()
                    .setAutoMixedPrecisionOnednnBfloat16(RewriterConfig.Toggle.ON)));
        }
        return b.build();
    }

    protected Session session() {
        if (closed) {
            throw new IllegalStateException("the model is closed");
        }
        return session;
    }

    List<Param> params() {
        return List.copyOf(params);
    }

    /**
     * Initialises every parameter from {@code seed}: kernels Glorot-uniform (limit sqrt(6/(fanIn+fanOut)),
     * fans counting the 3x3x3 window), biases zero; Adam slots zero. Same seed, same weights.
     */
    void initialize(long seed) {
        SplittableRandom root = new SplittableRandom(seed);
        List<float[]> values = new ArrayList<>();
        for (Param p : params) {
            SplittableRandom r = root.split();
            float[] w = new float[p.size()];
            if (!p.isBias()) {
                double limit = Math.sqrt(6.0 / (p.fanIn() + p.fanOut()));
                for (int i = 0; i < w.length; i++) {
                    w[i] = (float) ((2 * r.nextDouble() - 1) * limit);
                }
            }
            values.add(w);
        }
        setWeights(values);
        Session.Runner run = session().runner();
        slotInits.forEach(run::addTarget);
        try (Result r = run.run()) {
            // targets only
        }
    }

    /** Sets every parameter, in declaration order. */
    void setWeights(List<float[]> values) {
        List<Tensor> feeds = new ArrayList<>();
        try {
            Session.Runner run = session().runner();
            for (int i = 0; i < params.size(); i++) {
                TFloat32 t = Tensors.floats(values.get(i), params.get(i).shape());
                feeds.add(t);
                run.feed(initFeeds.get(i), t).addTarget(initAssigns.get(i));
            }
            try (Result r = run.run()) {
                // targets only
            }
        } finally {
            feeds.forEach(Tensor::close);
        }
    }

    /** The current value of every parameter, in declaration order. */
    List<float[]> weights() {
        Session.Runner run = session().runner();
        params.forEach(p -> run.fetch(p.var()));
        List<float[]> out = new ArrayList<>();
        try (Result r = run.run()) {
            for (int i = 0; i < params.size(); i++) {
                out.add(Tensors.read(r.get(i)));
            }
        }
        return out;
    }

    Op trainOp() {
        return trainOp;
    }

    /** Whether this net keeps a moving average of its weights (built with averaging). */
    boolean averages() {
        return updateAverage != null;
    }

    /**
     * Moves the average towards the current weights: average = decay * average + (1 - decay) * weights. Call after
     * each training step.
     */
    void updateAverage(float decay) {
        try (TFloat32 d = TFloat32.scalarOf(decay)) {
            try (Result r = session().runner().feed(averageDecay, d).addTarget(updateAverage).run()) {
                // target only
            }
        }
    }

    /** Holds the trained weights and puts the average in their place (for validation); {@link #useTrained} undoes it. */
    void useAverage() {
        session().run(useAverage);
    }

    /** Puts back the trained weights held by {@link #useAverage}. */
    void useTrained() {
        session().run(useTrained);
    }

    void snapshotBest() {
        session().run(snapshotBest);
    }

    void restoreBest() {
        session().run(restoreBest);
    }

    /** Writes all variables (weights, Adam state, best copy) as a TensorFlow checkpoint at {@code prefix}. */
    void saveCheckpoint(Path prefix) {
        try {
            session().save(prefix.toString());
        } catch (RuntimeException e) {
            throw new CryomineException("could not write the TensorFlow checkpoint " + prefix + ": " + e.getMessage(), e);
        }
    }

    /** Reads a checkpoint written by {@link #saveCheckpoint} from a graph of the same architecture. */
    void restoreCheckpoint(Path prefix) {
        try {
            session().restore(prefix.toString());
        } catch (RuntimeException e) {
            throw new CryomineException("could not read the TensorFlow checkpoint " + prefix
                    + " (written by another architecture or corrupt?): " + e.getMessage(), e);
        }
    }

    /**
     * Hands a newly built net to {@code wrap} (which restores or copies weights and wraps the net in a trained
     * model); if that fails, the net is closed before the exception goes on, so a failed load leaks no native
     * memory.
     */
    static <N extends GraphNet, T> T adopt(N net, java.util.function.Function<N, T> wrap) {
        try {
            return wrap.apply(net);
        } catch (RuntimeException e) {
            net.close();
            throw e;
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (session != null) {
            session.close();
        }
        graph.close();
    }
}
