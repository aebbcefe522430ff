package org.cryomine.core.simulate;

/**
 * A complex 1-D FFT of any length: recursive mixed-radix decimation in time (radix 2 specialised, any other
 * prime factor by a direct butterfly), and Bluestein's algorithm when the length has a prime factor above
 * {@value #MAX_DIRECT_PRIME}. Forward transform {@code X[k] = sum_j x[j] exp(-2 pi i jk/n)}; the inverse
 * is scaled by 1/n. An instance is immutable and may be shared by threads; each thread needs its own
 * {@link Workspace}. Package-private.
 */
final class Fft {

    static final int MAX_DIRECT_PRIME = 61;

    private final int n;
    private final int[] factors;
    private final double[] cos;
    private final double[] sin;
    private final int maxFactor;
    // Bluestein
    private final Fft inner;
    private final double[] chirpRe;
    private final double[] chirpIm;
    private final double[] kernelRe;
    private final double[] kernelIm;

    /** Scratch arrays for one thread. */
    static final class Workspace {
        final double[] outRe;
        final double[] outIm;
        final double[] tRe;
        final double[] tIm;
        final double[] aRe;
        final double[] aIm;
        final Workspace inner;

        Workspace(Fft fft) {
            int len = fft.inner == null ? fft.n : fft.inner.n;
            outRe = new double[len];
            outIm = new double[len];
            tRe = new double[Math.max(fft.maxFactor, fft.inner == null ? 1 : fft.inner.maxFactor)];
            tIm = new double[tRe.length];
            aRe = fft.inner == null ? null : new double[len];
            aIm = fft.inner == null ? null : new double[len];
            inner = fft.inner == null ? null : new Workspace(fft.inner);
        }
    }

    Fft(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("FFT length must be at least 1, got " + n);
        }
        this.n = n;
        int[] f = factor(n);
        int largest = 1;
        for (int p : f) {
            largest = Math.max(largest, p);
        }
        if (largest > MAX_DIRECT_PRIME) {
            int m = Integer.highestOneBit(2 * n - 1);
            if (m < 2 * n - 1) {
                m <<= 1;
            }
            inner = new Fft(m);
            factors = null;
            cos = null;
            sin = null;
            maxFactor = 1;
            chirpRe = new double[n];
            chirpIm = new double[n];
            for (int k = 0; k < n; k++) {
                long k2 = ((long) k * k) % (2L * n);
                double a = -Math.PI * k2 / n;
                chirpRe[k] = Math.cos(a);
                chirpIm[k] = Math.sin(a);
            }
            kernelRe = new double[m];
            kernelIm = new double[m];
            for (int k = 0; k < n; k++) {
                kernelRe[k] = chirpRe[k];
                kernelIm[k] = -chirpIm[k];
                if (k > 0) {
                    kernelRe[m - k] = chirpRe[k];
                    kernelIm[m - k] = -chirpIm[k];
                }
            }
            inner.forward(kernelRe, kernelIm, new Workspace(inner));
        } else {
            inner = null;
            chirpRe = null;
            chirpIm = null;
            kernelRe = null;
            kernelIm = null;
            factors = f;
            maxFactor = largest;
            cos = new double[n];
            sin = new double[n];
            for (int k = 0; k < n; k++) {
                double a = -2 * Math.PI * k / n;
                cos[k] = Math.cos(a);
                sin[k] = Math.sin(a);
            }
        }
    }

    int length() {
        return n;
    }

    private static int[] factor(int n) {
        java.util.List<Integer> f = new java.util.ArrayList<>();
        int m = n;
        for (int p = 2; (long) p * p <= m; p++) {
            while (m % p == 0) {
                f.add(p);
                m /= p;
            }
        }
        if (m > 1) {
            f.add(m);
        }
        return f.stream().mapToInt(Integer::intValue).toArray();
    }

    /** In-place forward transform of (re, im), each of length n. */
    void forward(double[] re, double[] im, Workspace w) {
        if (n == 1) {
            return;
        }
        if (inner != null) {
            bluestein(re, im, w);
            return;
        }
        recurse(re, im, 0, 1, w.outRe, w.outIm, 0, n, 0, w);
        System.arraycopy(w.outRe, 0, re, 0, n);
        System.arraycopy(w.outIm, 0, im, 0, n);
    }

    /** In-place inverse transform (scaled by 1/n). */
    void inverse(double[] re, double[] im, Workspace w) {
        for (int i = 0; i < n; i++) {
            im[i] = -im[i];
        }
        forward(re, im, w);
        double s = 1.0 / n;
        for (int i = 0; i < n; i++) {
            re[i] *= s;
            im[i] = -im[i] * s;
        }
    }

    private void recurse(double[] inRe, double[] inIm, int inOff, int stride, double[] outRe, double[] outIm, int outOff,
                         int len, int fi, Workspace w) {
        int p = factors[fi];
        int m = len / p;
        if (m == 1) {
            for (int j = 0; j < p; j++) {
                outRe[outOff + j] = inRe[inOff + j * stride];
                outIm[outOff + j] = inIm[inOff + j * stride];
            }
        } else {
            for (int j = 0; j < p; j++) {
                recurse(inRe, inIm, inOff + j * stride, stride * p, outRe, outIm, outOff + j * m, m, fi + 1, w);
            }
        }
        int twStep = n / len;
        if (p == 2) {
            for (int k = 0; k < m; k++) {
                int i0 = outOff + k;
                int i1 = i0 + m;
                double c = cos[k * twStep];
                double s = sin[k * twStep];
                double bRe = outRe[i1] * c - outIm[i1] * s;
                double bIm = outRe[i1] * s + outIm[i1] * c;
                double aRe = outRe[i0];
                double aIm = outIm[i0];
                outRe[i0] = aRe + bRe;
                outIm[i0] = aIm + bIm;
                outRe[i1] = aRe - bRe;
                outIm[i1] = aIm - bIm;
            }
            return;
        }
        double[] tRe = w.tRe;
        double[] tIm = w.tIm;
        int pStep = n / p;
        for (int k = 0; k < m; k++) {
            for (int j = 0; j < p; j++) {
                int i = outOff + j * m + k;
                int e = j * k * twStep;
                double c = cos[e];
                double s = sin[e];
                tRe[j] = outRe[i] * c - outIm[i] * s;
                tIm[j] = outRe[i] * s + outIm[i] * c;
            }
            for (int q = 0; q < p; q++) {
                double sr = 0;
                double si = 0;
                for (int j = 0; j < p; j++) {
                    int e = ((j * q) % p) * pStep;
                    double c = cos[e];
                    double s = sin[e];
                    sr += tRe[j] * c - tIm[j] * s;
                    si += tRe[j] * s + tIm[j] * c;
                }
                outRe[outOff + k + q * m] = sr;
                outIm[outOff + k + q * m] = si;
            }
        }
    }

    private void bluestein(double[] re, double[] im, Workspace w) {
        int m = inner.n;
        double[] aRe = w.aRe;
        double[] aIm = w.aIm;
        java.util.Arrays.fill(aRe, 0);
        java.util.Arrays.fill(aIm, 0);
        for (int k = 0; k < n; k++) {
            aRe[k] = re[k] * chirpRe[k] - im[k] * chirpIm[k];
            aIm[k] = re[k] * chirpIm[k] + im[k] * chirpRe[k];
        }
        inner.forward(aRe, aIm, w.inner);
        for (int k = 0; k < m; k++) {
            double r = aRe[k] * kernelRe[k] - aIm[k] * kernelIm[k];
            double i = aRe[k] * kernelIm[k] + aIm[k] * kernelRe[k];
            aRe[k] = r;
            aIm[k] = i;
        }
        inner.inverse(aRe, aIm, w.inner);
        for (int k = 0; k < n; k++) {
            re[k] = aRe[k] * chirpRe[k] - aIm[k] * chirpIm[k];
            im[k] = aRe[k] * chirpIm[k] + aIm[k] * chirpRe[k];
        }
    }
}
