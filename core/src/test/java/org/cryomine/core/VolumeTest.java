package org.cryomine.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class VolumeTest {

    private static Volume ramp() {
        return Volume.fromFunction(4, 3, 2, (x, y, z) -> x + 10 * y + 100 * z);
    }

    @Test
    void voxelCountRefusesProductsThatOverflowALong() {
        // 16777215^3 wrapped to 50,331,647 and 2^28 x 2^28 x 256 to 0 with plain long multiplication
        assertThatThrownBy(() -> Volume.voxelCount(16777215, 16777215, 16777215))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than 2^63");
        assertThatThrownBy(() -> Volume.voxelCount(1 << 28, 1 << 28, 256))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("do not fit");
        assertThat(Volume.voxelCount(1 << 10, 1 << 10, 1 << 10)).isEqualTo(1 << 30);
    }

    @Test
    void indexIsXFastest() {
        Volume v = ramp();
        assertThat(v.data()[1]).isEqualTo(1f);
        assertThat(v.data()[4]).isEqualTo(10f);
        assertThat(v.data()[12]).isEqualTo(100f);
        assertThat(v.get(3, 2, 1)).isEqualTo(123f);
    }

    @Test
    void wrapSharesAndCopyDoesNot() {
        float[] data = new float[8];
        Volume shared = Volume.wrap(data, 2, 2, 2);
        Volume copied = Volume.copyOf(data, 2, 2, 2);
        data[0] = 5;
        assertThat(shared.get(0, 0, 0)).isEqualTo(5f);
        assertThat(copied.get(0, 0, 0)).isEqualTo(0f);
        assertThat(shared.withVoxelSize(VoxelSize.isotropic(2)).data()).isSameAs(data);
        assertThat(shared.copy().data()).isNotSameAs(data);
    }

    @Test
    void statisticsMatchHandComputation() {
        // values 1, 2, 3, 4: mean 2.5, population sd sqrt(1.25)
        VolumeStatistics s = Volume.wrap(new float[] {1, 2, 3, 4}, 4, 1, 1).statistics();
        assertThat(s.min()).isEqualTo(1);
        assertThat(s.max()).isEqualTo(4);
        assertThat(s.mean()).isEqualTo(2.5);
        assertThat(s.rms()).isCloseTo(Math.sqrt(1.25), org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void boxInsideIsAnExactCopyWithShiftedOrigin() {
        Volume v = ramp().withVoxelSize(VoxelSize.isotropic(2));
        Volume b = v.box(2, 1, 1, 2, 2, 2, BoundaryPolicy.SKIP).orElseThrow();
        assertThat(b.get(0, 0, 0)).isEqualTo(v.get(1, 0, 0));
        assertThat(b.get(1, 1, 1)).isEqualTo(v.get(2, 1, 1));
        assertThat(b.origin()).isEqualTo(new Vec3(2, 0, 0));
    }

    @Test
    void boxPoliciesAtTheEdge() {
        Volume v = ramp();
        assertThat(v.box(0, 0, 0, 2, 2, 2, BoundaryPolicy.SKIP)).isEqualTo(Optional.empty());
        Volume filled = v.box(0, 0, 0, 2, 2, 2, BoundaryPolicy.FILL_MEAN).orElseThrow();
        assertThat(filled.get(0, 0, 0)).isEqualTo((float) v.statistics().mean());
        assertThat(filled.get(1, 1, 1)).isEqualTo(v.get(0, 0, 0));
        Volume mirrored = v.box(0, 0, 0, 2, 2, 2, BoundaryPolicy.MIRROR).orElseThrow();
        // reflect: index -1 maps to 0
        assertThat(mirrored.get(0, 0, 0)).isEqualTo(v.get(0, 0, 0));
        assertThat(mirrored.get(0, 1, 1)).isEqualTo(v.get(0, 0, 0));
    }

    @Test
    void reflectMatchesScipyReflectMode() {
        // scipy.ndimage 'reflect' on n=4: indices -5..8 -> 3 3 2 1 0 | 0 1 2 3 | 3 2 1 0 0
        int[] expected = {3, 3, 2, 1, 0, 0, 1, 2, 3, 3, 2, 1, 0, 0};
        for (int i = -5; i <= 8; i++) {
            assertThat(Volume.reflect(i, 4)).as("i=%d", i).isEqualTo(expected[i + 5]);
        }
    }

    @Test
    void interpolateIsExactAtVoxelsAndLinearBetween() {
        Volume v = ramp();
        assertThat(v.interpolate(2, 1, 1, -1)).isEqualTo(v.get(2, 1, 1));
        assertThat(v.interpolate(2.5, 1.5, 0.5, -1)).isCloseTo(2.5f + 15 + 50, org.assertj.core.data.Offset.offset(1e-4f));
        assertThat(v.interpolate(-0.1, 0, 0, -1)).isEqualTo(-1f);
    }

    @Test
    void interpolatingWithinAPartEqualsInterpolatingTheWhole() {
        Volume whole = Volume.gaussianNoise(9, 8, 7, 5);
        // the part holding x 3..8, y 2..7, z 4..6: it reaches the whole volume's far faces
        Volume part = whole.crop(3, 2, 4, 6, 6, 3);
        double[][] positions = {{4.25, 3.5, 4.75}, {8, 7, 6}, {7.9, 6.1, 5.5}, {3, 2, 4}, {8.01, 5, 5}, {5, 5, -0.5}};
        for (double[] p : positions) {
            assertThat(part.interpolateWithin(3, 2, 4, 9, 8, 7, p[0], p[1], p[2], -9))
                    .as("at %s", java.util.Arrays.toString(p)).isEqualTo(whole.interpolate(p[0], p[1], p[2], -9));
        }
    }

    @Test
    void badSizesSayWhatIsWrong() {
        assertThatThrownBy(() -> Volume.zeros(0, 2, 2)).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> Volume.zeros(2000, 2000, 2000)).hasMessageContaining("read the file by region");
        assertThatThrownBy(() -> Volume.wrap(new float[3], 2, 2, 1)).hasMessageContaining("needs 4");
        assertThatThrownBy(() -> VoxelSize.isotropic(-1)).hasMessageContaining("positive");
        assertThatThrownBy(() -> ramp().get(4, 0, 0)).hasMessageContaining("outside");
    }

    @Test
    void gaussianNoiseIsSeededAndStandard() {
        Volume a = Volume.gaussianNoise(32, 32, 32, 7);
        Volume b = Volume.gaussianNoise(32, 32, 32, 7);
        assertThat(a.data()).isEqualTo(b.data());
        VolumeStatistics s = a.statistics();
        assertThat(s.mean()).isBetween(-0.02, 0.02);
        assertThat(s.rms()).isBetween(0.98, 1.02);
    }
}
