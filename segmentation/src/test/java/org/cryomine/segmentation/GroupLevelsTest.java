package org.cryomine.segmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.cryomine.core.Volume;
import org.junit.jupiter.api.Test;

class GroupLevelsTest {

    /** Normalization of mean 0 and std 1 with dark dense matter: a voxel's density is minus its value. */
    private static final DensityThreshold DARK = new DensityThreshold(0, 0, 1, true);
    private static final int N = 24;

    /** Background density of the two-valued boxes: above the mean, so it counts (the mean and below do not). */
    private static final double BG = 0.2;

    /**
     * A box of 24^3 whose ball of radius 5 around the centre has density {@code object}, density {@code background}
     * elsewhere.
     */
    private static Volume ball(double object, double background, double noise, Random random) {
        return Volume.fromFunction(N, N, N, (x, y, z) -> {
            double c = (N - 1) / 2.0;
            double r2 = (x - c) * (x - c) + (y - c) * (y - c) + (z - c) * (z - c);
            double d = r2 <= 25 ? object : background;
            return (float) -(d + (noise > 0 ? noise * random.nextGaussian() : 0));
        });
    }

    /** A box with a slab 2 voxels thick through the centre (a membrane) of density {@code object} in {@link #BG}. */
    private static Volume slab(double object) {
        return Volume.fromFunction(N, N, N, (x, y, z) -> z == 11 || z == 12 ? (float) -object : (float) -BG);
    }

    @Test
    void twoValuedBoxesGetTheMiddleOfTheGapPerGroup() {
        // by construction every split between the two values is Otsu's best; the level is their midpoint
        // (within a bin, 1/64 standard deviation)
        GroupLevels.Accumulator a = GroupLevels.defaults().accumulator(DARK, 2);
        for (int i = 0; i < 5; i++) {
            a.add(0, slab(1.2));               // thin, weakly dense: membrane-like
            a.add(1, ball(3.0, BG, 0, null));  // thick, strongly dense: globule-like
        }
        double[] levels = a.levels();
        assertThat(levels[0]).isCloseTo(0.7, within(1.0 / 64));
        assertThat(levels[1]).isCloseTo(1.6, within(1.0 / 64));
    }

    @Test
    void noisyObjectsAreSeparatedByTheChosenLevel() {
        // background at the mean and object at 2, Gaussian noise of 0.25 std on both: only the background's dense half
        // counts, and the level lies between the classes and recovers the object's voxels
        Random random = new Random(3);
        GroupLevels.Accumulator a = GroupLevels.defaults().accumulator(DARK, 1);
        Volume box = ball(2.0, 0, 0.25, random);
        a.add(0, box);
        double level = a.levels()[0];
        assertThat(level).isBetween(0.7, 1.3);
        Volume truth = ball(2.0, 0, 0, null);
        int both = 0;
        int either = 0;
        for (int v = 0; v < truth.voxelCount(); v++) {
            boolean t = DARK.density(truth.data()[v]) > 1;
            boolean p = DARK.density(box.data()[v]) > level;
            both += t && p ? 1 : 0;
            either += t || p ? 1 : 0;
        }
        assertThat(both / (double) either).isGreaterThan(0.9);
    }

    @Test
    void levelsAreClampedToTheRange() {
        GroupLevels.Accumulator a = GroupLevels.defaults().accumulator(DARK, 3);
        a.add(0, ball(10, BG, 0, null));   // midpoint 5.1 -> 2
        a.add(1, ball(0.25, BG, 0, null)); // midpoint 0.225 -> 0.25
        a.add(2, Volume.filled(N, N, N, -1f)); // one value: no split -> the lowest level
        assertThat(a.levels()).containsExactly(2.0, 0.25, 0.25);
        // a group without images gets the lowest level too
        assertThat(new GroupLevels(0.5, 1.5, 0.45).accumulator(DARK, 1).levels()).containsExactly(0.5);
    }

    @Test
    void onlyVoxelsWithinTheLabelRadiusCount() {
        // inside the ball of 0.3 box edges (7.2 voxels): a ball of density 1.2 in 0.2; beyond it density 8 everywhere
        Volume box = Volume.fromFunction(N, N, N, (x, y, z) -> {
            double c = (N - 1) / 2.0;
            double r2 = (x - c) * (x - c) + (y - c) * (y - c) + (z - c) * (z - c);
            return r2 <= 25 ? -1.2f : r2 <= 7.2 * 7.2 ? -0.2f : -8f;
        });
        GroupLevels.Accumulator near = new GroupLevels(0, 5, 0.3).accumulator(DARK, 1);
        near.add(0, box);
        assertThat(near.levels()[0]).isCloseTo(0.7, within(1.0 / 64));
        GroupLevels.Accumulator whole = new GroupLevels(0, 5, Double.POSITIVE_INFINITY).accumulator(DARK, 1);
        whole.add(0, box);
        assertThat(whole.levels()[0]).isGreaterThan(1.2);
    }

    @Test
    void brightContrastAndTheNormalizationAreHonoured() {
        // dense is bright, mean 10, std 2: object value 14 is density 2, background 10.4 is 0.2 -> level 1.1
        DensityThreshold bright = new DensityThreshold(0, 10, 2, false);
        GroupLevels.Accumulator a = GroupLevels.defaults().accumulator(bright, 1);
        a.add(0, Volume.fromFunction(N, N, N, (x, y, z) -> x < 6 ? 14f : 10.4f));
        assertThat(a.levels()[0]).isCloseTo(1.1, within(1.0 / 64));
    }

    @Test
    void voxelsAtTheMeanOrLighterDoNotCount() {
        // object at 1.2, background split between the light side (-3) and 0.2: without the light side the level is
        // the midpoint of 0.2 and 1.2; counted, the light voxels would pull Otsu's split below 0.2
        Volume box = Volume.fromFunction(N, N, N, (x, y, z) -> z < 4 ? -1.2f : z < 14 ? 3f : -0.2f);
        GroupLevels.Accumulator a = new GroupLevels(-5, 5, Double.POSITIVE_INFINITY).accumulator(DARK, 1);
        a.add(0, box);
        assertThat(a.levels()[0]).isCloseTo(0.7, within(1.0 / 64));
    }

    @Test
    void badRangesAndGroupsAreRefused() {
        assertThatThrownBy(() -> new GroupLevels(1, 0.5, 0.45)).hasMessageContaining("min <= max");
        assertThatThrownBy(() -> new GroupLevels(0.25, 2, 0)).hasMessageContaining("label radius");
        assertThatThrownBy(() -> GroupLevels.defaults().accumulator(DARK, 0)).hasMessageContaining("at least one");
        assertThatThrownBy(() -> GroupLevels.defaults().accumulator(DARK, 1).add(1, slab(1)))
                .hasMessageContaining("group 1");
        assertThatThrownBy(() -> GroupLevels.defaults().otsu(new long[3])).hasMessageContaining("bins");
    }
}
