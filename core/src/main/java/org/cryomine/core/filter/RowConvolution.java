package org.cryomine.core.filter;

/**
 * The inner loop of every Gaussian pass: one output row of a symmetric 1-D correlation across a stack of
 * rows, {@code out[x] = w[0] row(j)[x] + sum_k w[k] (row(j-k)[x] + row(j+k)[x])}, where {@code row(i)} is
 * the row the {@link BoundaryMode} maps position {@code i} to (or a row of the constant). Every array is
 * indexed by the loop variable alone, with no offset, which is the shape HotSpot C2 (Java 17) turns into
 * SIMD code; two taps are summed per sweep over the row to save loads and stores (with more
 * streams per loop C2 stops vectorising). Sums run in float32,
 * in scipy's order (centre tap, then the symmetric pairs outwards). Package-private.
 */
final class RowConvolution {

    private final float[] half;
    private final BoundaryMode mode;
    private final float cval;

    /**
     * @param kernel the full symmetric kernel (length 2r+1, centre at r), as {@link GaussianFilter#kernel}
     * @param cval the value outside the volume for {@link BoundaryMode#CONSTANT}
     */
    RowConvolution(double[] kernel, BoundaryMode mode, double cval) {
        int r = kernel.length / 2;
        half = new float[r + 1];
        for (int k = 0; k <= r; k++) {
            half[k] = (float) kernel[r + k];
        }
        this.mode = mode;
        this.cval = (float) cval;
    }

    int radius() {
        return half.length - 1;
    }

    /** A row of the boundary constant, length {@code len}, for {@link #apply}'s {@code constant}. */
    float[] constantRow(int len) {
        float[] c = new float[len];
        java.util.Arrays.fill(c, cval);
        return c;
    }

    /**
     * Writes output row {@code j} of the correlation across {@code rows[0..n)} into {@code out} (its first
     * {@code len} elements; every row has at least {@code len}). {@code constant} is {@link #constantRow}
     * (read only for {@link BoundaryMode#CONSTANT}). {@code rows} are not modified; {@code out} must not be
     * one of them.
     */
    void apply(float[][] rows, int n, int j, float[] constant, float[] out, int len) {
        float[] c = row(rows, j, n, constant);
        float w0 = half[0];
        for (int x = 0; x < len; x++) {
            out[x] = w0 * c[x];
        }
        continueFrom(1, rows, n, j, constant, out, len);
    }

    /**
     * {@link #apply} of {@code p} into {@code outP} and of {@code q} into {@code outQ} in one sweep, sharing
     * the loads and the pair sums of the taps both kernels have (the two Gaussians of a DoG read the same
     * rows); each output's sums run in the same order as {@link #apply}'s (centre, then the pairs outwards).
     * The two must share boundary mode and constant.
     */
    static void applyBoth(RowConvolution p, RowConvolution q, float[][] rows, int n, int j, float[] constant,
                          float[] outP, float[] outQ, int len) {
        if (p.radius() > q.radius()) {
            applyBoth(q, p, rows, n, j, constant, outQ, outP, len);
            return;
        }
        float[] c = p.row(rows, j, n, constant);
        float p0 = p.half[0];
        float q0 = q.half[0];
        for (int x = 0; x < len; x++) {
            outP[x] = p0 * c[x];
            outQ[x] = q0 * c[x];
        }
        int r = p.radius();
        int k = 1;
        for (; k + 1 <= r; k += 2) {
            float[] a1 = p.row(rows, j - k, n, constant);
            float[] b1 = p.row(rows, j + k, n, constant);
            float[] a2 = p.row(rows, j - k - 1, n, constant);
            float[] b2 = p.row(rows, j + k + 1, n, constant);
            float p1 = p.half[k];
            float p2 = p.half[k + 1];
            float q1 = q.half[k];
            float q2 = q.half[k + 1];
            for (int x = 0; x < len; x++) {
                float s1 = a1[x] + b1[x];
                float s2 = a2[x] + b2[x];
                outP[x] = outP[x] + p1 * s1 + p2 * s2;
                outQ[x] = outQ[x] + q1 * s1 + q2 * s2;
            }
        }
        for (; k <= r; k++) {
            float[] a = p.row(rows, j - k, n, constant);
            float[] b = p.row(rows, j + k, n, constant);
            float pk = p.half[k];
            float qk = q.half[k];
            for (int x = 0; x < len; x++) {
                float s = a[x] + b[x];
                outP[x] = outP[x] + pk * s;
                outQ[x] = outQ[x] + qk * s;
            }
        }
        q.continueFrom(r + 1, rows, n, j, constant, outQ, len);
    }

    /** Adds taps {@code from..r} to {@code out}, as the tail of {@link #apply}. */
    private void continueFrom(int from, float[][] rows, int n, int j, float[] constant, float[] out, int len) {
        int r = half.length - 1;
        int k = from;
        for (; k + 1 <= r; k += 2) {
            float[] a1 = row(rows, j - k, n, constant);
            float[] b1 = row(rows, j + k, n, constant);
            float[] a2 = row(rows, j - k - 1, n, constant);
            float[] b2 = row(rows, j + k + 1, n, constant);
            float w1 = half[k];
            float w2 = half[k + 1];
            for (int x = 0; x < len; x++) {
                out[x] = out[x] + w1 * (a1[x] + b1[x]) + w2 * (a2[x] + b2[x]);
            }
        }
        for (; k <= r; k++) {
            float[] a = row(rows, j - k, n, constant);
            float[] b = row(rows, j + k, n, constant);
            float w = half[k];
            for (int x = 0; x < len; x++) {
                out[x] = out[x] + w * (a[x] + b[x]);
            }
        }
    }

    private float[] row(float[][] rows, int i, int n, float[] constant) {
        int m = mode.map(i, n);
        return m < 0 ? constant : rows[m];
    }
}
