package org.cryomine.nn;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TNumber;
import org.tensorflow.types.family.TType;

/**
 * Graph building blocks in NDHWC layout (batch, z, y, x, channels), so a {@code Volume}'s x-fastest data
 * maps onto a tensor without reordering.
 *
 * <p>{@link #upConv} is the fast formulation of "nearest-neighbour upsample by 2, then a 3x3x3 SAME
 * convolution": on a nearest-upsampled grid, each of the 8 output parities sees only a 2x2x2 window of the
 * low-resolution input, whose taps are sums of the 3x3x3 kernel's taps. So the layer is computed as one
 * 2x2x2 VALID convolution of the low-resolution input (padded by one) with 8x the output channels, followed
 * by a depth-to-space shuffle. The result is mathematically identical to the paper's upsample + conv (the
 * trained parameter stays the 3x3x3 kernel), uses 27/8 = 3.4x fewer multiply-adds and never materialises the
 * upsampled tensor. A test compares it with the literal upsample + conv.
 *
 * <p>The blocks are generic in the element type so that mixed-precision graphs run them in bfloat16; the
 * trained parameters stay float32 (master weights) and are cast with {@link #as} where they are used.
 */
final class Layers {

    /** Unit strides of a 3D convolution. */
    static final List<Long> ONES5 = List.of(1L, 1L, 1L, 1L, 1L);
    private static final List<Long> POOL = List.of(1L, 2L, 2L, 2L, 1L);

    private Layers() {
    }

    /**
     * {@code v} as element type {@code type}: {@code v} itself when it has that type already (no op is added),
     * otherwise a Cast, whose gradient casts back.
     */
    @SuppressWarnings("unchecked")
    static <T extends TType> Operand<T> as(Ops tf, Operand<? extends TType> v, Class<T> type) {
        if (v.type() == type) {
            return (Operand<T>) v;
        }
        return tf.dtypes.cast(v, type);
    }

    /** A scalar zero of the given type (a float32 constant for float32, as before mixed precision existed). */
    static <T extends TType> Operand<T> zero(Ops tf, Class<T> type) {
        return as(tf, tf.constant(0f), type);
    }

    /**
     * {@code x + b} along the last (channel) axis: BiasAdd in float32 (as before mixed precision existed); in
     * other types a broadcasting Add, because TensorFlow Java 1.1.0's bfloat16 BiasAddGrad accumulates in
     * bfloat16 and stalls (a sum of 262,144 values of about 1e-4 came out as 2.06 instead of 25.8, bias gradients
     * off by 60-97% in a probe), while the Add's gradient, a Sum, accumulates bfloat16 in float.
     */
    static <T extends TNumber> Operand<T> addBias(Ops tf, Operand<T> x, Operand<T> b) {
        return x.type() == TFloat32.class ? tf.nn.biasAdd(x, b) : tf.math.add(x, b);
    }

    /** 3x3x3 SAME convolution plus bias. */
    static <T extends TNumber> Operand<T> conv(Ops tf, Operand<T> x, Operand<T> w, Operand<T> b) {
        return addBias(tf, tf.nn.conv3d(x, w, ONES5, "SAME"), b);
    }

    /**
     * {@code pool(relu(conv(x) + b))} computed as {@code relu(pool(conv(x)) + b)}: identical, since adding a
     * per-channel constant and ReLU are monotonic, but the bias and ReLU touch 8x fewer values.
     */
    static <T extends TNumber> Operand<T> convReluPool(Ops tf, Operand<T> x, Operand<T> w, Operand<T> b) {
        return tf.nn.relu(addBias(tf, pool(tf, tf.nn.conv3d(x, w, ONES5, "SAME")), b));
    }

    /**
     * Zero-pads a one-channel input and its [3,3,3,1,cout] kernel to two input channels: the same convolution.
     * Used in bfloat16 graphs only: TensorFlow Java 1.1.0's oneDNN bfloat16 rewrite of a Conv3D with one input
     * channel followed by ReLU or pooling returns mostly zeros (relative error ~0.95 in a probe), while two
     * channels give bfloat16 round-off (~0.2%).
     */
    static <T extends TType> Operand<T>[] twoChannels(Ops tf, Operand<T> x, Operand<T> w) {
        @SuppressWarnings("unchecked")
        Operand<T>[] out = (Operand<T>[]) new Operand<?>[2];
        out[0] = tf.pad(x, tf.constant(new int[][] {{0, 0}, {0, 0}, {0, 0}, {0, 0}, {0, 1}}), zero(tf, x.type()));
        out[1] = tf.pad(w, tf.constant(new int[][] {{0, 0}, {0, 0}, {0, 0}, {0, 1}, {0, 0}}), zero(tf, w.type()));
        return out;
    }

    /** 2x2x2 max pooling with stride 2 (sizes must be even). */
    static <T extends TNumber> Operand<T> pool(Ops tf, Operand<T> x) {
        return tf.nn.maxPool3d(x, POOL, POOL, "VALID");
    }

    /** Literal nearest-neighbour upsampling by 2 in z, y and x (reference for tests). */
    static Operand<TFloat32> upsampleReference(Ops tf, Operand<TFloat32> x) {
        Operand<TInt32> s = tf.shape(x);
        Operand<TFloat32> a = tf.expandDims(x, tf.constant(2));           // b z 1 y x c
        a = tf.expandDims(a, tf.constant(4));                              // b z 1 y 1 x c
        a = tf.expandDims(a, tf.constant(6));                              // b z 1 y 1 x 1 c
        Operand<TFloat32> tiled = tf.tile(a, tf.constant(new int[] {1, 1, 2, 1, 2, 1, 2, 1}));
        Operand<TInt32> dims = tf.math.mul(tf.slice(s, tf.constant(new int[] {1}), tf.constant(new int[] {3})),
                tf.constant(2));
        Operand<TInt32> target = tf.concat(List.of(tf.constant(new int[] {-1}), dims,
                tf.slice(s, tf.constant(new int[] {4}), tf.constant(new int[] {1}))), tf.constant(0));
        return tf.reshape(tiled, target);
    }

    /**
     * Nearest-neighbour upsampling by 2 followed by a 3x3x3 SAME convolution (kernel {@code w} of shape
     * [3, 3, 3, cin, cout]) plus bias, computed without upsampling (see the class comment). The kernel
     * transform runs in float32 on {@code w}; the transformed kernel is cast to {@code x}'s type.
     */
    static <T extends TNumber> Operand<T> upConv(Ops tf, Operand<T> x, Operand<TFloat32> w, Operand<T> b,
            int cin, int cout) {
        // kernel transform: [27, cin*cout] -> [64 = parity(8) x tap(8), cin*cout] -> [2,2,2, cin, 8*cout]
        Operand<TFloat32> w27 = tf.reshape(w, tf.constant(new int[] {27, cin * cout}));
        Operand<TFloat32> k = tf.linalg.matMul(tf.constant(transformMatrix()), w27);
        k = tf.reshape(k, tf.constant(new int[] {2, 2, 2, 2, 2, 2, cin, cout}));
        k = tf.linalg.transpose(k, tf.constant(new int[] {3, 4, 5, 6, 0, 1, 2, 7}));
        k = tf.reshape(k, tf.constant(new int[] {2, 2, 2, cin, 8 * cout}));

        Operand<T> padded = tf.pad(x, tf.constant(new int[][] {{0, 0}, {1, 1}, {1, 1}, {1, 1}, {0, 0}}),
                zero(tf, x.type()));
        Operand<T> o = tf.nn.conv3d(padded, as(tf, k, x.type()), ONES5, "VALID");   // b, z+1, y+1, x+1, 8*cout

        Operand<TInt32> s = tf.shape(x);
        Operand<TInt32> zyx = tf.slice(s, tf.constant(new int[] {1}), tf.constant(new int[] {3}));
        Operand<TInt32> size = tf.concat(List.of(tf.constant(new int[] {-1}), zyx, tf.constant(new int[] {cout})),
                tf.constant(0));
        List<Operand<T>> parts = new ArrayList<>(8);
        for (int p = 0; p < 8; p++) {
            int pz = p >> 2;
            int py = (p >> 1) & 1;
            int px = p & 1;
            parts.add(tf.slice(o, tf.constant(new int[] {0, pz, py, px, p * cout}), size));
        }
        Operand<T> st = tf.stack(parts);                             // 8, b, z, y, x, cout
        Operand<TInt32> split = tf.concat(List.of(tf.constant(new int[] {2, 2, 2, -1}), zyx,
                tf.constant(new int[] {cout})), tf.constant(0));
        st = tf.reshape(st, split);                                         // pz py px b z y x c
        st = tf.linalg.transpose(st, tf.constant(new int[] {3, 4, 0, 5, 1, 6, 2, 7}));
        Operand<TInt32> out = tf.concat(List.of(tf.constant(new int[] {-1}), tf.math.mul(zyx, tf.constant(2)),
                tf.constant(new int[] {cout})), tf.constant(0));
        return addBias(tf, tf.reshape(st, out), b);
    }

    /**
     * The [64, 27] matrix mapping a 3x3x3 kernel (taps indexed kz*9+ky*3+kx, tap 0 = offset -1) to the
     * eight 2x2x2 parity kernels (row = parity*8 + tap, parity = pz*4+py*2+px, tap = tz*4+ty*2+tx).
     */
    static float[][] transformMatrix() {
        int[][][] axis = {{{1, 0, 0}, {0, 1, 1}}, {{1, 1, 0}, {0, 0, 1}}};   // [parity][tap][k]
        float[][] m = new float[64][27];
        for (int p = 0; p < 8; p++) {
            for (int t = 0; t < 8; t++) {
                for (int k = 0; k < 27; k++) {
                    m[p * 8 + t][k] = axis[p >> 2][t >> 2][k / 9]
                            * axis[(p >> 1) & 1][(t >> 1) & 1][(k / 3) % 3]
                            * axis[p & 1][t & 1][k % 3];
                }
            }
        }
        return m;
    }
}
