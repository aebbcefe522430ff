package org.cryomine.nn;

import java.util.Arrays;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.TensorFlow;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.Conv3d;
import org.tensorflow.op.nn.Conv3dBackpropFilter;
import org.tensorflow.op.nn.Conv3dBackpropInput;
import org.tensorflow.types.family.TNumber;

/**
 * Registers the graph-mode gradients that TensorFlow Java 1.1.0's C++ gradient registry lacks.
 * {@code Conv3D} and {@code Conv3DBackpropInputV2} (the transposed convolution of {@link Layers#upConvForTraining}) are
 * missing among the ops our networks use (MaxPool3D, Slice, Pad, Transpose, MatMul, BiasAdd, Relu and
 * SoftmaxCrossEntropyWithLogits have C++ gradients); a finite-difference test checks every gradient path of both
 * networks. Thread-safe and idempotent.
 */
final class TfGradients {

    private static boolean registered;

    private TfGradients() {
    }

    /** Registers the missing gradients once per JVM (TensorFlow's registry is process-global). */
    static synchronized void ensureRegistered() {
        if (registered) {
            return;
        }
        TensorFlow.registerCustomGradient(Conv3d.Inputs.class, TfGradients::conv3dGradient);
        TensorFlow.registerCustomGradient(Conv3dBackpropInput.Inputs.class, TfGradients::conv3dBackpropInputGradient);
        registered = true;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<Operand<?>> conv3dGradient(Ops tf, Conv3d.Inputs op, List<org.tensorflow.Output<?>> grads) {
        Operand dy = grads.get(0);
        Operand input = op.input;
        Operand filter = op.filter;
        List<Long> strides = boxed(op.strides);
        List<Long> dilations = boxed(op.dilations);
        Operand<? extends TNumber> dx = tf.nn.conv3dBackpropInput(tf.shape(input), filter, dy, strides, op.padding,
                Conv3dBackpropInput.dataFormat(op.dataFormat), Conv3dBackpropInput.dilations(dilations));
        Operand<? extends TNumber> dw = tf.nn.conv3dBackpropFilter(input, tf.shape(filter), dy, strides, op.padding,
                Conv3dBackpropFilter.dataFormat(op.dataFormat), Conv3dBackpropFilter.dilations(dilations));
        return List.of(dx, dw);
    }

    /**
     * The gradient of a Conv3DBackpropInputV2 used as a transposed convolution ({@link Layers#upConvForTraining}): towards its
     * {@code out_backprop} the forward convolution of the incoming gradient, towards its filter the filter gradient
     * of that convolution with the roles of input and output exchanged; none towards the sizes (zeros).
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<Operand<?>> conv3dBackpropInputGradient(Ops tf, Conv3dBackpropInput.Inputs op,
                                                              List<org.tensorflow.Output<?>> grads) {
        Operand dy = grads.get(0);
        Operand filter = op.filter;
        Operand x = op.outBackprop;
        List<Long> strides = boxed(op.strides);
        List<Long> dilations = boxed(op.dilations);
        Operand<? extends TNumber> dx = tf.nn.conv3d(dy, filter, strides, op.padding,
                Conv3d.dataFormat(op.dataFormat), Conv3d.dilations(dilations));
        Operand<? extends TNumber> dw = tf.nn.conv3dBackpropFilter(dy, tf.shape(filter), x, strides, op.padding,
                Conv3dBackpropFilter.dataFormat(op.dataFormat), Conv3dBackpropFilter.dilations(dilations));
        return List.of(tf.zerosLike(op.inputSizes), dw, dx);
    }

    private static List<Long> boxed(long[] values) {
        return Arrays.stream(values).boxed().toList();
    }
}
