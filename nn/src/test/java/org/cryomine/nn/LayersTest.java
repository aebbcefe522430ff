package org.cryomine.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

class LayersTest {

    @BeforeAll
    static void register() {
        TfGradients.ensureRegistered();
    }

    private static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    @Test
    void upConvEqualsLiteralUpsampleThenConv() {
        int b = 2;
        int z = 3;
        int y = 4;
        int x = 5;
        int cin = 3;
        int cout = 2;
        float[] in = random(b * z * y * x * cin, 1);
        float[] w = random(27 * cin * cout, 2);
        float[] bias = {0.5f, -0.25f};
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> xp = tf.placeholder(TFloat32.class);
            Operand<TFloat32> wc = tf.reshape(tf.constant(w), tf.constant(new int[] {3, 3, 3, cin, cout}));
            Operand<TFloat32> bc = tf.constant(bias);
            Operand<TFloat32> fast = Layers.upConv(tf, xp, wc, bc, cin, cout);
            Operand<TFloat32> ref = Layers.conv(tf, Layers.upsampleReference(tf, xp), wc, bc);
            try (TFloat32 xt = Tensors.floats(in, b, z, y, x, cin);
                    Result r = s.runner().feed(xp, xt).fetch(fast).fetch(ref).run()) {
                assertThat(r.get(0).shape()).isEqualTo(Shape.of(b, 2 * z, 2 * y, 2 * x, cout));
                float[] f = Tensors.read(r.get(0));
                float[] e = Tensors.read(r.get(1));
                assertThat(f).hasSameSizeAs(e);
                for (int i = 0; i < f.length; i++) {
                    assertThat(f[i]).as("element %d", i).isCloseTo(e[i], org.assertj.core.data.Offset.offset(1e-4f));
                }
            }
        }
    }

    @Test
    void convReluPoolEqualsPoolOfReluOfConv() {
        float[] in = random(2 * 4 * 6 * 8 * 3, 3);
        float[] w = random(27 * 3 * 4, 4);
        float[] bias = {0.3f, -0.2f, 0.1f, -1f};
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> xp = tf.placeholder(TFloat32.class);
            Operand<TFloat32> wc = tf.reshape(tf.constant(w), tf.constant(new int[] {3, 3, 3, 3, 4}));
            Operand<TFloat32> bc = tf.constant(bias);
            Operand<TFloat32> fast = Layers.convReluPool(tf, xp, wc, bc);
            Operand<TFloat32> ref = Layers.pool(tf, tf.nn.relu(Layers.conv(tf, xp, wc, bc)));
            try (TFloat32 xt = Tensors.floats(in, 2, 4, 6, 8, 3);
                    Result r = s.runner().feed(xp, xt).fetch(fast).fetch(ref).run()) {
                assertThat(Tensors.read(r.get(0))).containsExactly(Tensors.read(r.get(1)));
            }
        }
    }

    /**
     * Central finite differences of a random linear functional of each op's output against the graph
     * gradient, for every op whose gradient path the networks use (custom Conv3D input/filter gradients,
     * the fused upsample-conv, max pooling, bias, ReLU).
     */
    @Test
    void gradientsMatchFiniteDifferences() {
        checkGradient("conv3d", (tf, xIn, w) -> tf.nn.conv3d(xIn, w, List.of(1L, 1L, 1L, 1L, 1L), "SAME"), 3, 2);
        checkGradient("upConv", (tf, xIn, w) -> Layers.upConv(tf, xIn, w, tf.constant(new float[] {0.1f, 0.2f}), 3, 2), 3, 2);
        checkGradient("convReluPool", (tf, xIn, w) -> Layers.convReluPool(tf, xIn, w, tf.constant(new float[] {0.1f, -0.1f})), 3, 2);
    }

    interface Net {
        Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x, Operand<TFloat32> w);
    }

    private static void checkGradient(String name, Net net, int cin, int cout) {
        int[] shape = {2, 4, 4, 4, cin};
        int nx = 2 * 4 * 4 * 4 * cin;
        int nw = 27 * cin * cout;
        double[] x0 = toDouble(random(nx, 11));
        double[] w0 = toDouble(random(nw, 12));
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> xp = tf.placeholder(TFloat32.class);
            Placeholder<TFloat32> wp = tf.placeholder(TFloat32.class);
            Operand<TFloat32> y = net.apply(tf, xp, tf.reshape(wp, tf.constant(new int[] {3, 3, 3, cin, cout})));
            Placeholder<TFloat32> probe = tf.placeholder(TFloat32.class);
            Operand<TFloat32> f = tf.reduceSum(tf.math.mul(y, probe), tf.constant(new int[] {0, 1, 2, 3, 4}));
            var grads = tf.gradients(f, List.of(xp, wp));
            float[] probeVals;
            long[] yShape;
            try (TFloat32 xt = Tensors.floats(toFloat(x0), 2, 4, 4, 4, cin); TFloat32 wt = Tensors.floats(toFloat(w0), nw);
                    Result r = s.runner().feed(xp, xt).feed(wp, wt).fetch(y).run()) {
                yShape = r.get(0).shape().asArray();
                probeVals = random((int) r.get(0).shape().size(), 13);
            }
            float[] gx;
            float[] gw;
            try (TFloat32 xt = Tensors.floats(toFloat(x0), 2, 4, 4, 4, cin); TFloat32 wt = Tensors.floats(toFloat(w0), nw);
                    TFloat32 pt = Tensors.floats(probeVals, yShape);
                    Result r = s.runner().feed(xp, xt).feed(wp, wt).feed(probe, pt)
                            .fetch(grads.dy(0)).fetch(grads.dy(1)).run()) {
                gx = Tensors.read(r.get(0));
                gw = Tensors.read(r.get(1));
            }
            double eps = 1e-2;
            Random pick = new Random(5);
            for (int trial = 0; trial < 12; trial++) {
                boolean inX = trial % 2 == 0;
                double[] v = inX ? x0 : w0;
                int i = pick.nextInt(v.length);
                double old = v[i];
                v[i] = old + eps;
                double fp = eval(s, xp, wp, probe, f, x0, w0, shape, nw, probeVals, yShape);
                v[i] = old - eps;
                double fm = eval(s, xp, wp, probe, f, x0, w0, shape, nw, probeVals, yShape);
                v[i] = old;
                double numeric = (fp - fm) / (2 * eps);
                double analytic = inX ? gx[i] : gw[i];
                assertThat(analytic).as("%s d/d%s[%d]", name, inX ? "x" : "w", i)
                        .isCloseTo(numeric, org.assertj.core.data.Offset.offset(2e-2 * Math.max(1, Math.abs(numeric))));
            }
        }
    }

    private static double eval(Session s, Placeholder<TFloat32> xp, Placeholder<TFloat32> wp, Placeholder<TFloat32> probe,
            Operand<TFloat32> f, double[] x, double[] w, int[] shape, int nw, float[] probeVals, long[] yShape) {
        try (TFloat32 xt = Tensors.floats(toFloat(x), shape[0], shape[1], shape[2], shape[3], shape[4]);
                TFloat32 wt = Tensors.floats(toFloat(w), nw); TFloat32 pt = Tensors.floats(probeVals, yShape);
                Result r = s.runner().feed(xp, xt).feed(wp, wt).feed(probe, pt).fetch(f).run()) {
            return Tensors.scalar(r.get(0));
        }
    }

    private static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    private static float[] toFloat(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            f[i] = (float) a[i];
        }
        return f;
    }
}
