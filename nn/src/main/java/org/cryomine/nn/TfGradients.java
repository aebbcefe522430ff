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
 * Only {@code Conv3D} is missing among the ops our networks use (MaxPool3D, Slice, Pad, Transpose,
 * MatMul, BiasAdd, Relu and SoftmaxCrossEntropyWithLogits have C++ gradients); a finite-difference test
 * checks every gradient path of both networks. Thread-safe and idempotent.
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

    private static List<Long> boxed(long[] values) {
        return Arrays.stream(values).boxed().toList();
    }
}
