// Runs the kernels of src/main/cuda/dog.cu on the CPU for checking without a GPU (cuda/emulate-kernels.sh):
// each block's threads are std::threads meeting at a std::barrier for __syncthreads, one block at a time, so
// shared memory is a static; launch geometry as in CudaDogComputation. Slow (seconds per small volume).
// Reads a job (little-endian: nx ny nz mode sign, smoothing radius or -1 and weights, ra and weights, rb and
// weights, threshold as double, the volume, the shift as float) and writes the signed response, then the count and the sorted
// indices of its local maxima. dog_emu.inc is dog.cu with "extern __shared__" and "__shared__" rewritten.
#include <barrier>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>
#include <vector>
#include <algorithm>
struct dim3 { unsigned x = 1, y = 1, z = 1; };
static dim3 gridDim, blockDim, blockIdx;
static thread_local dim3 threadIdx;
static std::barrier<>* bar;
static float* dyn_shared;
#define __global__
#define __device__
#define __forceinline__ inline
#define __restrict__
#define __syncthreads() bar->arrive_and_wait()
inline float __int_as_float(int i) { float f; memcpy(&f, &i, 4); return f; }
inline unsigned atomicAdd(unsigned* p, unsigned v) { return __atomic_fetch_add(p, v, __ATOMIC_SEQ_CST); }
#include "dog_emu.inc"

template <class F> void launch(dim3 g, dim3 b, size_t shmem, F f) {
    gridDim = g; blockDim = b;
    std::vector<float> sh(shmem / 4 + 1, NAN);
    dyn_shared = sh.data();
    int T = b.x * b.y * b.z;
    std::barrier<> br(T);
    bar = &br;
    std::vector<std::thread> ts;
    for (int t = 0; t < T; t++) {
        ts.emplace_back([&, t] {
            threadIdx = dim3{(unsigned) (t % b.x), (unsigned) ((t / b.x) % b.y), (unsigned) (t / (b.x * b.y))};
            for (unsigned bz = 0; bz < g.z; bz++)
                for (unsigned by = 0; by < g.y; by++)
                    for (unsigned bx = 0; bx < g.x; bx++) {
                        br.arrive_and_wait();
                        if (t == 0) blockIdx = dim3{bx, by, bz};
                        br.arrive_and_wait();
                        f();
                        br.arrive_and_wait();
                    }
        });
    }
    for (auto& th : ts) th.join();
}

static const int MAXG = 65535;
static int nx, ny, nz;
static std::vector<float> readf(FILE* f, size_t n) { std::vector<float> v(n); if (fread(v.data(), 4, n, f) != n) exit(3); return v; }
static int readi(FILE* f) { int v; if (fread(&v, 4, 1, f) != 1) exit(3); return v; }

static void column(const float* in, float* out, const float* w, int r, int mode, int axis, float cval, float shift) {
    int n = axis == 1 ? ny : nz;
    int others = axis == 1 ? nz : ny;
    long long axisStride = axis == 1 ? nx : (long long) nx * ny;
    long long otherStride = axis == 1 ? (long long) nx * ny : nx;
    dim3 g{(unsigned) ((nx + CX - 1) / CX), (unsigned) ((n + CY * CP - 1) / (CY * CP)), (unsigned) std::min(others, MAXG)};
    launch(g, dim3{CX, CY, 1}, 4 * (r + 1 + (CY * CP + 2 * r) * CX),
           [&] { gauss_col(in, out, nx, n, axisStride, others, otherStride, w, r, mode, cval, shift); });
}
static dim3 rowGrid() {
    long long rows = (long long) ny * nz;
    return dim3{(unsigned) ((nx + XT - 1) / XT), (unsigned) std::min<long long>((rows + XR - 1) / XR, MAXG), 1};
}
int main(int argc, char** argv) {
    FILE* f = fopen(argv[1], "rb");
    nx = readi(f); ny = readi(f); nz = readi(f);
    int mode = readi(f), sign = readi(f);
    int rs = readi(f); std::vector<float> ws = rs >= 0 ? readf(f, rs + 1) : std::vector<float>();
    int ra = readi(f); std::vector<float> wa = readf(f, ra + 1);
    int rb = readi(f); std::vector<float> wb = readf(f, rb + 1);
    double threshold; if (fread(&threshold, 8, 1, f) != 1) exit(3);
    size_t N = (size_t) nx * ny * nz;
    std::vector<float> a = readf(f, N), b(N), c(N), d(N);
    float shift;
    if (fread(&shift, 4, 1, f) != 1) exit(3);
    fclose(f);
    float cval = -shift;
    if (rs >= 0) {
        column(a.data(), b.data(), ws.data(), rs, mode, 2, cval, shift);
        column(b.data(), c.data(), ws.data(), rs, mode, 1, cval, 0.f);
        launch(rowGrid(), dim3{XT, XR, 1}, 4 * (rs + 1 + XR * (XT + 2 * rs)),
               [&] { gauss_x(c.data(), a.data(), nx, (long long) ny * nz, ws.data(), rs, mode, cval); });
        shift = 0.f;
    }
    column(a.data(), b.data(), wa.data(), ra, mode, 2, cval, shift);
    column(b.data(), c.data(), wa.data(), ra, mode, 1, cval, 0.f);
    column(a.data(), b.data(), wb.data(), rb, mode, 2, cval, shift);
    column(b.data(), d.data(), wb.data(), rb, mode, 1, cval, 0.f);
    launch(rowGrid(), dim3{XT, XR, 1}, 4 * (ra + rb + 2 + XR * (2 * XT + 2 * ra + 2 * rb)),
           [&] { dog_x(c.data(), d.data(), a.data(), nx, (long long) ny * nz, wa.data(), ra, wb.data(), rb, mode, cval, (float) sign); });
    unsigned count = 0;
    unsigned cap = (unsigned) N;
    std::vector<int> idx(cap);
    std::vector<float> val(cap);
    launch(dim3{(unsigned) (nx + 31) / 32, (unsigned) (ny + 7) / 8, (unsigned) (nz + 3) / 4}, dim3{32, 8, 4}, 0,
           [&] { local_max(a.data(), nx, ny, nz, threshold, &count, idx.data(), val.data(), cap); });
    FILE* o = fopen(argv[2], "wb");
    fwrite(a.data(), 4, N, o);
    std::vector<int> s(idx.begin(), idx.begin() + std::min(count, cap));
    std::sort(s.begin(), s.end());
    int n = (int) s.size();
    fwrite(&n, 4, 1, o);
    fwrite(s.data(), 4, n, o);
    fclose(o);
    return 0;
}
