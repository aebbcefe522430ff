package org.cryomine.core.filter;

import org.cryomine.core.internal.Parallel;

/**
 * One pass of a symmetric 1-D correlation along one axis of an x-fastest float32 volume, accumulated in
 * double and stored as float32 (as scipy.ndimage.correlate1d does for a float32 array). Package-private.
 */
final class SeparableConvolution {

    private SeparableConvolution() {
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
                    java.util.Arrays.fill(acc, 0);
                    int r = weights.length / 2;
                    int n = axis == 1 ? ny : nz;
                    int pos = axis == 1 ? y : z;
                    for (int k = -r; k <= r; k++) {
                        double w = weights[k + r];
                        int src = mode.map(pos + k, n);
                        if (src < 0) {
                            double c = w * cval;
                            for (int x = 0; x < nx; x++) {
                                acc[x] += c;
                            }
                            continue;
                        }
                        int srcBase = axis == 1 ? nx * (src + ny * z) : nx * (y + ny * src);
                        for (int x = 0; x < nx; x++) {
                            acc[x] += w * in[srcBase + x];
                        }
                    }
                    for (int x = 0; x < nx; x++) {
                        out[base + x] = (float) acc[x];
                    }
                }
            }
        });
    }

    private static void alongX(float[] in, float[] out, int base, int nx, double[] weights, BoundaryMode mode,
                               double cval, double[] line) {
        int r = weights.length / 2;
        for (int i = 0; i < nx + 2 * r; i++) {
            int src = mode.map(i - r, nx);
            line[i] = src < 0 ? cval : in[base + src];
        }
        int size = weights.length;
        for (int x = 0; x < nx; x++) {
            double s = 0;
            for (int j = 0; j < size; j++) {
                s += weights[j] * line[x + j];
            }
            out[base + x] = (float) s;
        }
    }
}
