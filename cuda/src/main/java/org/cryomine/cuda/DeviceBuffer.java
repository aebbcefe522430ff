package org.cryomine.cuda;

import org.bytedeco.cuda.global.cudart;

/**
 * Device memory from {@code cuMemAlloc}, freed by {@link #close()} (safe to call twice). The caller makes
 * the owning context current before creating or closing it. Not thread-safe.
 */
final class DeviceBuffer implements AutoCloseable {

    private final long bytes;
    private long address;

    /** Allocates {@code bytes} (&gt; 0) of device memory (uninitialised). */
    DeviceBuffer(long bytes, String what) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("a device buffer needs a positive size, got " + bytes);
        }
        long[] p = new long[1];
        int r = cudart.cuMemAlloc(p, bytes);
        if (r != 0) {
            throw new CudaException("allocating " + mib(bytes) + " MiB of GPU memory for " + what + " failed: "
                    + CudaException.describe(r), r);
        }
        this.address = p[0];
        this.bytes = bytes;
    }

    static DeviceBuffer floats(long count, String what) {
        return new DeviceBuffer(4 * count, what);
    }

    /** The device address (CUdeviceptr). */
    long address() {
        if (address == 0) {
            throw new IllegalStateException("device buffer already freed");
        }
        return address;
    }

    long bytes() {
        return bytes;
    }

    static long mib(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }

    @Override
    public void close() {
        if (address != 0) {
            long a = address;
            address = 0;
            cudart.cuMemFree(a);
        }
    }
}
