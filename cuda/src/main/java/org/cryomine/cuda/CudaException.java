package org.cryomine.cuda;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.cuda.global.cudart;
import org.cryomine.core.accel.AcceleratorException;

/** A CUDA driver call failed; the message names the call and the driver's error name and text. */
final class CudaException extends AcceleratorException {

    private static final long serialVersionUID = 1L;

    /** {@code CUDA_ERROR_OUT_OF_MEMORY}. */
    static final int OUT_OF_MEMORY = 2;

    private final int code;

    CudaException(String message, int code) {
        super(message);
        this.code = code;
    }

    /** The CUresult. */
    int code() {
        return code;
    }

    /** Throws a {@link CudaException} for a CUresult other than CUDA_SUCCESS (0). */
    static void check(int result, String call) {
        if (result != 0) {
            throw new CudaException(call + " failed: " + describe(result), result);
        }
    }

    /** The driver's name and text for a CUresult, e.g. "CUDA_ERROR_NO_DEVICE (no CUDA-capable device is detected)". */
    static String describe(int result) {
        try (BytePointer name = new BytePointer(); BytePointer text = new BytePointer()) {
            String n = cudart.cuGetErrorName(result, name) == 0 && !name.isNull() ? name.getString() : "CUresult " + result;
            String t = cudart.cuGetErrorString(result, text) == 0 && !text.isNull() ? text.getString() : "";
            return t.isEmpty() ? n : n + " (" + t + ")";
        }
    }
}
