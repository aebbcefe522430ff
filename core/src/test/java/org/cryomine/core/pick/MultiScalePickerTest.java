package org.cryomine.core.pick;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.cryomine.core.BoundaryPolicy;
import org.cryomine.core.ProgressListener;
import org.cryomine.core.Vec3;
import org.cryomine.core.Volume;
import org.cryomine.core.simulate.SimulationPreset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MultiScalePickerTest {

    /** Dark balls of radius 3 at SMALL and of radius 9 at LARGE on a flat background, a little noise (sd 0.02). */
    private static final int[][] SMALL = {{16, 16, 16}, {16, 48, 40}, {48, 16, 44}, {80, 80, 20}};
    private static final int[][] LARGE = {{48, 52, 24}, {80, 30, 40}};
    private static Volume balls;
    private static Volume preset;

    @BeforeAll
    static void volumes() {
        balls = Volume.gaussianNoise(96, 96, 64, 3);
        float[] d = balls.data();
        for (int i = 0; i < d.length; i++) {
            d[i] *= 0.02f;
        }
        for (int z = 0; z < 64; z++) {
            for (int y = 0; y < 96; y++) {
                for (int x = 0; x < 96; x++) {
                    for (int[] c : SMALL) {
                        d[balls.index(x, y, z)] -= ball(x, y, z, c, 3);
                    }
                    for (int[] c : LARGE) {
                        d[balls.index(x, y, z)] -= ball(x, y, z, c, 9);
                    }
                }
            }
        }
        preset = SimulationPreset.SPHERES_BASELINE.builder(5).size(96, 96, 64).threads(2).build().simulate().tomogram();
    }

    private static float ball(int x, int y, int z, int[] c, double r) {
        double dist = Math.sqrt(Math.pow(x - c[0], 2) + Math.pow(y - c[1], 2) + Math.pow(z - c[2], 2));
        return (float) Math.max(0, Math.min(1, r - dist + 0.5));
    }

    @Test
    void sigmasAreGeometricAndTheBuilderChecksItsOrder() {
        SubvolumePicker p = SubvolumePicker.dog().withSigmaRange(2, 8).withScales(3);
        assertThat(p.isMultiScale()).isTrue();
        assertThat(p.multiScale().sigmas()).containsExactly(new double[] {2, 4, 8}, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(p.multiScale().gamma()).isEqualTo(SubvolumePicker.MultiScale.DEFAULT_GAMMA);
        assertThat(p.withScaleSuppression(0.5).withScaleNormalisation(1).multiScale())
                .isEqualTo(new SubvolumePicker.MultiScale(2, 8, 3, 0.5, 1));
        assertThat(SubvolumePicker.dog().withSigmaRange(2, 8).multiScale().scales()).isEqualTo(5);
        assertThat(SubvolumePicker.dog().withMultiScale(3, 3, 1).multiScale().sigmas()).containsExactly(3.0);
        // a single sigma makes the picker single-scale again
        assertThat(p.withSigma(5).isMultiScale()).isFalse();
        assertThat(p.withSigmaAngst(50).isMultiScale()).isFalse();
        assertThat(p.largestSigmaVoxels(1)).isEqualTo(8);
        assertThat(p.toString()).contains("2.0..8.0 vox in 3 scales");
        assertThatThrownBy(() -> SubvolumePicker.dog().withScales(4)).hasMessageContaining("sigma range first");
        assertThatThrownBy(() -> SubvolumePicker.dog().withSigmaRange(5, 2)).hasMessageContaining("min <= max");
        assertThatThrownBy(() -> SubvolumePicker.dog().withSigmaRange(2, 5)
                .withScales(1)).hasMessageContaining("scales");
        assertThatThrownBy(() -> p.withScaleNormalisation(3)).hasMessageContaining("gamma");
        assertThatThrownBy(() -> p.withScaleSuppression(-1)).hasMessageContaining("suppression");
    }

    @Test
    void findsSmallAndLargeBallsAtTheirScales() {
        // gamma 1 on a nearly noise-free volume: a ball of radius r responds most at sigma_eff = r / sqrt(3), i.e.
        // sigma = sqrt(r^2 / 3 - 1) after smoothing 1: 1.41 for r = 3 and 5.1 for r = 9
        SubvolumePicker p = SubvolumePicker.dog().withSmoothingSigma(1).withMultiScale(1.2, 7, 7)
                .withScaleNormalisation(1)
                .withMinDistance(4).withBoundary(BoundaryPolicy.MIRROR).withMaxPicks(SMALL.length + LARGE.length)
                        .withThreads(2);
        List<Peak> peaks = p.findPeaks(balls, ProgressListener.NONE, null);
        assertThat(peaks).hasSize(SMALL.length + LARGE.length);
        for (int[] c : SMALL) {
            Peak hit = nearest(peaks, c);
            assertThat(hit.position().distance(new Vec3(c[0], c[1], c[2]))).as("small ball at %d,%d,%d", c[0], c[1], c[2])
                    .isLessThanOrEqualTo(1);
            assertThat(hit.sigma()).isBetween(1.2, 2.0);
        }
        for (int[] c : LARGE) {
            Peak hit = nearest(peaks, c);
            assertThat(hit.position().distance(new Vec3(c[0], c[1], c[2]))).isLessThanOrEqualTo(1);
            assertThat(hit.sigma()).isBetween(4.0, 6.5);
        }
        // normalised scores compare across scales: the two sizes score within a factor of 2 of each other
        double min = peaks.stream().mapToDouble(Peak::score).min().orElseThrow();
        double max = peaks.stream().mapToDouble(Peak::score).max().orElseThrow();
        assertThat(max / min).isLessThan(2);
        // a single-scale picker records no scale
        assertThat(SubvolumePicker.dog().withBoundary(BoundaryPolicy.MIRROR).withMaxPicks(6).withThreads(2)
                .findPeaks(balls, ProgressListener.NONE, null)).allSatisfy(q -> assertThat(q.hasSigma()).isFalse());
    }

    @Test
    void theSuppressionDistanceGrowsWithTheScale() {
        // a lump 6 voxels from a large ball's centre is not a peak of its own: the large peak keeps 1 x sqrt(3 (5^2 + 1))
        // = 8.8 voxels free; without scale suppression (factor 0) only the minimum distance 4 applies
        List<Peak> candidates = List.of(new Peak(50, 50, 50, 2.0, 5), new Peak(56, 50, 50, 1.0, 1.5),
                new Peak(62, 50, 50, 0.5, 1.5));
        SubvolumePicker p = SubvolumePicker.dog().withSmoothingSigma(1).withSigmaRange(1.5, 5).withMinDistance(4);
        assertThat(p.suppress(candidates, 1)).extracting(Peak::x).containsExactly(50, 62);
        assertThat(p.withScaleSuppression(0).suppress(candidates, 1)).hasSize(3);
        assertThat(PeakFinder.suppress(candidates, 4, q -> 3 * q.sigma())).extracting(Peak::x).containsExactly(50);
        assertThatThrownBy(() -> PeakFinder.suppress(candidates, 4, q -> Double.NaN)).hasMessageContaining("radius");
    }

    private static Peak nearest(List<Peak> peaks, int[] c) {
        Vec3 v = new Vec3(c[0], c[1], c[2]);
        return peaks.stream().min(java.util.Comparator.comparingDouble(q -> q.position().distance(v))).orElseThrow();
    }

    @Test
    void slabsGiveTheWholeVolumesPicksWithTheirScales() {
        SubvolumePicker p = SubvolumePicker.dog().withSmoothingSigma(1).withMultiScale(1.5, 4, 4)
                .withMinDistance(4).withBoxSize(16)
                .withThreads(2);
        // halo: smoothing int(4 + .5) = 4, largest DoG int(4 x 1.1 x 4 + .5) = 18, one slice for the extremum test
        assertThat(SlabPicker.of(p).halo(1)).isEqualTo(4 + 18 + 1);
        assertSamePeaks(p, 10, preset);
        assertSamePeaks(p.withThresholdQuantile(0.99), 12, preset);
        assertSamePeaks(p.withContrast(Contrast.BRIGHT).withBoundary(BoundaryPolicy.MIRROR)
                .withMaxPicks(50), 16, preset);
    }

    private static void assertSamePeaks(SubvolumePicker picker, int depth, Volume volume) {
        List<Peak> whole = picker.findPeaks(volume, ProgressListener.NONE, null);
        SlabPicker slabs = SlabPicker.of(picker).withSlabDepth(depth);
        List<Peak> sliced = slabs.findPeaks(RegionSource.of(volume), ProgressListener.NONE, null);
        assertThat(whole).hasSizeGreaterThan(10);
        assertThat(sliced).hasSameSizeAs(whole);
        double scale = Math.abs(whole.get(0).score());
        for (int i = 0; i < whole.size(); i++) {
            Peak a = whole.get(i);
            Peak b = sliced.get(i);
            assertThat(new int[] {b.x(), b.y(), b.z()}).as("peak %d of %d", i, whole.size())
                    .containsExactly(a.x(), a.y(), a.z());
            assertThat(b.sigma()).isEqualTo(a.sigma());
            assertThat(Math.abs(a.score() - b.score())).as("score of peak %d at %s", i, a).isLessThan(1e-5 * scale);
        }
    }

    @Test
    void responseIsTheMaximumOverScalesAndThresholdsApplyToIt() {
        SubvolumePicker p = SubvolumePicker.dog().withSmoothingSigma(1).withMultiScale(1.5, 4, 3)
                .withMinDistance(4).withThreads(2)
                .withBoundary(BoundaryPolicy.MIRROR);
        Volume r = p.response(preset, ProgressListener.NONE);
        List<Peak> all = p.findPeaks(preset, ProgressListener.NONE, null);
        for (Peak q : all.subList(0, 20)) {
            assertThat(r.get(q.x(), q.y(), q.z())).isEqualTo((float) q.score());
        }
        double cut = all.get(30).score();
        assertThat(p.withThreshold(cut).findPeaks(preset, ProgressListener.NONE, null)).hasSize(31);
    }
}
