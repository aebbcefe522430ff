package org.cryomine.cuda;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * The {@code void** kernelParams} of {@code cuLaunchKernel}: one native cell per argument, in the kernel's
 * parameter order, each of the C type the kernel declares. Native memory freed by {@link #close()}.
 */
final class KernelArgs implements AutoCloseable {

    private final List<Pointer> cells = new ArrayList<>();
    private PointerPointer<Pointer> array;

    /** A device pointer (CUdeviceptr, 8 bytes). */
    KernelArgs ptr(long address) {
        return add(new LongPointer(1).put(address));
    }

    /** A C {@code int}. */
    KernelArgs i32(int v) {
        return add(new IntPointer(1).put(v));
    }

    /** A C {@code long long} (or {@code unsigned int} pairs are not used). */
    KernelArgs i64(long v) {
        return add(new LongPointer(1).put(v));
    }

    /** A C {@code float}. */
    KernelArgs f32(float v) {
        return add(new FloatPointer(1).put(v));
    }

    /** A C {@code double}. */
    KernelArgs f64(double v) {
        return add(new DoublePointer(1).put(v));
    }

    private KernelArgs add(Pointer p) {
        cells.add(p);
        return this;
    }

    /** The array of pointers to the cells, built once. */
    PointerPointer<Pointer> pointers() {
        if (array == null) {
            array = new PointerPointer<>(cells.size());
            for (int i = 0; i < cells.size(); i++) {
                array.put(i, cells.get(i));
            }
        }
        return array;
    }

    @Override
    public void close() {
        if (array != null) {
            array.close();
            array = null;
        }
        cells.forEach(Pointer::close);
        cells.clear();
    }
}
