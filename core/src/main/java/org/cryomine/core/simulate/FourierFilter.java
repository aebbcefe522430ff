package org.cryomine.core.simulate;

import org.cryomine.core.VoxelSize;

/**
 * The real, centro-symmetric Fourier-space transfer function of the simulated acquisition: the missing wedge
 * of a single-axis tilt series about y, and an optional Gaussian band-pass. Immutable.
 *
 * <p>Missing wedge: a tilt series over &plusmn;{@code tiltMax} about the y axis measures the central planes
 * perpendicular to the beam at each tilt, i.e. every frequency (fx, fy, fz) with
 * {@code |fz| <= tan(tiltMax) |fx|}; the rest (a wedge about the fz axis, half-angle 90&deg; - tiltMax) is
 * zero. Frequencies are physical (cycles/Å), so anisotropic voxels are handled.
 *
 * @param tiltMaxDegrees largest tilt in degrees (0 &lt; t &le; 90; 90 = no wedge)
 * @param lowPassAngst   resolution (Å) of a Gaussian low-pass {@code exp(-f^2 / (2 fc^2))}, fc = 1/res; NaN = none
 * @param highPassAngst  resolution (Å) of a Gaussian high-pass {@code 1 - exp(-f^2 / (2 fc^2))}; NaN = none
 */
record FourierFilter(double tiltMaxDegrees, double lowPassAngst, double highPassAngst) {

    FourierFilter {
        if (!(tiltMaxDegrees > 0 && tiltMaxDegrees <= 90)) {
            throw new IllegalArgumentException("tilt range must be in (0, 90] degrees, got " + tiltMaxDegrees);
        }
    }

    boolean isIdentity() {
        return tiltMaxDegrees >= 90 && Double.isNaN(lowPassAngst) && Double.isNaN(highPassAngst);
    }

    /** True when frequency (fx, fz) in any consistent unit lies in the missing wedge. */
    boolean inWedge(double fx, double fz) {
        if (tiltMaxDegrees >= 90) {
            return false;
        }
        return Math.abs(fz) > Math.tan(Math.toRadians(tiltMaxDegrees)) * Math.abs(fx) + 1e-12;
    }

    /** Multiplies the spectrum (re, im) of an nx x ny x nz volume by the transfer function, in place. */
    void apply(float[] re, float[] im, int nx, int ny, int nz, VoxelSize vs) {
        for (int z = 0; z < nz; z++) {
            double fz = Fft3d.frequency(z, nz) / (nz * vs.z());
            for (int y = 0; y < ny; y++) {
                double fy = Fft3d.frequency(y, ny) / (ny * vs.y());
                int base = nx * (y + ny * z);
                for (int x = 0; x < nx; x++) {
                    double fx = Fft3d.frequency(x, nx) / (nx * vs.x());
                    double h = gain(fx, fy, fz);
                    re[base + x] *= (float) h;
                    im[base + x] *= (float) h;
                }
            }
        }
    }

    /**
     * Filters the spectrum of {@code signal + i noise} (both real volumes packed in one complex FFT): the signal
     * part by this filter times the CTF, the noise part by this filter alone. In place.
     */
    void applySplit(float[] re, float[] im, int nx, int ny, int nz, VoxelSize vs, Ctf ctf) {
        for (int z = 0; z < nz; z++) {
            int mz = (nz - z) % nz;
            double fz = Fft3d.frequency(z, nz) / (nz * vs.z());
            for (int y = 0; y < ny; y++) {
                int my = (ny - y) % ny;
                double fy = Fft3d.frequency(y, ny) / (ny * vs.y());
                for (int x = 0; x < nx; x++) {
                    int mx = (nx - x) % nx;
                    int k = x + nx * (y + ny * z);
                    int m = mx + nx * (my + ny * mz);
                    if (m < k) {
                        continue; // handled with its mirror
                    }
                    double fx = Fft3d.frequency(x, nx) / (nx * vs.x());
                    double g2 = gain(fx, fy, fz);
                    double g1 = g2 * ctf.gain(Math.sqrt(fx * fx + fy * fy + fz * fz));
                    double a = re[k];
                    double b = im[k];
                    double c = re[m];
                    double d = im[m];
                    // S_k = (Z_k + conj Z_m) / 2, N_k = (Z_k - conj Z_m) / 2i; Z'_k = g1 S_k + i g2 N_k
                    re[k] = (float) (g1 * (a + c) / 2 + g2 * (a - c) / 2);
                    im[k] = (float) (g1 * (b - d) / 2 + g2 * (b + d) / 2);
                    if (m != k) {
                        re[m] = (float) (g1 * (a + c) / 2 + g2 * (c - a) / 2);
                        im[m] = (float) (-g1 * (b - d) / 2 + g2 * (b + d) / 2);
                    }
                }
            }
        }
    }

    double gain(double fx, double fy, double fz) {
        if (inWedge(fx, fz)) {
            return 0;
        }
        double f2 = fx * fx + fy * fy + fz * fz;
        double h = 1;
        if (!Double.isNaN(lowPassAngst)) {
            double fc = 1 / lowPassAngst;
            h *= Math.exp(-f2 / (2 * fc * fc));
        }
        if (!Double.isNaN(highPassAngst)) {
            double fc = 1 / highPassAngst;
            h *= 1 - Math.exp(-f2 / (2 * fc * fc));
        }
        return h;
    }
}
