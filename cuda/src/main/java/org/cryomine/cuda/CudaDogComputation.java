package org.cryomine.cuda;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.cuda.cudart.CUevent_st;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.cryomine.core.Volume;
import org.cryomine.core.accel.AcceleratorException;
import org.cryomine.core.accel.DogComputation;
import org.cryomine.core.accel.DogRequest;
import org.cryomine.core.filter.BoundaryMode;
import org.cryomine.core.filter.GaussianFilter;
import org.cryomine.core.pick.Peak;

/**
 * A DoG response computed on a CUDA device and held in its memory (one float32 volume, plus a candidate
 * list once {@link #localMaxima} ran). Construction uploads the tomogram and runs the passes: with
 * smoothing z, y, x into the smoothed volume; then z and y of G(sigma), z and y of G(K sigma), and one x
 * pass computing both and their signed difference. Four volume-sized device buffers are needed at the
 * peak (16 bytes per voxel: 4.8 GB for 1000x1000x300); three are freed before construction returns.
 * Not thread-safe; close it to free the device memory.
 */
public final class CudaDogComputation implements DogComputation {

    private static final int XT = 128;
    private static final int XR = 2;
    private static final int CX = 32;
    private static final int CY = 8;
    private static final int CP = 8;
    private static final int MAX_GRID_YZ = 65535;

    private final CudaDevice device;
    private final Volume tomogram;
    private final int nx;
    private final int ny;
    private final int nz;
    private final int voxels;
    private final CUstream_st stream;
    private DeviceBuffer response;
    private DeviceBuffer candidates;
    private DeviceBuffer counter;
    private float kernelMillis;
    private boolean closed;

    CudaDogComputation(CudaDevice device, Volume tomogram, DogRequest request) {
        this.device = device;
        this.tomogram = tomogram;
        this.nx = tomogram.nx();
        this.ny = tomogram.ny();
        this.nz = tomogram.nz();
        this.voxels = nx * ny * nz;
        device.makeCurrent();
        checkLimits(request);
        this.stream = new CUstream_st();
        CudaException.check(cudart.cuStreamCreate(stream, cudart.CU_STREAM_NON_BLOCKING), "cuStreamCreate");
        try {
            run(request);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void checkLimits(DogRequest r) {
        long need = 16L * voxels;
        long free = device.memoryInfo()[0];
        if (need > free) {
            throw new AcceleratorException("the DoG of a " + nx + "x" + ny + "x" + nz + " tomogram needs "
                    + DeviceBuffer.mib(need) + " MiB of GPU memory, " + DeviceBuffer.mib(free) + " MiB are free");
        }
        int widest = GaussianFilter.radius(Math.max(r.sigma() * r.ratio(), r.smoothingSigma()), r.truncate());
        if (columnShared(widest) > device.maxSharedBytes()) {
            throw new AcceleratorException("a Gaussian kernel of radius " + widest + " voxels is too wide for the GPU's "
                    + device.maxSharedBytes() / 1024 + " KiB of shared memory per block");
        }
        if ((nz + 3) / 4 > MAX_GRID_YZ || (ny + 7) / 8 > MAX_GRID_YZ || ((long) ny + CY * CP - 1) / (CY * CP) > MAX_GRID_YZ
                || ((long) nz + CY * CP - 1) / (CY * CP) > MAX_GRID_YZ) {
            throw new AcceleratorException("a " + nx + "x" + ny + "x" + nz + " tomogram exceeds the CUDA grid limits");
        }
    }

    private static int columnShared(int r) {
        return 4 * (r + 1 + (CY * CP + 2 * r) * CX);
    }

    private void run(DogRequest r) {
        int mode = modeCode(r.mode());
        float shift = org.cryomine.core.filter.DogFilter.typicalValue(tomogram.data()); // as the CPU DoG
        float cval = -shift;
        CUevent_st start = new CUevent_st();
        CUevent_st stop = new CUevent_st();
        CudaException.check(cudart.cuEventCreate(start, cudart.CU_EVENT_DEFAULT), "cuEventCreate");
        CudaException.check(cudart.cuEventCreate(stop, cudart.CU_EVENT_DEFAULT), "cuEventCreate");
        try (DeviceBuffer b = DeviceBuffer.floats(voxels, "the DoG passes");
             DeviceBuffer c = DeviceBuffer.floats(voxels, "the DoG passes");
             DeviceBuffer d = DeviceBuffer.floats(voxels, "the DoG passes")) {
            DeviceBuffer a = DeviceBuffer.floats(voxels, "the tomogram");
            response = a;
            try (PinnedStaging staging = new PinnedStaging(stream, voxels)) {
                staging.upload(tomogram.data(), a.address(), voxels);
            }
            CudaException.check(cudart.cuEventRecord(start, stream), "cuEventRecord");
            if (r.smoothingSigma() > 0) {
                try (DeviceBuffer w = weights(r.smoothingSigma(), r.truncate())) {
                    int rad = radius(w);
                    column(a, b, w, rad, mode, 2, cval, shift);
                    column(b, c, w, rad, mode, 1, cval, 0f);
                    alongX(c, a, w, rad, mode, cval);
                    shift = 0f;
                }
            }
            try (DeviceBuffer wa = weights(r.sigma(), r.truncate());
                 DeviceBuffer wb = weights(r.sigma() * r.ratio(), r.truncate())) {
                int ra = radius(wa);
                int rb = radius(wb);
                column(a, b, wa, ra, mode, 2, cval, shift);
                column(b, c, wa, ra, mode, 1, cval, 0f);
                column(a, b, wb, rb, mode, 2, cval, shift);
                column(b, d, wb, rb, mode, 1, cval, 0f);
                dogX(c, d, a, wa, ra, wb, rb, mode, cval, r.sign());
                CudaException.check(cudart.cuEventRecord(stop, stream), "cuEventRecord");
                CudaException.check(cudart.cuStreamSynchronize(stream), "cuStreamSynchronize(DoG passes)");
            }
            float[] ms = new float[1];
            CudaException.check(cudart.cuEventElapsedTime(ms, start, stop), "cuEventElapsedTime");
            kernelMillis = ms[0];
        } finally {
            cudart.cuEventDestroy(start);
            cudart.cuEventDestroy(stop);
        }
    }

    /** The symmetric kernel's centre and one side, w[0] = centre, as float32 on the device. */
    private static DeviceBuffer weights(double sigma, double truncate) {
        double[] k = GaussianFilter.kernel(sigma, truncate);
        int r = k.length / 2;
        float[] half = new float[r + 1];
        for (int i = 0; i <= r; i++) {
            half[i] = (float) k[r + i];
        }
        DeviceBuffer buf = DeviceBuffer.floats(r + 1, "kernel weights");
        try (FloatPointer p = new FloatPointer(half)) {
            CudaException.check(cudart.cuMemcpyHtoD(buf.address(), p, 4L * half.length), "cuMemcpyHtoD(weights)");
        } catch (RuntimeException e) {
            buf.close();
            throw e;
        }
        return buf;
    }

    private static int radius(DeviceBuffer weights) {
        return (int) (weights.bytes() / 4) - 1;
    }

    private static int modeCode(BoundaryMode m) {
        return switch (m) {
            case REFLECT -> 0;
            case MIRROR -> 1;
            case NEAREST -> 2;
            case CONSTANT -> 3;
            case WRAP -> 4;
        };
    }

    /** A Gaussian pass along y (axis 1) or z (axis 2), subtracting {@code shift} from what it reads inside. */
    private void column(DeviceBuffer in, DeviceBuffer out, DeviceBuffer w, int r, int mode, int axis, float cval,
                        float shift) {
        int n = axis == 1 ? ny : nz;
        int others = axis == 1 ? nz : ny;
        long axisStride = axis == 1 ? nx : (long) nx * ny;
        long otherStride = axis == 1 ? (long) nx * ny : nx;
        int[] grid = {(nx + CX - 1) / CX, (n + CY * CP - 1) / (CY * CP), Math.min(others, MAX_GRID_YZ)};
        try (KernelArgs args = new KernelArgs().ptr(in.address()).ptr(out.address()).i32(nx).i32(n).i64(axisStride)
                .i32(others).i64(otherStride).ptr(w.address()).i32(r).i32(mode).f32(cval).f32(shift)) {
            CudaDevice.launch(device.gaussCol, "gauss_col", grid, new int[] {CX, CY, 1}, columnShared(r), stream, args);
        }
    }

    private int[] rowGrid() {
        long rows = (long) ny * nz;
        return new int[] {(nx + XT - 1) / XT, (int) Math.min((rows + XR - 1) / XR, MAX_GRID_YZ), 1};
    }

    private void alongX(DeviceBuffer in, DeviceBuffer out, DeviceBuffer w, int r, int mode, float cval) {
        try (KernelArgs args = new KernelArgs().ptr(in.address()).ptr(out.address()).i32(nx).i64((long) ny * nz)
                .ptr(w.address()).i32(r).i32(mode).f32(cval)) {
            CudaDevice.launch(device.gaussX, "gauss_x", rowGrid(), new int[] {XT, XR, 1}, 4 * (r + 1 + XR * (XT + 2 * r)),
                    stream, args);
        }
    }

    private void dogX(DeviceBuffer a, DeviceBuffer b, DeviceBuffer out, DeviceBuffer wa, int ra, DeviceBuffer wb, int rb,
                      int mode, float cval, int sign) {
        try (KernelArgs args = new KernelArgs().ptr(a.address()).ptr(b.address()).ptr(out.address()).i32(nx)
                .i64((long) ny * nz).ptr(wa.address()).i32(ra).ptr(wb.address()).i32(rb).i32(mode).f32(cval).f32(sign)) {
            int shared = 4 * (ra + rb + 2 + XR * (2 * XT + 2 * ra + 2 * rb));
            CudaDevice.launch(device.dogX, "dog_x", rowGrid(), new int[] {XT, XR, 1}, shared, stream, args);
        }
    }

    /** Milliseconds the filter kernels took on the device (CUDA events; excludes the upload). */
    public float kernelMillis() {
        return kernelMillis;
    }

    @Override
    public int voxelCount() {
        check();
        return voxels;
    }

    @Override
    public float[] sample(int step) {
        check();
        if (step < 1) {
            throw new IllegalArgumentException("the sample step must be at least 1 voxel, got " + step);
        }
        int count = (int) (((long) voxels + step - 1) / step);
        device.makeCurrent();
        float[] out = new float[count];
        try (DeviceBuffer s = DeviceBuffer.floats(count, "the response sample");
             KernelArgs args = new KernelArgs().ptr(response.address()).ptr(s.address()).i64(step).i64(count);
             FloatPointer host = new FloatPointer(count)) {
            int blocks = (int) Math.min((count + 255L) / 256, 1 << 16);
            CudaDevice.launch(device.gather, "gather", new int[] {blocks, 1, 1}, new int[] {256, 1, 1}, 0, stream, args);
            CudaException.check(cudart.cuStreamSynchronize(stream), "cuStreamSynchronize(gather)");
            CudaException.check(cudart.cuMemcpyDtoH(host, s.address(), 4L * count), "cuMemcpyDtoH(sample)");
            host.get(out);
        }
        return out;
    }

    @Override
    public List<Peak> localMaxima(double threshold) {
        check();
        device.makeCurrent();
        if (counter == null) {
            counter = new DeviceBuffer(4, "the candidate counter");
        }
        long capacity = candidates == null ? Math.min(voxels, Math.max(1 << 16, voxels / 16)) : candidates.bytes() / 8;
        int found = launchMaxima(threshold, capacity);
        if (found > capacity) {
            candidates.close();
            candidates = null;
            capacity = found;
            found = launchMaxima(threshold, capacity);
        }
        long[] packed = new long[found];
        if (found > 0) {
            try (IntPointer idx = new IntPointer(found); FloatPointer val = new FloatPointer(found)) {
                CudaException.check(cudart.cuMemcpyDtoH(idx, candidates.address(), 4L * found), "cuMemcpyDtoH(indices)");
                CudaException.check(cudart.cuMemcpyDtoH(val, candidates.address() + 4L * capacity, 4L * found),
                        "cuMemcpyDtoH(values)");
                for (int i = 0; i < found; i++) {
                    packed[i] = ((long) idx.get(i) << 32) | (Float.floatToRawIntBits(val.get(i)) & 0xffffffffL);
                }
            }
        }
        Arrays.parallelSort(packed);
        List<Peak> out = new ArrayList<>(found);
        for (long p : packed) {
            int i = (int) (p >>> 32);
            int x = i % nx;
            int y = (i / nx) % ny;
            int z = i / (nx * ny);
            out.add(new Peak(x, y, z, Float.intBitsToFloat((int) p)));
        }
        return out;
    }

    /** Runs local_max into a candidate buffer of {@code capacity} entries (indices, then values); returns the count. */
    private int launchMaxima(double threshold, long capacity) {
        if (candidates == null) {
            candidates = new DeviceBuffer(8 * Math.max(1, capacity), "the candidate list");
        }
        CudaException.check(cudart.cuMemsetD32Async(counter.address(), 0, 1, stream), "cuMemsetD32Async");
        int[] grid = {(nx + 31) / 32, (ny + 7) / 8, (nz + 3) / 4};
        try (KernelArgs args = new KernelArgs().ptr(response.address()).i32(nx).i32(ny).i32(nz).f64(threshold)
                .ptr(counter.address()).ptr(candidates.address()).ptr(candidates.address() + 4 * capacity)
                .i32((int) Math.min(capacity, Integer.MAX_VALUE))) {
            CudaDevice.launch(device.localMax, "local_max", grid, new int[] {32, 8, 4}, 0, stream, args);
        }
        CudaException.check(cudart.cuStreamSynchronize(stream), "cuStreamSynchronize(local_max)");
        int[] count = new int[1];
        try (IntPointer c = new IntPointer(1)) {
            CudaException.check(cudart.cuMemcpyDtoH(c, counter.address(), 4), "cuMemcpyDtoH(count)");
            count[0] = c.get();
        }
        return count[0];
    }

    @Override
    public Volume response() {
        check();
        device.makeCurrent();
        float[] out = new float[voxels];
        try (PinnedStaging staging = new PinnedStaging(stream, voxels)) {
            staging.download(response.address(), out, voxels);
        }
        return Volume.wrap(out, nx, ny, nz, tomogram.voxelSize(), tomogram.origin());
    }

    private void check() {
        if (closed) {
            throw new IllegalStateException("this DoG computation was closed");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        device.makeCurrent();
        for (DeviceBuffer b : new DeviceBuffer[] {response, candidates, counter}) {
            if (b != null) {
                b.close();
            }
        }
        response = null;
        candidates = null;
        counter = null;
        if (stream != null && !stream.isNull()) {
            cudart.cuStreamDestroy(stream);
        }
    }
}
