package org.cryomine.core.simulate;

import org.cryomine.core.internal.Parallel;

/**
 * In-place 3-D complex FFT of float arrays (x fastest), computed line by line in double with {@link Fft}.
 * Lines along y and z are gathered a plane at a time so that memory is read contiguously. Package-private.
 */
final class Fft3d {

    private Fft3d() {
    }

    /** Forward (inverse = false) or inverse (scaled by 1/N) transform of (re, im) in place. */
    static void transform(float[] re, float[] im, int nx, int ny, int nz, boolean inverse, int threads) {
        Fft fx = new Fft(nx);
        Fft fy = new Fft(ny);
        Fft fz = new Fft(nz);
        // x lines: contiguous
        Parallel.forRange(ny * nz, threads, (from, to) -> {
            Fft.Workspace w = new Fft.Workspace(fx);
            double[] lr = new double[nx];
            double[] li = new double[nx];
            for (int row = from; row < to; row++) {
                int base = row * nx;
                for (int x = 0; x < nx; x++) {
                    lr[x] = re[base + x];
                    li[x] = im[base + x];
                }
                run(fx, lr, li, w, inverse);
                for (int x = 0; x < nx; x++) {
                    re[base + x] = (float) lr[x];
                    im[base + x] = (float) li[x];
                }
            }
        });
        // y lines, one z-plane at a time
        if (ny > 1) {
            Parallel.forRange(nz, threads, (from, to) -> {
                Fft.Workspace w = new Fft.Workspace(fy);
                double[] pr = new double[nx * ny];
                double[] pi = new double[nx * ny];
                double[] lr = new double[ny];
                double[] li = new double[ny];
                for (int z = from; z < to; z++) {
                    int base = nx * ny * z;
                    for (int i = 0; i < nx * ny; i++) {
                        pr[i] = re[base + i];
                        pi[i] = im[base + i];
                    }
                    for (int x = 0; x < nx; x++) {
                        for (int y = 0; y < ny; y++) {
                            lr[y] = pr[x + nx * y];
                            li[y] = pi[x + nx * y];
                        }
                        run(fy, lr, li, w, inverse);
                        for (int y = 0; y < ny; y++) {
                            pr[x + nx * y] = lr[y];
                            pi[x + nx * y] = li[y];
                        }
                    }
                    for (int i = 0; i < nx * ny; i++) {
                        re[base + i] = (float) pr[i];
                        im[base + i] = (float) pi[i];
                    }
                }
            });
        }
        // z lines, one y-row of x at a time
        if (nz > 1) {
            Parallel.forRange(ny, threads, (from, to) -> {
                Fft.Workspace w = new Fft.Workspace(fz);
                double[] br = new double[nx * nz];
                double[] bi = new double[nx * nz];
                double[] lr = new double[nz];
                double[] li = new double[nz];
                for (int y = from; y < to; y++) {
                    for (int z = 0; z < nz; z++) {
                        int base = nx * (y + ny * z);
                        for (int x = 0; x < nx; x++) {
                            br[x * nz + z] = re[base + x];
                            bi[x * nz + z] = im[base + x];
                        }
                    }
                    for (int x = 0; x < nx; x++) {
                        System.arraycopy(br, x * nz, lr, 0, nz);
                        System.arraycopy(bi, x * nz, li, 0, nz);
                        run(fz, lr, li, w, inverse);
                        System.arraycopy(lr, 0, br, x * nz, nz);
                        System.arraycopy(li, 0, bi, x * nz, nz);
                    }
                    for (int z = 0; z < nz; z++) {
                        int base = nx * (y + ny * z);
                        for (int x = 0; x < nx; x++) {
                            re[base + x] = (float) br[x * nz + z];
                            im[base + x] = (float) bi[x * nz + z];
                        }
                    }
                }
            });
        }
    }

    private static void run(Fft f, double[] re, double[] im, Fft.Workspace w, boolean inverse) {
        if (inverse) {
            f.inverse(re, im, w);
        } else {
            f.forward(re, im, w);
        }
    }

    /** Signed frequency index of position i of an n-point transform (0, 1, ..., -1). */
    static int frequency(int i, int n) {
        return i <= n / 2 ? i : i - n;
    }
}
