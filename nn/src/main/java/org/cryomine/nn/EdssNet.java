package org.cryomine.nn;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TBfloat16;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/**
 * The EDSS3D graph (docs/method.md step 7): Conv3D(F) x2 - MaxPool - Conv3D(F) - MaxPool - Conv3D(F) - UpSample -
 * Conv3D(F) - UpSample - Conv3D(N) + softmax over classes; ReLU after every hidden convolution. With
 * {@link Edss3d#fullResolutionSkip()} the last convolution also takes the second full-resolution block's
 * output (before its pooling) as input channels, as a U-Net's skip connection does. The
 * upsample+conv pairs use {@link Layers#upConv}. Spatial sizes are dynamic (any multiple of 4), so inference
 * runs on whole volumes. Loss: class-weighted categorical cross-entropy, mean over voxels.
 *
 * <p>With {@link Edss3d#mixedPrecision()} the layers compute in bfloat16 on bfloat16 casts of the input and of
 * the float32 variables; the logits are cast back to float32 before the softmax and the loss, so gradients
 * reach the variables as float32 and Adam updates float32 master weights.
 */
final class EdssNet extends GraphNet {

    private final Edss3d cfg;
    private final Placeholder<TFloat32> input;
    private final Placeholder<TInt32> labels;
    private final Operand<TFloat32> probabilities;
    private final Operand<TFloat32> loss;

    EdssNet(Edss3d cfg, boolean training, boolean bfloat16) {
        this.cfg = cfg;
        int f = cfg.filters();
        int n = cfg.numClasses();
        Variable<TFloat32> c0 = kernel("conv0_kernel", new long[] {3, 3, 3, 1, f}, 27, 27 * f);
        Variable<TFloat32> b0 = bias("conv0_bias", f);
        Variable<TFloat32>[] cw = newArray(4);
        Variable<TFloat32>[] cb = newArray(4);
        for (int i = 0; i < 4; i++) {
            cw[i] = kernel("conv" + (i + 1) + "_kernel", new long[] {3, 3, 3, f, f}, 27 * f, 27 * f);
            cb[i] = bias("conv" + (i + 1) + "_bias", f);
        }
        Variable<TFloat32> ow = kernel("out_kernel", new long[] {3, 3, 3, f, n}, 27 * f, 27 * n);
        Variable<TFloat32> ob = bias("out_bias", n);
        Variable<TFloat32> sw = cfg.fullResolutionSkip()
                ? kernel("skip_kernel", new long[] {3, 3, 3, f, n}, 27 * f, 27 * n) : null;

        input = tf.withName("input").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, -1, 1)));
        Class<? extends TFloating> compute = cfg.mixedPrecision() ? TBfloat16.class : TFloat32.class;
        Operand<TFloat32> logits = logits(compute,
                bfloat16 && !cfg.mixedPrecision(), c0, b0, cw, cb, ow, ob, sw);
        probabilities = tf.nn.softmax(logits);
        labels = tf.withName("labels").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, -1, -1, -1)));
        if (training) {
            Operand<TFloat32> flat = tf.reshape(logits, tf.constant(new int[] {-1, n}));
            Operand<TInt32> lab = tf.reshape(labels, tf.constant(new int[] {-1}));
            Operand<TFloat32> onehot = tf.oneHot(lab, tf.constant(n), tf.constant(1f), tf.constant(0f));
            Operand<TFloat32> ce = tf.nn.softmaxCrossEntropyWithLogits(flat, onehot).loss();
            Operand<TFloat32> w = tf.gather(tf.constant(cfg.classWeightArray()), lab, tf.constant(0));
            loss = tf.math.mean(tf.math.mul(w, ce), tf.constant(0));
        } else {
            loss = null;
        }
        finish(loss, cfg.learningRate(), cfg.beta1(), cfg.beta2(), cfg.threads(), bfloat16,
                training && cfg.weightAveraging() > 0);
    }

    /** The forward pass in element type {@code t}; the logits come back as float32. */
    private <T extends TFloating> Operand<TFloat32> logits(Class<T> t, boolean padFirst, Variable<TFloat32> c0,
            Variable<TFloat32> b0, Variable<TFloat32>[] cw, Variable<TFloat32>[] cb, Variable<TFloat32> ow,
            Variable<TFloat32> ob, Variable<TFloat32> sw) {
        int f = cfg.filters();
        int n = cfg.numClasses();
        Operand<T> in = Layers.as(tf, input, t);
        Operand<T> k0 = Layers.as(tf, c0, t);
        if (padFirst) {
            Operand<T>[] padded = Layers.twoChannels(tf, in, k0);
            in = padded[0];
            k0 = padded[1];
        }
        Operand<T> h = tf.nn.relu(Layers.conv(tf, in, k0, Layers.as(tf, b0, t)));
        Operand<T> full = null;
        if (sw != null) {
            full = tf.nn.relu(Layers.conv(tf, h, Layers.as(tf, cw[0], t), Layers.as(tf, cb[0], t)));
            h = Layers.pool(tf, full);
        } else {
            h = Layers.convReluPool(tf, h, Layers.as(tf, cw[0], t), Layers.as(tf, cb[0], t));
        }
        h = Layers.convReluPool(tf, h, Layers.as(tf, cw[1], t), Layers.as(tf, cb[1], t));
        h = tf.nn.relu(Layers.conv(tf, h, Layers.as(tf, cw[2], t), Layers.as(tf, cb[2], t)));
        h = tf.nn.relu(Layers.upConv(tf, h, cw[3], Layers.as(tf, cb[3], t), f, f));
        Operand<T> logits = Layers.upConv(tf, h, ow, Layers.as(tf, ob, t), f, n);
        if (full != null) { // conv(concat(up, full)) computed as conv(up) + conv(full): the same
            logits = tf.math.add(logits, tf.nn.conv3d(full, Layers.as(tf, sw, t), Layers.ONES5, "SAME"));
        }
        return Layers.as(tf, logits, TFloat32.class);
    }

    @SuppressWarnings("unchecked")
    private static Variable<TFloat32>[] newArray(int n) {
        return (Variable<TFloat32>[]) new Variable<?>[n];
    }

    /** One Adam step; images normalised, labels class ids; {@code shape} = (n, z, y, x). Returns the loss. */
    float trainStep(float[] images, int[] labelIds, long[] shape) {
        try (TFloat32 x = Tensors.floats(images, shape[0], shape[1], shape[2], shape[3], 1);
                TInt32 y = Tensors.ints(labelIds, shape);
                Result r = session().runner().feed(input, x).feed(labels, y).fetch(loss).addTarget(trainOp()).run()) {
            return Tensors.scalar(r.get(0));
        }
    }

    /** The loss without training. */
    float evaluate(float[] images, int[] labelIds, long[] shape) {
        try (TFloat32 x = Tensors.floats(images, shape[0], shape[1], shape[2], shape[3], 1);
                TInt32 y = Tensors.ints(labelIds, shape);
                Result r = session().runner().feed(input, x).feed(labels, y).fetch(loss).run()) {
            return Tensors.scalar(r.get(0));
        }
    }

    /** Class probabilities, [n, z, y, x, classes] row-major. */
    float[] probabilities(float[] images, long[] shape) {
        try (TFloat32 x = Tensors.floats(images, shape[0], shape[1], shape[2], shape[3], 1);
                Result r = session().runner().feed(input, x).fetch(probabilities).run()) {
            return Tensors.read(r.get(0));
        }
    }

    List<Param> parameters() {
        return params();
    }
}
