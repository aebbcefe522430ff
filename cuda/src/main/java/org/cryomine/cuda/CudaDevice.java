package org.cryomine.cuda;

import java.util.Locale;
import org.bytedeco.cuda.cudart.CUctx_st;
import org.bytedeco.cuda.cudart.CUfunc_st;
import org.bytedeco.cuda.cudart.CUmod_st;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.SizeTPointer;

/**
 * One CUDA device with its primary context and the DoG kernels loaded from the fatbin: created once by
 * {@link CudaProbe}, shared by every computation (thread-safe: each call makes the context current on the
 * calling thread). {@link #close()} unloads the module and releases the primary context.
 */
final class CudaDevice implements AutoCloseable {

    /** Kernel entry points in dog.cu. */
    final CUfunc_st gaussX;
    final CUfunc_st gaussCol;
    final CUfunc_st dogX;
    final CUfunc_st localMax;
    final CUfunc_st gather;

    private final int ordinal;
    private final CUctx_st context;
    private final CUmod_st module;
    private final String description;
    private final int maxSharedBytes;
    private boolean closed;

    private CudaDevice(int ordinal, CUctx_st context, CUmod_st module, String description, int maxSharedBytes) {
        this.ordinal = ordinal;
        this.context = context;
        this.module = module;
        this.description = description;
        this.maxSharedBytes = maxSharedBytes;
        this.gaussX = function("gauss_x");
        this.gaussCol = function("gauss_col");
        this.dogX = function("dog_x");
        this.localMax = function("local_max");
        this.gather = function("gather");
    }

    /**
     * Opens device {@code ordinal} (after {@code cuInit}): retains its primary context and loads {@code fatbin}.
     *
     * @throws CudaException when a driver call fails (e.g. CUDA_ERROR_NO_BINARY_FOR_GPU for a device the fatbin
     *         has no code for)
     */
    static CudaDevice open(int ordinal, byte[] fatbin) {
        int[] dev = new int[1];
        CudaException.check(cudart.cuDeviceGet(dev, ordinal), "cuDeviceGet(" + ordinal + ")");
        byte[] name = new byte[256];
        CudaException.check(cudart.cuDeviceGetName(name, name.length, dev[0]), "cuDeviceGetName");
        int[] major = new int[1];
        int[] minor = new int[1];
        int[] shared = new int[1];
        CudaException.check(cudart.cuDeviceGetAttribute(major, cudart.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR,
                dev[0]), "cuDeviceGetAttribute");
        CudaException.check(cudart.cuDeviceGetAttribute(minor, cudart.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR,
                dev[0]), "cuDeviceGetAttribute");
        CudaException.check(cudart.cuDeviceGetAttribute(shared, cudart.CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK,
                dev[0]), "cuDeviceGetAttribute");
        long total;
        try (SizeTPointer t = new SizeTPointer(1)) {
            CudaException.check(cudart.cuDeviceTotalMem(t, dev[0]), "cuDeviceTotalMem");
            total = t.get();
        }
        String deviceName = new String(name, 0, length(name), java.nio.charset.StandardCharsets.UTF_8).trim();
        String description = String.format(Locale.ROOT, "device %d %s, compute %d.%d, %.1f GiB", ordinal, deviceName,
                major[0], minor[0], total / (double) (1L << 30));
        CUctx_st ctx = new CUctx_st();
        CudaException.check(cudart.cuDevicePrimaryCtxRetain(ctx, dev[0]), "cuDevicePrimaryCtxRetain");
        try {
            CudaException.check(cudart.cuCtxSetCurrent(ctx), "cuCtxSetCurrent");
            CUmod_st mod = new CUmod_st();
            try (BytePointer image = new BytePointer(fatbin.length + 1L)) {
                image.put(fatbin, 0, fatbin.length).put(fatbin.length, (byte) 0);
                int r = cudart.cuModuleLoadData(mod, image);
                if (r != 0) {
                    throw new CudaException("loading the DoG kernels on " + description + " failed: "
                            + CudaException.describe(r) + " (the fatbin holds code for sm_75 to sm_90 and compute_90"
                            + " PTX; a newer driver may be needed)", r);
                }
            }
            return new CudaDevice(dev[0], ctx, mod, description, shared[0]);
        } catch (RuntimeException e) {
            cudart.cuDevicePrimaryCtxRelease(dev[0]);
            throw e;
        }
    }

    private static int length(byte[] cString) {
        int n = 0;
        while (n < cString.length && cString[n] != 0) {
            n++;
        }
        return n;
    }

    private CUfunc_st function(String name) {
        CUfunc_st f = new CUfunc_st();
        CudaException.check(cudart.cuModuleGetFunction(f, module, name), "cuModuleGetFunction(" + name + ")");
        return f;
    }

    /** E.g. "device 0 NVIDIA H100 80GB HBM3, compute 9.0, 79.1 GiB". */
    String description() {
        return description;
    }

    /** Shared memory a block may use without opting in (bytes). */
    int maxSharedBytes() {
        return maxSharedBytes;
    }

    /** Makes the primary context current on the calling thread. */
    synchronized void makeCurrent() {
        if (closed) {
            throw new IllegalStateException("the CUDA device was closed");
        }
        CudaException.check(cudart.cuCtxSetCurrent(context), "cuCtxSetCurrent");
    }

    /** Free and total device memory in bytes. */
    long[] memoryInfo() {
        try (SizeTPointer free = new SizeTPointer(1); SizeTPointer total = new SizeTPointer(1)) {
            CudaException.check(cudart.cuMemGetInfo(free, total), "cuMemGetInfo");
            return new long[] {free.get(), total.get()};
        }
    }

    /** Launches {@code f} on {@code stream} (asynchronously). */
    static void launch(CUfunc_st f, String name, int[] grid, int[] block, int sharedBytes, CUstream_st stream,
                       KernelArgs args) {
        CudaException.check(cudart.cuLaunchKernel(f, grid[0], grid[1], grid[2], block[0], block[1], block[2],
                sharedBytes, stream, args.pointers(), (PointerPointer<?>) null), "cuLaunchKernel(" + name + ")");
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            cudart.cuCtxSetCurrent(context);
            cudart.cuModuleUnload(module);
            cudart.cuDevicePrimaryCtxRelease(ordinal);
        }
    }
}
