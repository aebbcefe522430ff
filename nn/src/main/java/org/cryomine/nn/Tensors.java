package org.cryomine.nn;

import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** Copies between Java arrays and TensorFlow tensors. The caller closes the tensors it receives. */
final class Tensors {

    private Tensors() {
    }

    /** A new float tensor of the given shape holding {@code data} (length must match). */
    static TFloat32 floats(float[] data, long... shape) {
        TFloat32 t = TFloat32.tensorOf(Shape.of(shape));
        t.asRawTensor().data().asFloats().write(data);
        return t;
    }

    /** A new int tensor of the given shape holding {@code data}. */
    static TInt32 ints(int[] data, long... shape) {
        TInt32 t = TInt32.tensorOf(Shape.of(shape));
        t.asRawTensor().data().asInts().write(data);
        return t;
    }

    /** All values of a float tensor, in row-major order. */
    static float[] read(Tensor t) {
        float[] out = new float[(int) t.shape().size()];
        ((TFloat32) t).asRawTensor().data().asFloats().read(out);
        return out;
    }

    /** The single value of a scalar float tensor. */
    static float scalar(Tensor t) {
        return ((TFloat32) t).getFloat();
    }
}
