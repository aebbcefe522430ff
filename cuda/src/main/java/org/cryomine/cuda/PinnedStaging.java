package org.cryomine.cuda;

import org.bytedeco.cuda.cudart.CUevent_st;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * Copies between Java float arrays and device memory through two page-locked (pinned) host chunks, so
 * that the DMA of one chunk overlaps the copy of the next between the Java heap and pinned memory. A
 * {@link org.cryomine.core.Volume} keeps its voxels in a Java heap array, which the garbage collector may
 * move, so the driver cannot DMA from it; this is the one host-side copy that remains (a tomogram read
 * straight into pinned off-heap memory would avoid it, but core's volumes are heap arrays). Closing frees
 * the chunks and events (twice is harmless); the caller makes the context current. Not thread-safe.
 */
final class PinnedStaging implements AutoCloseable {

    /** Floats per chunk: 8 Mi floats = 32 MiB. */
    static final int CHUNK = 8 << 20;

    private final CUstream_st stream;
    private final Pointer[] host = new Pointer[2];
    private final FloatPointer[] floats = new FloatPointer[2];
    private final CUevent_st[] done = new CUevent_st[2];
    private final int chunk;

    /** Two chunks of {@code min(CHUNK, count)} floats for copies on {@code stream}. */
    PinnedStaging(CUstream_st stream, long count) {
        this.stream = stream;
        this.chunk = (int) Math.max(1, Math.min(CHUNK, count));
        try {
            for (int i = 0; i < 2; i++) {
                host[i] = new Pointer();
                CudaException.check(cudart.cuMemAllocHost(host[i], 4L * chunk), "cuMemAllocHost(" + 4L * chunk + ")");
                floats[i] = new FloatPointer(host[i]);
                floats[i].capacity(chunk).limit(chunk);
                done[i] = new CUevent_st();
                CudaException.check(cudart.cuEventCreate(done[i], cudart.CU_EVENT_DISABLE_TIMING), "cuEventCreate");
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Copies {@code src[0..count)} to the device at {@code dst}; returns once the copies are issued and staged. */
    void upload(float[] src, long dst, int count) {
        int k = 0;
        for (int off = 0; off < count; off += chunk, k++) {
            int n = Math.min(chunk, count - off);
            int b = k & 1;
            if (k >= 2) {
                CudaException.check(cudart.cuEventSynchronize(done[b]), "cuEventSynchronize");
            }
            floats[b].position(0).put(src, off, n);
            CudaException.check(cudart.cuMemcpyHtoDAsync(dst + 4L * off, floats[b], 4L * n, stream), "cuMemcpyHtoDAsync");
            CudaException.check(cudart.cuEventRecord(done[b], stream), "cuEventRecord");
        }
        CudaException.check(cudart.cuStreamSynchronize(stream), "cuStreamSynchronize");
    }

    /** Copies {@code count} floats from the device at {@code src} into {@code dst[0..count)} (after prior work on the stream). */
    void download(long src, float[] dst, int count) {
        int chunks = (int) (((long) count + chunk - 1) / chunk);
        if (chunks == 0) {
            return;
        }
        issue(src, 0, count, 0);
        for (int k = 0; k < chunks; k++) {
            if (k + 1 < chunks) {
                issue(src, k + 1, count, (k + 1) & 1);
            }
            int b = k & 1;
            CudaException.check(cudart.cuEventSynchronize(done[b]), "cuEventSynchronize");
            int off = k * chunk;
            floats[b].position(0).get(dst, off, Math.min(chunk, count - off));
        }
    }

    private void issue(long src, int k, int count, int b) {
        int off = k * chunk;
        int n = Math.min(chunk, count - off);
        CudaException.check(cudart.cuMemcpyDtoHAsync(floats[b], src + 4L * off, 4L * n, stream), "cuMemcpyDtoHAsync");
        CudaException.check(cudart.cuEventRecord(done[b], stream), "cuEventRecord");
    }

    @Override
    public void close() {
        for (int i = 0; i < 2; i++) {
            if (done[i] != null && !done[i].isNull()) {
                cudart.cuEventDestroy(done[i]);
            }
            done[i] = null;
            if (host[i] != null && !host[i].isNull()) {
                cudart.cuMemFreeHost(host[i]);
            }
            host[i] = null;
            floats[i] = null;
        }
    }
}
