package org.cryomine.core.filter;

import org.cryomine.core.internal.Parallel;

/**
 * The straightforward implementation that the filters used before the cache-aware {@link VolumePasses}
 * (test oracle: double sums exactly as scipy.ndimage.correlate1d). One pass of a symmetric 1-D correlation (the kernel must be symmetric: w[r-k] == w[r+k]) along one axis of an x-fastest float32 volume, accumulated in
 * double and stored as float32 (as scipy.ndimage.correlate1d does for a float32 array).
 */
final class ReferenceConvolution {

    private ReferenceConvolution() {
    }

    /**
     * Correlates {@code in} with {@code weights} (length 2r+1, centre at index r) along {@code axis}
     * (0 = x, 1 = y, 2 = z) into {@code out}; {@code in} is not modified, {@code out} is overwritten.
     */
    static void pass(float[] in, float[] out, int nx, int ny, int nz, int axis, double[] weights,
                     BoundaryMode mode, double cval, int threads) {
        int rows = ny * nz;
        Parallel.forRange(rows, threads, (from, to) -> {
            double[] acc = new double[nx];
            double[] line = axis == 0 ? new double[nx + weights.length - 1] : null;
            for (int row = from; row < to; row++) {
                int y = row % ny;
                int z = row / ny;
                int base = row * nx;
                if (axis == 0) {
                    alongX(in, out, base, nx, weights, mode, cval, line);
                } else {
                    int r = weights.length / 2;
                    int n = axis == 1 ? ny : nz;
                    int pos = axis == 1 ? y : z;
                    // centre tap, then the symmetric pairs (w[r-k] == w[r+k]) summed first, as scipy does
                    double w0 = weights[r];
                    int c0 = mode.map(pos, n);
                    int centreBase = rowBase(axis, c0, y, z, nx, ny);
                    for (int x = 0; x < nx; x++) {
                        acc[x] = w0 * in[centreBase + x];
                    }
                    for (int k = 1; k <= r; k++) {
                        double w = weights[r + k];
                        int lo = mode.map(pos - k, n);
                        int hi = mode.map(pos + k, n);
                        if (lo < 0 || hi < 0) {
                            int inside = lo < 0 ? hi : lo;
                            if (inside < 0) {
                                double c = 2 * w * cval;
                                for (int x = 0; x < nx; x++) {
                                    acc[x] += c;
                                }
                                continue;
                            }
                            int b = rowBase(axis, inside, y, z, nx, ny);
                            for (int x = 0; x < nx; x++) {
                                acc[x] += w * (in[b + x] + cval);
                            }
                            continue;
                        }
                        int bl = rowBase(axis, lo, y, z, nx, ny);
                        int bh = rowBase(axis, hi, y, z, nx, ny);
                        for (int x = 0; x < nx; x++) {
                            acc[x] += w * ((double) in[bl + x] + in[bh + x]);
                        }
                    }
                    for (int x = 0; x < nx; x++) {
                        out[base + x] = (float) acc[x];
                    }
                }
            }
        });
    }

    private static int rowBase(int axis, int index, int y, int z, int nx, int ny) {
        return axis == 1 ? nx * (index + ny * z) : nx * (y + ny * index);
    }

    private static void alongX(float[] in, float[] out, int base, int nx, double[] weights, BoundaryMode mode,
                               double cval, double[] line) {
        int r = weights.length / 2;
        for (int i = 0; i < nx + 2 * r; i++) {
            int src = mode.map(i - r, nx);
            line[i] = src < 0 ? cval : in[base + src];
        }
        double w0 = weights[r];
        for (int x = 0; x < nx; x++) {
            int c = x + r;
            double s = w0 * line[c];
            for (int k = 1; k <= r; k++) {
                s += weights[r + k] * (line[c - k] + line[c + k]);
            }
            out[base + x] = (float) s;
        }
    }
}
