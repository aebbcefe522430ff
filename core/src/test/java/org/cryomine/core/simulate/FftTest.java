package org.cryomine.core.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Reference: the direct O(n^2) DFT definition X[k] = sum_j x[j] exp(-2 pi i jk / n). */
class FftTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 7, 12, 30, 48, 64, 67, 97, 120, 400})
    void matchesTheDirectDftAndInverts(int n) {
        SplittableRandom r = new SplittableRandom(n);
        double[] re = new double[n];
        double[] im = new double[n];
        for (int i = 0; i < n; i++) {
            re[i] = r.nextDouble() - 0.5;
            im[i] = r.nextDouble() - 0.5;
        }
        double[] r0 = re.clone();
        double[] i0 = im.clone();
        Fft fft = new Fft(n);
        Fft.Workspace w = new Fft.Workspace(fft);
        fft.forward(re, im, w);
        for (int k = 0; k < n; k++) {
            double sr = 0;
            double si = 0;
            for (int j = 0; j < n; j++) {
                double a = -2 * Math.PI * ((long) j * k % n) / n;
                sr += r0[j] * Math.cos(a) - i0[j] * Math.sin(a);
                si += r0[j] * Math.sin(a) + i0[j] * Math.cos(a);
            }
            assertThat(Math.abs(re[k] - sr) + Math.abs(im[k] - si)).isLessThan(1e-9 * n);
        }
        fft.inverse(re, im, w);
        for (int i = 0; i < n; i++) {
            assertThat(Math.abs(re[i] - r0[i]) + Math.abs(im[i] - i0[i])).isLessThan(1e-12 * n);
        }
    }

    @Test
    void threeDimensionalTransformOfAPlaneWaveIsOneSpike() {
        int nx = 12;
        int ny = 10;
        int nz = 6;
        float[] re = new float[nx * ny * nz];
        float[] im = new float[re.length];
        // exp(2 pi i (3x/nx + 2y/ny - 1z/nz)) transforms to N at frequency (3, 2, -1)
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    double a = 2 * Math.PI * (3.0 * x / nx + 2.0 * y / ny - 1.0 * z / nz);
                    re[x + nx * (y + ny * z)] = (float) Math.cos(a);
                    im[x + nx * (y + ny * z)] = (float) Math.sin(a);
                }
            }
        }
        float[] r0 = re.clone();
        Fft3d.transform(re, im, nx, ny, nz, false, 2);
        int spike = 3 + nx * (2 + ny * (nz - 1));
        for (int i = 0; i < re.length; i++) {
            double mag = Math.hypot(re[i], im[i]);
            if (i == spike) {
                assertThat(mag).isCloseTo(nx * ny * nz, org.assertj.core.data.Offset.offset(1e-2));
            } else {
                assertThat(mag).isLessThan(1e-2);
            }
        }
        Fft3d.transform(re, im, nx, ny, nz, true, 2);
        for (int i = 0; i < re.length; i++) {
            assertThat((double) re[i]).isCloseTo(r0[i], org.assertj.core.data.Offset.offset(1e-5));
        }
    }
}
