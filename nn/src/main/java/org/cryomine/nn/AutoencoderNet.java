package org.cryomine.nn;

import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TBfloat16;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TFloating;

/**
 * The autoencoder's TensorFlow graph (the paper's architecture, docs/method.md step 4): encoder Conv3D(F, 3^3,
 * ReLU) - MaxPool(2) - Conv3D(F, ReLU) - MaxPool(2) - Dense(code, ReLU or linear); decoder Dense(s*F, ReLU) - reshape -
 * Conv3D(F, ReLU) - UpSample(2) - Conv3D(F, ReLU) - UpSample(2) - Conv3D(1, linear). The two upsample+conv
 * pairs use {@link Layers#upConv}. Loss: mean squared error + l1 * (batch mean of the code's L1 norm).
 * Tensors are [batch, z, y, x, channels].
 *
 * <p>With {@link Autoencoder3D#mixedPrecision()} the input, weights and biases are cast to bfloat16 where they
 * are used, the layers compute in bfloat16, and the code and the reconstruction are cast back to float32 before
 * the loss; the variables, their gradients (through the casts) and Adam stay float32.
 */
final class AutoencoderNet extends GraphNet {

    private final Autoencoder3D cfg;
    private final boolean bfloat16;
    private final Class<? extends TFloating> compute;
    private final Placeholder<TFloat32> input;
    private final Placeholder<TFloat32> codeIn;
    /** What the reconstruction is compared with: the input unless a clean box is fed for a noised one. */
    private final Operand<TFloat32> target;
    private final Operand<TFloat32> code;
    private final Operand<TFloat32> decoded;
    private final Operand<TFloat32> loss;
    private final Operand<TFloat32> mse;

    private final Variable<TFloat32> e1w;
    private final Variable<TFloat32> e1b;
    private final Variable<TFloat32> e2w;
    private final Variable<TFloat32> e2b;
    private final Variable<TFloat32> ew;
    private final Variable<TFloat32> eb;
    private final Variable<TFloat32> dw;
    private final Variable<TFloat32> db;
    private final Variable<TFloat32> d1w;
    private final Variable<TFloat32> d1b;
    private final Variable<TFloat32> d2w;
    private final Variable<TFloat32> d2b;
    private final Variable<TFloat32> ow;
    private final Variable<TFloat32> ob;

    AutoencoderNet(Autoencoder3D cfg, boolean training, boolean bfloat16) {
        this.cfg = cfg;
        this.bfloat16 = bfloat16;
        this.compute = cfg.mixedPrecision() ? TBfloat16.class : TFloat32.class;
        int f = cfg.filters();
        int c = cfg.codeSize();
        int flat = (cfg.boxX() / 4) * (cfg.boxY() / 4) * (cfg.boxZ() / 4) * f;
        e1w = kernel("enc1_kernel", new long[] {3, 3, 3, 1, f}, 27, 27 * f);
        e1b = bias("enc1_bias", f);
        e2w = kernel("enc2_kernel", new long[] {3, 3, 3, f, f}, 27 * f, 27 * f);
        e2b = bias("enc2_bias", f);
        ew = kernel("code_kernel", new long[] {flat, c}, flat, c);
        eb = bias("code_bias", c);
        dw = kernel("dec_dense_kernel", new long[] {c, flat}, c, flat);
        db = bias("dec_dense_bias", flat);
        d1w = kernel("dec1_kernel", new long[] {3, 3, 3, f, f}, 27 * f, 27 * f);
        d1b = bias("dec1_bias", f);
        d2w = kernel("dec2_kernel", new long[] {3, 3, 3, f, f}, 27 * f, 27 * f);
        d2b = bias("dec2_bias", f);
        ow = kernel("out_kernel", new long[] {3, 3, 3, f, 1}, 27 * f, 27);
        ob = bias("out_bias", 1);

        input = tf.withName("input").placeholder(TFloat32.class,
                Placeholder.shape(Shape.of(-1, cfg.boxZ(), cfg.boxY(), cfg.boxX(), 1)));
        target = tf.withName("target").placeholderWithDefault(input,
                Shape.of(-1, cfg.boxZ(), cfg.boxY(), cfg.boxX(), 1));
        codeIn = tf.withName("code_in").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, c)));
        code = encode(input, compute);
        decoded = decode(codeIn, compute);
        if (training) {
            Operand<TFloat32> rec = decode(code, compute);
            Operand<TFloat32> squared = tf.math.squaredDifference(rec, target);
            if (cfg.centreWeighting() > 0) {
                squared = tf.math.mul(squared, tf.constant(org.tensorflow.ndarray.StdArrays.ndCopyOf(
                        centreWeights(cfg.boxX(), cfg.boxY(), cfg.boxZ(), cfg.centreWeighting()))));
            }
            mse = tf.math.mean(squared, tf.constant(new int[] {0, 1, 2, 3, 4}));
            Operand<TFloat32> l1 = tf.math.mean(tf.reduceSum(tf.math.abs(code), tf.constant(1)), tf.constant(0));
            loss = tf.math.add(mse, tf.math.mul(tf.constant(cfg.l1Weight()), l1));
        } else {
            mse = null;
            loss = null;
        }
        finish(loss, cfg.learningRate(), cfg.beta1(), cfg.beta2(), cfg.threads(), bfloat16,
                training && cfg.weightAveraging() > 0);
    }

    /** {@code v} in the compute type {@code t} (no op for float32). */
    private <T extends TFloating> Operand<T> as(Operand<TFloat32> v, Class<T> t) {
        return Layers.as(tf, v, t);
    }

    private <T extends TFloating> Operand<TFloat32> encode(Operand<TFloat32> x, Class<T> t) {
        Operand<T> in = as(x, t);
        Operand<T> k = as(e1w, t);
        if (bfloat16 && !cfg.mixedPrecision()) {
            Operand<T>[] padded = Layers.twoChannels(tf, in, k);
            in = padded[0];
            k = padded[1];
        }
        Operand<T> h = Layers.convReluPool(tf, in, k, as(e1b, t));
        h = Layers.convReluPool(tf, h, as(e2w, t), as(e2b, t));
        int flat = (cfg.boxX() / 4) * (cfg.boxY() / 4) * (cfg.boxZ() / 4) * cfg.filters();
        h = tf.reshape(h, tf.constant(new int[] {-1, flat}));
        Operand<TFloat32> pre = Layers.as(tf, Layers.addBias(tf, tf.linalg.matMul(h, as(ew, t)), as(eb, t)),
                TFloat32.class);
        return cfg.linearCode() ? pre : tf.nn.relu(pre);
    }

    private <T extends TFloating> Operand<TFloat32> decode(Operand<TFloat32> z, Class<T> t) {
        int f = cfg.filters();
        Operand<T> h = tf.nn.relu(Layers.addBias(tf, tf.linalg.matMul(as(z, t), as(dw, t)), as(db, t)));
        h = tf.reshape(h, tf.constant(new int[] {-1, cfg.boxZ() / 4, cfg.boxY() / 4, cfg.boxX() / 4, f}));
        h = tf.nn.relu(Layers.conv(tf, h, as(d1w, t), as(d1b, t)));
        h = tf.nn.relu(Layers.upConv(tf, h, d2w, as(d2b, t), f, f));
        return Layers.as(tf, Layers.upConv(tf, h, ow, as(ob, t), f, 1), TFloat32.class);
    }

    /** Voxels of one box. */
    int boxVoxels() {
        return cfg.boxX() * cfg.boxY() * cfg.boxZ();
    }

    /**
     * Loss weights of shape [1, z, y, x, 1]: a Gaussian of sigma {@code sigma} box edges (geometric mean of the
     * edges) around the box centre, scaled to mean 1.
     */
    static float[][][][][] centreWeights(int nx, int ny, int nz, double sigma) {
        double s = sigma * Math.cbrt((double) nx * ny * nz);
        float[][][][][] w = new float[1][nz][ny][nx][1];
        double sum = 0;
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    double dx = x - (nx - 1) / 2.0;
                    double dy = y - (ny - 1) / 2.0;
                    double dz = z - (nz - 1) / 2.0;
                    double v = Math.exp(-(dx * dx + dy * dy + dz * dz) / (2 * s * s));
                    w[0][z][y][x][0] = (float) v;
                    sum += v;
                }
            }
        }
        double scale = (double) nx * ny * nz / sum;
        for (float[][][] plane : w[0]) {
            for (float[][] row : plane) {
                for (float[] v : row) {
                    v[0] = (float) (v[0] * scale);
                }
            }
        }
        return w;
    }

    /** One Adam step on a normalised batch ({@code n} boxes, x fastest); returns the loss before the step. */
    float trainStep(float[] batch, int n) {
        try (TFloat32 x = Tensors.floats(batch, n, cfg.boxZ(), cfg.boxY(), cfg.boxX(), 1);
                Result r = session().runner().feed(input, x).fetch(loss).addTarget(trainOp()).run()) {
            return Tensors.scalar(r.get(0));
        }
    }

    /**
     * One Adam step that encodes {@code noised} and compares the reconstruction with {@code clean} (both normalised
     * batches of {@code n} boxes, x fastest); returns the loss before the step.
     */
    float trainStep(float[] noised, float[] clean, int n) {
        try (TFloat32 x = Tensors.floats(noised, n, cfg.boxZ(), cfg.boxY(), cfg.boxX(), 1);
                TFloat32 t = Tensors.floats(clean, n, cfg.boxZ(), cfg.boxY(), cfg.boxX(), 1);
                Result r = session().runner().feed(input, x).feed(target, t).fetch(loss).addTarget(trainOp()).run()) {
            return Tensors.scalar(r.get(0));
        }
    }

    /** Loss and mean squared error of a normalised batch, without training. */
    float[] evaluate(float[] batch, int n) {
        try (TFloat32 x = Tensors.floats(batch, n, cfg.boxZ(), cfg.boxY(), cfg.boxX(), 1);
                Result r = session().runner().feed(input, x).fetch(loss).fetch(mse).run()) {
            return new float[] {Tensors.scalar(r.get(0)), Tensors.scalar(r.get(1))};
        }
    }

    /** Codes of a normalised batch: n x codeSize values, row-major. */
    float[] encode(float[] batch, int n) {
        try (TFloat32 x = Tensors.floats(batch, n, cfg.boxZ(), cfg.boxY(), cfg.boxX(), 1);
                Result r = session().runner().feed(input, x).fetch(code).run()) {
            return Tensors.read(r.get(0));
        }
    }

    /** Decoded normalised boxes of n codes (row-major n x codeSize). */
    float[] decode(float[] codes, int n) {
        Session.Runner run = session().runner();
        try (TFloat32 z = Tensors.floats(codes, n, cfg.codeSize());
                Result r = run.feed(codeIn, z).fetch(decoded).run()) {
            return Tensors.read(r.get(0));
        }
    }
}
