package org.cryomine.core.accel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.cryomine.core.Vec3;
import org.cryomine.core.Volume;
import org.cryomine.core.VoxelSize;
import org.cryomine.core.filter.BoundaryMode;
import org.cryomine.core.pick.Peak;
import org.cryomine.core.pick.PeakFinder;
import org.cryomine.core.pick.SubvolumePicker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The contract every {@link DogAccelerator} passes (inherited by each implementation's test, which supplies
 * an available accelerator or skips): the response agrees with core's CPU {@link
 * org.cryomine.core.filter.DogFilter} within 1e-4 of its largest magnitude in every boundary mode, the local
 * maxima are exactly {@link PeakFinder#localMaxima}'s on the response computed, and the picker finds the
 * same peaks as on the CPU.
 */
public abstract class DogAcceleratorContract {

    /** Relative tolerance of the response against the CPU (float32 sums in a different order). */
    protected static final double RELATIVE_TOLERANCE = 1e-4;

    /** An available accelerator; implementations skip (assumption) when their device is absent. */
    protected abstract DogAccelerator accelerator();

    /** Noise (sd 0.3) plus dark balls of radius 5 and a bright one, x fastest; deterministic. */
    protected static Volume phantom(int nx, int ny, int nz, long seed) {
        Volume v = Volume.gaussianNoise(nx, ny, nz, seed);
        float[] d = v.data();
        int[][] balls = {{nx / 4, ny / 4, nz / 3, -1}, {3 * nx / 4, ny / 2, nz / 2, -1}, {nx / 2, 3 * ny / 4, nz / 2, 1}};
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    int i = v.index(x, y, z);
                    d[i] *= 0.3f;
                    for (int[] b : balls) {
                        double r2 = (x - b[0]) * (x - b[0]) + (y - b[1]) * (y - b[1]) + (z - b[2]) * (z - b[2]);
                        if (r2 <= 25) {
                            d[i] += b[3];
                        }
                    }
                }
            }
        }
        return Volume.wrap(d, nx, ny, nz, new VoxelSize(7, 7, 7), new Vec3(1, 2, 3));
    }

    /** The CPU reference: core's DogFilter times the sign. */
    protected static Volume cpuResponse(Volume tomogram, DogRequest request) {
        Volume dog = request.cpuFilter(2).apply(tomogram);
        float[] d = dog.data();
        for (int i = 0; i < d.length; i++) {
            d[i] *= request.sign();
        }
        return dog;
    }

    /** Fails naming the first voxel where {@code actual} is further than the tolerance from {@code expected}. */
    protected static void assertClose(Volume expected, Volume actual, String what) {
        assertThat(actual.shape()).isEqualTo(expected.shape());
        float[] e = expected.data();
        float[] a = actual.data();
        double scale = 0;
        for (float v : e) {
            scale = Math.max(scale, Math.abs(v));
        }
        double tol = RELATIVE_TOLERANCE * Math.max(scale, Float.MIN_NORMAL);
        for (int i = 0; i < e.length; i++) {
            if (!(Math.abs(a[i] - e[i]) <= tol)) {
                int x = i % expected.nx();
                int y = (i / expected.nx()) % expected.ny();
                int z = i / (expected.nx() * expected.ny());
                throw new AssertionError(what + ": voxel (" + x + ", " + y + ", " + z + ") is " + a[i] + ", the CPU gives "
                        + e[i] + " (tolerance " + tol + ")");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(BoundaryMode.class)
    void responseMatchesCpuDogFilterInEveryBoundaryMode(BoundaryMode mode) {
        Volume tomo = phantom(45, 38, 29, 3);
        for (DogRequest r : List.of(DogRequest.of(2, 3, 1.1, -1).withMode(mode), DogRequest.of(0, 1.5, 1.6, 1)
                .withMode(mode))) {
            try (DogComputation c = accelerator().compute(tomo, r)) {
                assertThat(c.voxelCount()).isEqualTo(45 * 38 * 29);
                Volume got = c.response();
                assertClose(cpuResponse(tomo, r), got, r.toString());
                assertThat(got.voxelSize()).isEqualTo(tomo.voxelSize());
                assertThat(got.origin()).isEqualTo(tomo.origin());
            }
        }
    }

    @Test
    void aRawTomogramsLargeOffsetKeepsTheDogPrecise() {
        // DogFilter subtracts the input's typical value first; without it float32 loses ~ulp(10000) = 1e-3 here
        Volume tomo = phantom(40, 36, 30, 12);
        float[] d = tomo.data();
        for (int i = 0; i < d.length; i++) {
            d[i] += 10000f;
        }
        for (BoundaryMode mode : List.of(BoundaryMode.REFLECT, BoundaryMode.CONSTANT)) {
            DogRequest r = DogRequest.of(2, 3, 1.1, -1).withMode(mode);
            try (DogComputation c = accelerator().compute(tomo, r)) {
                assertClose(cpuResponse(tomo, r), c.response(), "offset 10000, " + mode);
            }
        }
    }

    @Test
    void kernelsWiderThanTheVolumeAndThinVolumesMatchTheCpu() {
        // radius int(4 * 6 * 1.5 + 0.5) = 36 voxels against faces of 1, 5 and 70 voxels
        Volume tomo = phantom(70, 5, 1, 9);
        DogRequest r = DogRequest.of(1, 6, 1.5, -1);
        for (BoundaryMode mode : BoundaryMode.values()) {
            try (DogComputation c = accelerator().compute(tomo, r.withMode(mode))) {
                assertClose(cpuResponse(tomo, r.withMode(mode)), c.response(), mode.toString());
            }
        }
    }

    @Test
    void localMaximaAreExactlyPeakFindersOnTheResponse() {
        Volume tomo = phantom(50, 41, 33, 5);
        try (DogComputation c = accelerator().compute(tomo, DogRequest.of(1, 1.2, 1.6, -1))) {
            Volume response = c.response();
            List<Peak> all = c.localMaxima(Double.NEGATIVE_INFINITY);
            assertThat(all).hasSizeGreaterThan(50).isEqualTo(PeakFinder.localMaxima(response, Double.NEGATIVE_INFINITY, 1));
            double t = response.data()[response.index(12, 10, 8)];
            assertThat(c.localMaxima(t)).isEqualTo(PeakFinder.localMaxima(response, t, 1))
                    .allSatisfy(p -> assertThat(p.score()).isGreaterThanOrEqualTo(t));
        }
    }

    @Test
    void flatRegionsGiveNoPeaksAndAPlateauTopGivesEachOfItsVoxels() {
        // a constant volume with a 2x1x1 raised plateau: the DoG of a constant is 0 (flat: no peaks)
        Volume flat = Volume.filled(24, 20, 16, 3f);
        try (DogComputation c = accelerator().compute(flat, DogRequest.of(0, 1, 1.5, 1)
                .withMode(BoundaryMode.NEAREST))) {
            assertThat(c.localMaxima(Double.NEGATIVE_INFINITY)).isEqualTo(PeakFinder.localMaxima(c.response(),
                    Double.NEGATIVE_INFINITY, 1));
        }
        Volume plateau = Volume.filled(24, 20, 16, 0f);
        plateau.data()[plateau.index(10, 10, 8)] = 5f;
        plateau.data()[plateau.index(11, 10, 8)] = 5f;
        try (DogComputation c = accelerator().compute(plateau, DogRequest.of(0, 1, 1.5, 1))) {
            List<Peak> peaks = c.localMaxima(0.01);
            assertThat(peaks).isEqualTo(PeakFinder.localMaxima(c.response(), 0.01, 1));
            assertThat(peaks).extracting(Peak::x).containsExactly(10, 11);
        }
    }

    @Test
    void sampleIsTheStridedResponse() {
        Volume tomo = phantom(31, 17, 11, 2);
        try (DogComputation c = accelerator().compute(tomo, DogRequest.of(1, 2, 1.1, -1))) {
            float[] all = c.response().data();
            for (int step : new int[] {1, 7, all.length - 1, all.length + 3}) {
                float[] s = c.sample(step);
                assertThat(s).hasSize((all.length + step - 1) / step);
                for (int j = 0; j < s.length; j++) {
                    assertThat(s[j]).as("sample %d of step %d", j, step).isEqualTo(all[j * step]);
                }
            }
            assertThatThrownBy(() -> c.sample(0)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void closingTwiceIsHarmlessAndUseAfterCloseFails() {
        DogComputation c = accelerator().compute(phantom(8, 8, 8, 1), DogRequest.of(0, 1, 1.1, 1));
        c.close();
        c.close();
        assertThatThrownBy(c::response).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void pickerFindsTheCpuPeaks() {
        Volume tomo = phantom(64, 60, 48, 8);
        for (SubvolumePicker p : List.of(SubvolumePicker.dog().withSigma(3).withMinDistance(6).withBoxSize(8)
                .withThreads(2),
                SubvolumePicker.dog().withSigma(3).withMinDistance(6).withBoxSize(8).withThreads(2)
                        .withThresholdQuantile(0.99),
                SubvolumePicker.dog().withSigma(3).withMinDistance(6).withBoxSize(8).withThreads(2).withThreshold(0.05)
                        .withContrast(org.cryomine.core.pick.Contrast.BRIGHT))) {
            List<Peak> cpu = p.findPeaks(tomo, org.cryomine.core.ProgressListener.NONE, null);
            List<Peak> acc = p.findPeaks(tomo, org.cryomine.core.ProgressListener.NONE, accelerator());
            assertThat(acc).as(p.toString()).hasSameSizeAs(cpu);
            for (int i = 0; i < cpu.size(); i++) {
                Peak a = acc.get(i);
                Peak e = cpu.get(i);
                assertThat(new int[] {a.x(), a.y(), a.z()}).as("peak %d of %s", i, p).containsExactly(e.x(), e.y(), e.z());
                assertThat(a.score()).isCloseTo(e.score(), org.assertj.core.data.Offset.offset(1e-4));
            }
            assertClose(p.response(tomo, org.cryomine.core.ProgressListener.NONE, null),
                    p.response(tomo, org.cryomine.core.ProgressListener.NONE, accelerator()), p.toString());
        }
    }
}
