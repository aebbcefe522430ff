package org.cryomine.nn;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The EDSS3D graph (docs/method.md step 7): Conv3D(F) x2 - MaxPool - Conv3D(F) - MaxPool - Conv3D(F) - UpSample -
 * Conv3D(F) - UpSample - Conv3D(N) + softmax over classes; ReLU after every hidden convolution. With
 * {@link Edss3d#fullResolutionSkip()} the last convolution also takes the second full-resolution block's
 * output (before its pooling) as input channels, as a U-Net's skip connection does. The
 * upsample+conv pairs use {@link Layers#upConv}. Spatial sizes are dynamic (any multiple of 4), so inference
 * runs on whole volumes. Loss: class-weighted categorical cross-entropy, mean over voxels.
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
        Operand<TFloat32> in = input;
        Operand<TFloat32> k0 = c0;
        if (bfloat16) {
            Operand<TFloat32>[] padded = Layers.twoChannels(tf, input, c0);
            in = padded[0];
            k0 = padded[1];
        }
        Operand<TFloat32> h = tf.nn.relu(Layers.conv(tf, in, k0, b0));
        Operand<TFloat32> full = null;
        if (sw != null) {
            full = tf.nn.relu(Layers.conv(tf, h, cw[0], cb[0]));
            h = Layers.pool(tf, full);
        } else {
            h = Layers.convReluPool(tf, h, cw[0], cb[0]);
        }
        h = Layers.convReluPool(tf, h, cw[1], cb[1]);
        h = tf.nn.relu(Layers.conv(tf, h, cw[2], cb[2]));
        h = tf.nn.relu(Layers.upConv(tf, h, cw[3], cb[3], f, f));
        Operand<TFloat32> logits = Layers.upConv(tf, h, ow, ob, f, n);
        if (full != null) { // conv(concat(up, full)) computed as conv(up) + conv(full): the same
            logits = tf.math.add(logits, tf.nn.conv3d(full, sw, Layers.ONES5, "SAME"));
        }
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
        finish(loss, cfg.learningRate(), cfg.beta1(), cfg.beta2(), cfg.threads(), bfloat16);
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
