// Separable Gaussian, fused Difference of Gaussians and 26-neighbour local maxima for cryomine's DoG
// picker (module cryomine-cuda). Semantics are core's (org.cryomine.core.filter.GaussianFilter, DogFilter,
// org.cryomine.core.pick.PeakFinder), which follow scipy.ndimage:
//   * volumes are float32, x fastest: voxel (x, y, z) at x + nx * (y + ny * z);
//   * a pass correlates one axis with a symmetric kernel w[0..r] (w[0] the centre; computed on the host by
//     GaussianFilter.kernel, radius int(truncate * sigma + 0.5)) and stores float32; sums run in float32
//     as in core's CPU passes (centre tap, then each symmetric pair summed before its multiplication);
//   * outside the volume, positions map as BoundaryMode.map does (reflect, mirror, nearest, wrap) or read
//     the constant cval (constant);
//   * the DoG is (float) G(sigma) - (float) G(K sigma), times sign (+1 or -1), fused into the x pass;
//   * as core's DogFilter does, the first pass subtracts the input's typical value `shift` from what it reads
//     and every pass uses cval - shift outside (unchanged in exact arithmetic; keeps a raw tomogram's large
//     offset from costing the float32 difference its precision);
//   * a local maximum is at least every neighbour inside the volume, above at least one, and >= threshold.
// Every kernel reads through shared-memory tiles whose rows run along x, so global loads are coalesced.
// Built by nvcc into a fatbin class-path resource (see cuda/pom.xml); launched through the driver API.

#define MODE_REFLECT 0
#define MODE_MIRROR 1
#define MODE_NEAREST 2
#define MODE_CONSTANT 3
#define MODE_WRAP 4

// Threads of the x pass along x, and rows per block.
#define XT 128
#define XR 2
// Column passes (y or z): 32 threads along x, 8 along the axis, each thread computing CP outputs.
#define CX 32
#define CY 8
#define CP 8
// Local maxima: a block of 32 x 8 x 4 voxels with a one-voxel halo.
#define MX 32
#define MY 8
#define MZ 4

// The index inside [0, n) that position i reads, or -1 for the constant (BoundaryMode.map).
__device__ __forceinline__ int map_index(int i, int n, int mode) {
    if (i >= 0 && i < n) {
        return i;
    }
    switch (mode) {
        case MODE_REFLECT: {
            if (n == 1) return 0;
            int p = 2 * n;
            int m = i % p;
            if (m < 0) m += p;
            return m < n ? m : p - 1 - m;
        }
        case MODE_MIRROR: {
            if (n == 1) return 0;
            int p = 2 * n - 2;
            int m = i % p;
            if (m < 0) m += p;
            return m < n ? m : p - m;
        }
        case MODE_NEAREST:
            return i < 0 ? 0 : n - 1;
        case MODE_WRAP: {
            int m = i % n;
            if (m < 0) m += n;
            return m;
        }
        default:
            return -1;
    }
}

// Loads one line segment [x0 - r, x0 + XT + r) of row `row` into tile (XT + 2r floats).
__device__ __forceinline__ void load_row(const float* __restrict__ in, float* tile, size_t row, int nx, int x0,
                                         int r, int mode, float cval) {
    const float* src = in + row * (size_t) nx;
    for (int j = threadIdx.x; j < XT + 2 * r; j += XT) {
        int m = map_index(x0 - r + j, nx, mode);
        tile[j] = m < 0 ? cval : src[m];
    }
}

__device__ __forceinline__ float correlate(const float* tile, int c, int stride, const float* w, int r) {
    float acc = w[0] * tile[c * stride];
    for (int k = 1; k <= r; k++) {
        acc = fmaf(w[k], tile[(c - k) * stride] + tile[(c + k) * stride], acc);
    }
    return acc;
}

// Gaussian along x: out = in correlated with w[0..r] along x. Grid: (ceil(nx / XT), rows / XR), block (XT, XR).
// Dynamic shared memory: (r + 1 + XR * (XT + 2r)) floats.
extern "C" __global__ void gauss_x(const float* __restrict__ in, float* __restrict__ out, int nx, long long rows,
                                   const float* __restrict__ weights, int r, int mode, float cval) {
    extern __shared__ float smem[];
    float* w = smem;
    float* tile = smem + r + 1 + threadIdx.y * (XT + 2 * r);
    for (int k = threadIdx.y * XT + threadIdx.x; k <= r; k += XT * XR) w[k] = weights[k];
    int x0 = blockIdx.x * XT;
    for (long long row = (long long) blockIdx.y * XR + threadIdx.y; row - threadIdx.y < rows;
         row += (long long) gridDim.y * XR) {
        __syncthreads();
        if (row < rows) load_row(in, tile, (size_t) row, nx, x0, r, mode, cval);
        __syncthreads();
        int x = x0 + threadIdx.x;
        if (row < rows && x < nx) out[(size_t) row * nx + x] = correlate(tile, threadIdx.x + r, 1, w, r);
    }
}

// The fused last pass of the DoG: out = sign * ((a along x with wa) - (b along x with wb)), each rounded to
// float32 before the subtraction. Same grid as gauss_x; shared memory ra + rb + 2 + XR * (2 XT + 2 ra + 2 rb).
extern "C" __global__ void dog_x(const float* __restrict__ a, const float* __restrict__ b, float* __restrict__ out,
                                 int nx, long long rows, const float* __restrict__ wa, int ra,
                                 const float* __restrict__ wb, int rb, int mode, float cval, float sign) {
    extern __shared__ float smem[];
    float* swa = smem;
    float* swb = swa + ra + 1;
    float* ta = swb + rb + 1 + threadIdx.y * (2 * XT + 2 * ra + 2 * rb);
    float* tb = ta + XT + 2 * ra;
    for (int k = threadIdx.y * XT + threadIdx.x; k <= ra; k += XT * XR) swa[k] = wa[k];
    for (int k = threadIdx.y * XT + threadIdx.x; k <= rb; k += XT * XR) swb[k] = wb[k];
    int x0 = blockIdx.x * XT;
    for (long long row = (long long) blockIdx.y * XR + threadIdx.y; row - threadIdx.y < rows;
         row += (long long) gridDim.y * XR) {
        __syncthreads();
        if (row < rows) {
            load_row(a, ta, (size_t) row, nx, x0, ra, mode, cval);
            load_row(b, tb, (size_t) row, nx, x0, rb, mode, cval);
        }
        __syncthreads();
        int x = x0 + threadIdx.x;
        if (row < rows && x < nx) {
            float ga = correlate(ta, threadIdx.x + ra, 1, swa, ra);
            float gb = correlate(tb, threadIdx.x + rb, 1, swb, rb);
            float d = ga - gb;
            out[(size_t) row * nx + x] = sign < 0 ? -d : d;
        }
    }
}

// Gaussian along a column axis (y or z). Position along the axis p in [0, n), step `axisStride` voxels; the
// other axis o in [0, others), step `otherStride`. Grid: (ceil(nx / CX), ceil(n / (CY CP)), min(others, 65535)),
// block (CX, CY). Shared memory: r + 1 + (CY CP + 2r) CX floats.
extern "C" __global__ void gauss_col(const float* __restrict__ in, float* __restrict__ out, int nx, int n,
                                     long long axisStride, int others, long long otherStride,
                                     const float* __restrict__ weights, int r, int mode, float cval, float shift) {
    extern __shared__ float smem[];
    float* w = smem;
    float* tile = smem + r + 1;
    const int rowsTile = CY * CP + 2 * r;
    for (int k = threadIdx.y * CX + threadIdx.x; k <= r; k += CX * CY) w[k] = weights[k];
    int x = blockIdx.x * CX + threadIdx.x;
    int p0 = blockIdx.y * (CY * CP);
    for (int o = blockIdx.z; o < others; o += gridDim.z) {
        const float* src = in + (size_t) o * otherStride;
        float* dst = out + (size_t) o * otherStride;
        __syncthreads();
        for (int j = threadIdx.y; j < rowsTile; j += CY) {
            int m = map_index(p0 - r + j, n, mode);
            tile[j * CX + threadIdx.x] = (m < 0 || x >= nx) ? cval : src[(size_t) m * axisStride + x] - shift;
        }
        __syncthreads();
        if (x < nx) {
            for (int q = 0; q < CP; q++) {
                int lp = threadIdx.y + q * CY;
                int p = p0 + lp;
                if (p < n) dst[(size_t) p * axisStride + x] = correlate(tile + threadIdx.x, lp + r, CX, w, r);
            }
        }
    }
}

// Local maxima of v (26-neighbourhood, neighbours inside the volume only; NaN in the tile marks outside and
// compares false both ways, as a missing neighbour). Appends (index, value) pairs at an atomic counter; writes
// only the first `capacity`, counts all. Grid (ceil(nx/MX), ceil(ny/MY), ceil(nz/MZ)), block (MX, MY, MZ).
extern "C" __global__ void local_max(const float* __restrict__ v, int nx, int ny, int nz, double threshold,
                                     unsigned int* __restrict__ count, int* __restrict__ indices,
                                     float* __restrict__ values, unsigned int capacity) {
    __shared__ float tile[MZ + 2][MY + 2][MX + 2];
    const float nan = __int_as_float(0x7fc00000);
    int bx = blockIdx.x * MX - 1;
    int by = blockIdx.y * MY - 1;
    int bz = blockIdx.z * MZ - 1;
    int t = threadIdx.x + MX * (threadIdx.y + MY * threadIdx.z);
    const int total = (MX + 2) * (MY + 2) * (MZ + 2);
    for (int j = t; j < total; j += MX * MY * MZ) {
        int lx = j % (MX + 2);
        int ly = (j / (MX + 2)) % (MY + 2);
        int lz = j / ((MX + 2) * (MY + 2));
        int gx = bx + lx;
        int gy = by + ly;
        int gz = bz + lz;
        bool inside = gx >= 0 && gx < nx && gy >= 0 && gy < ny && gz >= 0 && gz < nz;
        tile[lz][ly][lx] = inside ? v[(size_t) gx + (size_t) nx * ((size_t) gy + (size_t) ny * gz)] : nan;
    }
    __syncthreads();
    int x = bx + 1 + threadIdx.x;
    int y = by + 1 + threadIdx.y;
    int z = bz + 1 + threadIdx.z;
    if (x >= nx || y >= ny || z >= nz) return;
    float c = tile[threadIdx.z + 1][threadIdx.y + 1][threadIdx.x + 1];
    if (!((double) c >= threshold)) return;
    bool aboveOne = false;
    for (int dz = 0; dz < 3; dz++) {
        for (int dy = 0; dy < 3; dy++) {
            for (int dx = 0; dx < 3; dx++) {
                float w = tile[threadIdx.z + dz][threadIdx.y + dy][threadIdx.x + dx];
                if (w > c) return;
                aboveOne |= w < c;
            }
        }
    }
    if (!aboveOne) return;
    unsigned int slot = atomicAdd(count, 1u);
    if (slot < capacity) {
        indices[slot] = (int) ((size_t) x + (size_t) nx * ((size_t) y + (size_t) ny * z));
        values[slot] = c;
    }
}

// out[j] = in[j * step] for j in [0, count).
extern "C" __global__ void gather(const float* __restrict__ in, float* __restrict__ out, long long step,
                                  long long count) {
    for (long long j = (long long) blockIdx.x * blockDim.x + threadIdx.x; j < count;
         j += (long long) gridDim.x * blockDim.x) {
        out[j] = in[j * step];
    }
}
