package org.cryomine.core.pick;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.cryomine.core.Volume;
import org.junit.jupiter.api.Test;

/**
 * {@link PeakFinder#localMaxima} (separable 3x3x3 maximum, then confirmation) against the direct
 * 26-neighbour scan it replaced, written out here: identical peaks, in the same order.
 */
class PeakFinderTest {

    /** The definition: v >= threshold, v >= every neighbour inside, v > at least one (NaN compares false). */
    static List<Peak> direct(Volume v, double threshold) {
        int nx = v.nx();
        int ny = v.ny();
        int nz = v.nz();
        float[] d = v.data();
        List<Peak> out = new ArrayList<>();
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    float c = d[x + nx * (y + ny * z)];
                    if (!(c >= threshold)) {
                        continue;
                    }
                    boolean max = true;
                    boolean above = false;
                    for (int dz = -1; dz <= 1; dz++) {
                        for (int dy = -1; dy <= 1; dy++) {
                            for (int dx = -1; dx <= 1; dx++) {
                                int xx = x + dx;
                                int yy = y + dy;
                                int zz = z + dz;
                                if (xx < 0 || yy < 0 || zz < 0 || xx >= nx || yy >= ny || zz >= nz) {
                                    continue;
                                }
                                float w = d[xx + nx * (yy + ny * zz)];
                                max &= !(w > c);
                                above |= w < c;
                            }
                        }
                    }
                    if (max && above) {
                        out.add(new Peak(x, y, z, c));
                    }
                }
            }
        }
        return out;
    }

    /** Values from a few levels, so that ties and plateaus are common; some NaN and infinities when asked. */
    private static Volume quantized(int nx, int ny, int nz, int levels, boolean specials, long seed) {
        Random r = new Random(seed);
        float[] d = new float[nx * ny * nz];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextInt(levels);
            if (specials) {
                int s = r.nextInt(40);
                if (s == 0) {
                    d[i] = Float.NaN;
                } else if (s == 1) {
                    d[i] = Float.NEGATIVE_INFINITY;
                } else if (s == 2) {
                    d[i] = Float.POSITIVE_INFINITY;
                } else if (s == 3) {
                    d[i] = -0.0f;
                }
            }
        }
        return Volume.wrap(d, nx, ny, nz);
    }

    @Test
    void identicalToTheDirectScanOnRandomVolumesWithTiesEdgesAndSpecialValues() {
        int[][] shapes = {{1, 1, 1}, {2, 1, 1}, {1, 1, 5}, {7, 5, 3}, {16, 16, 16}, {33, 9, 21}, {3, 40, 2}, {50, 37, 13}};
        long seed = 1;
        int checkedPeaks = 0;
        for (int[] n : shapes) {
            for (int levels : new int[] {2, 3, 1000}) {
                for (boolean specials : new boolean[] {false, true}) {
                    Volume v = quantized(n[0], n[1], n[2], levels, specials, seed++);
                    for (double threshold : new double[] {Double.NEGATIVE_INFINITY, 1, levels - 1}) {
                        List<Peak> expected = direct(v, threshold);
                        checkedPeaks += expected.size();
                        for (int threads = 1; threads <= 3; threads++) {
                            assertThat(PeakFinder.localMaxima(v, threshold, threads))
                                    .as("shape %dx%dx%d, %d levels, specials %s, threshold %s, %d threads", n[0], n[1],
                                            n[2], levels, specials, threshold, threads)
                                    .containsExactlyElementsOf(expected);
                        }
                    }
                }
            }
        }
        assertThat(checkedPeaks).isGreaterThan(1000);
    }

    @Test
    void flatAndSmoothCases() {
        assertThat(PeakFinder.localMaxima(Volume.filled(9, 8, 7, 3f), Double.NEGATIVE_INFINITY, 2)).isEmpty();
        // a single bright voxel on a plateau, at a corner and inside
        Volume v = Volume.filled(10, 9, 8, 1f);
        v.data()[0] = 5;
        v.data()[4 + 10 * (4 + 9 * 4)] = 7;
        assertThat(PeakFinder.localMaxima(v, Double.NEGATIVE_INFINITY, 2))
                .containsExactly(new Peak(0, 0, 0, 5), new Peak(4, 4, 4, 7));
        Volume noise = Volume.gaussianNoise(40, 30, 20, 5);
        assertThat(PeakFinder.localMaxima(noise, 0.5, 2)).containsExactlyElementsOf(direct(noise, 0.5));
    }

    @Test
    void rejectsBadThreadCount() {
        assertThatThrownBy(() -> PeakFinder.localMaxima(Volume.zeros(2, 2, 2), 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threads");
    }
}
