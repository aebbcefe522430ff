package org.cryomine.core.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.cryomine.core.testing.VolumeAssert.assertVolumeClose;

import org.cryomine.core.Volume;
import org.cryomine.core.VolumeStatistics;
import org.cryomine.core.testing.TestMrc;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Reference values: scipy 1.10.1 scipy.ndimage.gaussian_filter (see src/test/resources/scipy/PROVENANCE.md). */
class GaussianFilterTest {

    private static final Volume INPUT = TestMrc.read("/scipy/input.mrc");

    private static double tolerance(Volume v) {
        VolumeStatistics s = v.statistics();
        return 1e-5 * (s.max() - s.min());
    }

    @ParameterizedTest
    @CsvSource({"1, /scipy/gaussian_sigma1.mrc", "2, /scipy/gaussian_sigma2.mrc", "5, /scipy/gaussian_sigma5.mrc"})
    void agreesWithScipyGaussian(double sigma, String reference) {
        assertThat(INPUT.nx()).isEqualTo(48);
        assertThat(INPUT.nz()).isEqualTo(36);
        Volume expected = TestMrc.read(reference);
        for (int threads : new int[] {1, 3}) {
            Volume actual = GaussianFilter.of(sigma).withThreads(threads).apply(INPUT);
            assertVolumeClose(expected, actual, tolerance(INPUT));
        }
    }

    @Test
    void agreesWithScipyDog() {
        Volume expected = TestMrc.read("/scipy/dog_sigma5_k1.1.mrc");
        assertVolumeClose(expected, DogFilter.of(5, 1.1).apply(INPUT), tolerance(INPUT));
    }

    @Test
    void agreesWithScipySmoothedDog() {
        Volume expected = TestMrc.read("/scipy/smooth2_dog_sigma5_k1.1.mrc");
        assertVolumeClose(expected, DogFilter.of(5, 1.1).withSmoothing(2).withThreads(2).apply(INPUT), tolerance(INPUT));
    }

    @ParameterizedTest
    @CsvSource({"REFLECT, reflect", "MIRROR, mirror", "NEAREST, nearest", "CONSTANT, constant", "WRAP, wrap"})
    void agreesWithScipyInEveryModeWithPerAxisSigma(BoundaryMode mode, String name) {
        Volume in = TestMrc.read("/scipy/modes_input.mrc");
        Volume expected = TestMrc.read("/scipy/modes_" + name + ".mrc");
        GaussianFilter f = GaussianFilter.of(1.0, 1.5, 0.7).withTruncate(3.0).withMode(mode);
        if (mode == BoundaryMode.CONSTANT) {
            f = f.withConstant(0.5);
        }
        assertVolumeClose(expected, f.apply(in), 1e-5 * (in.statistics().max() - in.statistics().min()));
    }

    @Test
    void kernelMatchesScipyRadiusAndNormalisation() {
        // scipy: radius = int(4.0 * 2.0 + 0.5) = 8, int(4.0 * 1.1 + 0.5) = 4
        assertThat(GaussianFilter.kernel(2.0, 4.0)).hasSize(17);
        assertThat(GaussianFilter.kernel(1.1, 4.0)).hasSize(9);
        double sum = 0;
        for (double w : GaussianFilter.kernel(5.5, 4.0)) {
            sum += w;
        }
        assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void doesNotModifyInputAndKeepsMetadata() {
        Volume in = INPUT.copy().withVoxelSize(org.cryomine.core.VoxelSize.isotropic(14.2));
        float[] before = in.data().clone();
        Volume out = GaussianFilter.of(2).apply(in);
        assertThat(in.data()).isEqualTo(before);
        assertThat(out.voxelSize()).isEqualTo(in.voxelSize());
        assertThat(out.data()).isNotSameAs(in.data());
        Volume same = GaussianFilter.of(0).apply(in);
        assertThat(same.data()).isEqualTo(before).isNotSameAs(in.data());
    }

    @Test
    void rejectsBadConfiguration() {
        assertThatThrownBy(() -> GaussianFilter.of(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sigma");
        assertThatThrownBy(() -> GaussianFilter.of(1).withThreads(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DogFilter.of(5, 0.9)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("K");
    }

    @Test
    void modeMapping() {
        // a b c d at 0..3; scipy docs for each mode
        assertThat(BoundaryMode.REFLECT.map(-1, 4)).isEqualTo(0);
        assertThat(BoundaryMode.REFLECT.map(4, 4)).isEqualTo(3);
        assertThat(BoundaryMode.MIRROR.map(-1, 4)).isEqualTo(1);
        assertThat(BoundaryMode.MIRROR.map(4, 4)).isEqualTo(2);
        assertThat(BoundaryMode.NEAREST.map(-5, 4)).isEqualTo(0);
        assertThat(BoundaryMode.WRAP.map(-1, 4)).isEqualTo(3);
        assertThat(BoundaryMode.CONSTANT.map(7, 4)).isEqualTo(-1);
    }
}
