package org.cryomine.core.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.cryomine.core.testing.VolumeAssert.assertVolumeClose;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.cryomine.core.ProgressListener.CancelledException;
import org.cryomine.core.ProgressListener;
import org.cryomine.core.Volume;
import org.cryomine.core.VolumeStatistics;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * The cache-aware, float32-summing passes ({@link VolumePasses}) against the straightforward double-summing
 * implementation they replaced ({@link ReferenceConvolution}, which agrees with scipy 1.10.1: see
 * {@link GaussianFilterTest}), on shapes the scipy fixtures do not cover: odd sizes, axes shorter than the
 * kernel, single voxels, per-axis sigmas with zeros, every boundary mode, 1 to 3 threads.
 */
class FastFilterEquivalenceTest {

    private static final int[][] SHAPES = {{7, 5, 3}, {1, 1, 1}, {13, 1, 9}, {6, 4, 3}, {33, 17, 2}, {2, 29, 11}};

    private static Volume random(int nx, int ny, int nz, long seed) {
        Random r = new Random(seed);
        float[] d = new float[nx * ny * nz];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (r.nextGaussian() * 3 + 10);
        }
        return Volume.wrap(d, nx, ny, nz);
    }

    private static double tolerance(Volume v) {
        VolumeStatistics s = v.statistics();
        return 1e-5 * Math.max(s.max() - s.min(), 1);
    }

    /** The filter as it was: the z, y and x passes one after another, summing in double. */
    static Volume referenceGaussian(Volume in, double sx, double sy, double sz, double truncate, BoundaryMode mode,
                                    double cval) {
        float[] current = in.data().clone();
        double[] sigmas = {sx, sy, sz};
        for (int axis = 2; axis >= 0; axis--) {
            if (sigmas[axis] > 1e-15) {
                float[] out = new float[current.length];
                ReferenceConvolution.pass(current, out, in.nx(), in.ny(), in.nz(), axis,
                        GaussianFilter.kernel(sigmas[axis], truncate), mode, cval, 1);
                current = out;
            }
        }
        return Volume.wrap(current, in.nx(), in.ny(), in.nz());
    }

    static Volume referenceDog(Volume in, double sigma, double k, double smoothing, BoundaryMode mode) {
        Volume s = smoothing > 0 ? referenceGaussian(in, smoothing, smoothing, smoothing, 4, mode, 0) : in;
        float[] a = referenceGaussian(s, sigma, sigma, sigma, 4, mode, 0).data();
        float[] b = referenceGaussian(s, k * sigma, k * sigma, k * sigma, 4, mode, 0).data();
        for (int i = 0; i < a.length; i++) {
            a[i] = a[i] - b[i];
        }
        return Volume.wrap(a, in.nx(), in.ny(), in.nz());
    }

    @ParameterizedTest
    @EnumSource(BoundaryMode.class)
    void gaussianAgreesWithTheReferenceOnOddAndTinyShapes(BoundaryMode mode) {
        long seed = 1;
        for (int[] n : SHAPES) {
            Volume in = random(n[0], n[1], n[2], seed++);
            double[][] sigmas = {{1.3, 2.0, 0.8}, {3, 0, 2.5}, {0, 0, 1.5}, {2, 1, 0}, {0, 4, 0}, {1.2, 0, 0}, {0, 0, 0}};
            for (double[] s : sigmas) {
                Volume expected = referenceGaussian(in, s[0], s[1], s[2], 3.5, mode, 0.25);
                for (int threads = 1; threads <= 3; threads++) {
                    GaussianFilter f = GaussianFilter.of(s[0], s[1], s[2]).withTruncate(3.5).withMode(mode)
                            .withThreads(threads);
                    if (mode == BoundaryMode.CONSTANT) {
                        f = f.withConstant(0.25);
                    }
                    assertVolumeClose(expected, f.apply(in), tolerance(in));
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(BoundaryMode.class)
    void dogAgreesWithTheReferenceInEveryMode(BoundaryMode mode) {
        long seed = 100;
        for (int[] n : new int[][] {{23, 19, 17}, {6, 4, 3}, {40, 3, 1}}) {
            Volume in = random(n[0], n[1], n[2], seed++);
            for (double smoothing : new double[] {0, 2}) {
                Volume expected = referenceDog(in, 2.5, 1.1, smoothing, mode);
                for (int threads = 1; threads <= 2; threads++) {
                    Volume actual = DogFilter.of(2.5, 1.1).withSmoothing(smoothing).withMode(mode).withThreads(threads)
                            .apply(in);
                    assertVolumeClose(expected, actual, tolerance(in));
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(BoundaryMode.class)
    void negatedDogIsExactlyTheNegation(BoundaryMode mode) {
        Volume in = random(21, 14, 9, 11);
        for (double smoothing : new double[] {0, 1.5}) {
            DogFilter f = DogFilter.of(2, 1.3).withSmoothing(smoothing).withMode(mode).withThreads(2);
            float[] plain = f.apply(in).data();
            float[] negated = f.withNegation(true).apply(in).data();
            assertThat(f.withNegation(true).negated()).isTrue();
            int zeros = 0;
            for (int i = 0; i < plain.length; i++) {
                if (negated[i] != -plain[i]) { // == : +0 and -0 are the same value
                    throw new AssertionError("voxel " + i + ": " + negated[i] + " is not -" + plain[i]);
                }
                zeros += plain[i] == 0 ? 1 : 0;
            }
            assertThat(zeros).isLessThan(plain.length);
        }
    }

    @ParameterizedTest
    @EnumSource(value = BoundaryMode.class, names = {"REFLECT", "CONSTANT"})
    void aLargeOffsetDoesNotSwampTheDifference(BoundaryMode mode) {
        // noise of sd 10 on an offset of 10000 (a raw tomogram's counts): smoothing 2 leaves a DoG of rms ~0.02,
        // which float32 sums of values near 10000 (ulp 0.001) would blur; the filter subtracts the offset first
        Volume centred = Volume.gaussianNoise(40, 36, 30, 3);
        float[] raw = centred.data().clone();
        for (int i = 0; i < raw.length; i++) {
            centred.data()[i] *= 10;
            raw[i] = centred.data()[i] + 10000;
        }
        Volume expected = referenceDog(centred, 5, 1.1, 2, mode == BoundaryMode.CONSTANT ? BoundaryMode.NEAREST : mode);
        Volume actual = DogFilter.of(5, 1.1).withSmoothing(2).withMode(mode == BoundaryMode.CONSTANT
                ? BoundaryMode.NEAREST : mode).apply(Volume.wrap(raw, 40, 36, 30));
        double rms = Math.sqrt(java.util.Arrays.stream(toDouble(expected.data())).map(v -> v * v).average().orElse(0));
        assertThat(rms).isGreaterThan(0.005);
        assertVolumeClose(expected, actual, 1e-3 * rms);
        if (mode == BoundaryMode.CONSTANT) {
            // with 0 outside, the offset is part of the signal (a step of 10000 at the faces): the result must
            // equal the reference's to within the float32 precision of that step, 1e-6 of it
            Volume in = Volume.wrap(raw, 40, 36, 30);
            Volume ref = referenceDog(in, 5, 1.1, 2, BoundaryMode.CONSTANT);
            assertVolumeClose(ref, DogFilter.of(5, 1.1).withSmoothing(2).withMode(BoundaryMode.CONSTANT).apply(in),
                    1e-6 * 10000);
        }
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    @Test
    void dogDoesNotModifyItsInputAndKeepsMetadata() {
        Volume in = random(20, 18, 16, 7).withVoxelSize(org.cryomine.core.VoxelSize.isotropic(3.5));
        float[] before = in.data().clone();
        for (double smoothing : new double[] {0, 1.5}) {
            Volume out = DogFilter.of(2, 1.2).withSmoothing(smoothing).apply(in);
            assertThat(in.data()).isEqualTo(before);
            assertThat(out.data()).isNotSameAs(in.data());
            assertThat(out.voxelSize()).isEqualTo(in.voxelSize());
        }
    }

    @Test
    void dogReportsEachStageAndStopsWhenCancelled() {
        Volume in = random(12, 11, 10, 3);
        List<String> events = new ArrayList<>();
        DogFilter.of(2, 1.1).withSmoothing(1).apply(in, new ProgressListener() {
            @Override
            public void onProgress(String stage, long done, long total) {
                events.add(stage + " " + done + "/" + total);
            }
        });
        assertThat(events).containsExactly("dog 1/3", "dog 2/3", "dog 3/3");
        ProgressListener cancelAfterFirst = new ProgressListener() {
            private boolean started;

            @Override
            public void onProgress(String stage, long done, long total) {
                started = true;
            }

            @Override
            public boolean isCancelled() {
                return started;
            }
        };
        assertThatThrownBy(() -> DogFilter.of(2, 1.1).withSmoothing(1).apply(in, cancelAfterFirst))
                .isInstanceOf(CancelledException.class);
    }

    @Test
    void transposeIsExactForRaggedBlocks() {
        float[][] src = new float[19][37];
        for (int y = 0; y < 19; y++) {
            for (int x = 0; x < 37; x++) {
                src[y][x] = 100 * y + x;
            }
        }
        float[][] dst = new float[37][19];
        VolumePasses.transpose(src, dst, 19, 37);
        for (int y = 0; y < 19; y++) {
            for (int x = 0; x < 37; x++) {
                assertThat(dst[x][y]).isEqualTo(src[y][x]);
            }
        }
    }
}
