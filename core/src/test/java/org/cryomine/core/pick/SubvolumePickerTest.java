package org.cryomine.core.pick;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.cryomine.core.BoundaryPolicy;
import org.cryomine.core.Vec3;
import org.cryomine.core.Volume;
import org.cryomine.core.VoxelSize;
import org.cryomine.core.filter.DogFilter;
import org.junit.jupiter.api.Test;

class SubvolumePickerTest {

    /** Noise (sd 0.2) plus balls of radius 6 and amplitude {@code amp} (negative = dark) at the given centres. */
    private static Volume balls(int n, double amp, int[][] centres) {
        Volume v = Volume.gaussianNoise(n, n, n, 11);
        float[] d = v.data();
        for (int i = 0; i < d.length; i++) {
            d[i] *= 0.2f;
        }
        for (int z = 0; z < n; z++) {
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    for (int[] c : centres) {
                        double r = Math.sqrt(sq(x - c[0]) + sq(y - c[1]) + sq(z - c[2]));
                        if (r <= 6) {
                            d[v.index(x, y, z)] += (float) amp;
                        }
                    }
                }
            }
        }
        return v;
    }

    private static double sq(double a) {
        return a * a;
    }

    private static final int[][] CENTRES = {{20, 20, 20}, {44, 24, 40}, {24, 44, 30}};

    @Test
    void darkContrastFindsDarkBallsStrongestFirst() {
        Volume tomo = balls(64, -1, CENTRES);
        List<Subvolume> picks = SubvolumePicker.dog().withSigma(3).withBoxSize(16).withMaxPicks(3)
                .withThreads(2).pick(tomo);
        assertThat(picks).hasSize(3);
        for (int[] c : CENTRES) {
            assertThat(picks).anySatisfy(p -> assertThat(p.centre().distance(new Vec3(c[0], c[1], c[2]))).isLessThan(1.5));
        }
        assertThat(picks.get(0).score()).isGreaterThan(0).isGreaterThanOrEqualTo(picks.get(2).score());
        Subvolume first = picks.get(0);
        assertThat(first.voxels().nx()).isEqualTo(16);
        assertThat(first.voxels().get(8, 8, 8)).isEqualTo(tomo.get(first.x(), first.y(), first.z()));
        // the box centre is dark, the strongest pick is a DoG minimum
        Volume dog = DogFilter.of(3, 1.1).withSmoothing(2).apply(tomo);
        assertThat(dog.get(first.x(), first.y(), first.z())).isNegative();
        assertThat(first.score()).isCloseTo(-dog.get(first.x(), first.y(), first.z()),
                org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void brightContrastPicksMaximaNotTheDarkBalls() {
        Volume tomo = balls(64, -1, CENTRES);
        List<Subvolume> bright = SubvolumePicker.dog().withSigma(3).withBoxSize(16).withMaxPicks(3)
                .withContrast(Contrast.BRIGHT).pick(tomo);
        for (Subvolume p : bright) {
            for (int[] c : CENTRES) {
                assertThat(p.centre().distance(new Vec3(c[0], c[1], c[2]))).isGreaterThan(3);
            }
        }
        Volume inverted = balls(64, 1, CENTRES);
        List<Subvolume> found = SubvolumePicker.dog().withSigma(3).withBoxSize(16).withMaxPicks(3)
                .withContrast(Contrast.BRIGHT)
                .pick(inverted);
        assertThat(found).allSatisfy(p -> assertThat(p.voxels().get(8, 8, 8)).isGreaterThan(0.3f));
    }

    @Test
    void peaksRespectTheMinimumDistance() {
        Volume tomo = Volume.gaussianNoise(48, 48, 48, 3);
        List<Peak> peaks = SubvolumePicker.dog().withSmoothingSigma(0).withSigma(1).withMinDistance(7)
                .withBoxSize(4).findPeaks(tomo,
                org.cryomine.core.ProgressListener.NONE);
        assertThat(peaks.size()).isGreaterThan(20);
        for (int i = 0; i < peaks.size(); i++) {
            for (int j = 0; j < i; j++) {
                assertThat(peaks.get(i).position().distance(peaks.get(j).position())).isGreaterThanOrEqualTo(7);
            }
            if (i > 0) {
                assertThat(peaks.get(i).score()).isLessThanOrEqualTo(peaks.get(i - 1).score());
            }
        }
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        Volume tomo = balls(48, -1, new int[][] {{20, 20, 20}, {30, 28, 26}});
        SubvolumePicker p = SubvolumePicker.dog().withSigma(2).withMinDistance(4).withBoxSize(8);
        List<Peak> one = p.withThreads(1).findPeaks(tomo, org.cryomine.core.ProgressListener.NONE);
        List<Peak> three = p.withThreads(3).findPeaks(tomo, org.cryomine.core.ProgressListener.NONE);
        assertThat(one).hasSizeGreaterThan(10).isEqualTo(three);
    }

    @Test
    void flatRegionsGiveNoPeaks() {
        assertThat(PeakFinder.localMaxima(Volume.filled(20, 20, 20, 3f), Double.NEGATIVE_INFINITY, 2)).isEmpty();
        // a two-voxel plateau on top of a bump gives both voxels, suppression keeps one
        Volume v = Volume.zeros(9, 9, 9);
        v.set(4, 4, 4, 1f);
        v.set(5, 4, 4, 1f);
        List<Peak> peaks = PeakFinder.localMaxima(v, 0.5, 1);
        assertThat(peaks).hasSize(2);
        assertThat(PeakFinder.suppress(peaks, 2)).hasSize(1);
    }

    @Test
    void suppressionOfAHundredThousandPeaksMatchesBruteForce() {
        SplittableRandom r = new SplittableRandom(5);
        List<Peak> peaks = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            peaks.add(new Peak(r.nextInt(400), r.nextInt(400), r.nextInt(120), r.nextDouble()));
        }
        // its speed is DogBenchmark.dogPicking's to measure (a wall-clock bound here failed on a loaded machine)
        List<Peak> kept = PeakFinder.suppress(peaks, 10);
        // brute force on the first 2000 peaks by score
        List<Peak> few = new ArrayList<>(peaks.subList(0, 2000));
        List<Peak> grid = PeakFinder.suppress(few, 10);
        few.sort((a, b) -> Double.compare(b.score(), a.score()));
        List<Peak> brute = new ArrayList<>();
        for (Peak p : few) {
            if (brute.stream().allMatch(q -> q.position().distance(p.position()) >= 10)) {
                brute.add(p);
            }
        }
        assertThat(grid).isEqualTo(brute);
        assertThat(kept.size()).isBetween(1000, 20000);
    }

    @Test
    void ballOfRadiusRRespondsMostAtSigmaRoverSqrt3() {
        // A uniform ball of radius 9 voxels; scan DoG sigma (K 1.1, no smoothing) for the strongest centre response.
        int n = 72;
        double radius = 9;
        Volume ball = Volume.fromFunction(n, n, n,
                (x, y, z) -> Math.sqrt(sq(x - 36) + sq(y - 36) + sq(z - 36)) <= radius ? -1f : 0f);
        double best = 0;
        double bestSigma = 0;
        for (double s = 3.5; s <= 7.01; s += 0.25) {
            double response = -DogFilter.of(s, 1.1).apply(ball).get(36, 36, 36);
            if (response > best) {
                best = response;
                bestSigma = s;
            }
        }
        // theory: radius / sqrt(3) = 5.196; the DoG's K = 1.1 puts the effective scale about 5% above sigma
        assertThat(bestSigma).isBetween(radius / Math.sqrt(3) * 0.85, radius / Math.sqrt(3) * 1.1);
    }

    @Test
    void sigmaAndDistanceInAngstromUseTheVoxelSize() {
        Volume tomo = balls(64, -1, CENTRES).withVoxelSize(VoxelSize.isotropic(14.2));
        SubvolumePicker inAngst = SubvolumePicker.dog().withSigmaAngst(3 * 14.2).withMinDistanceAngst(10 * 14.2)
                .withBoxSize(16);
        assertThat(inAngst.sigmaVoxels(14.2)).isCloseTo(3, org.assertj.core.data.Offset.offset(1e-12));
        List<Peak> a = inAngst.findPeaks(tomo, org.cryomine.core.ProgressListener.NONE);
        List<Peak> b = SubvolumePicker.dog().withSigma(3)
                .withBoxSize(16).findPeaks(tomo, org.cryomine.core.ProgressListener.NONE);
        assertThat(a).isEqualTo(b);
    }

    @Test
    void thresholdsAndLimitsReduceThePicks() {
        Volume tomo = balls(64, -1, CENTRES);
        SubvolumePicker base = SubvolumePicker.dog().withSigma(3).withBoxSize(16);
        int all = base.pick(tomo).size();
        assertThat(all).isGreaterThan(5);
        assertThat(base.withMaxPicks(2).pick(tomo)).hasSize(2);
        double third = base.pick(tomo).get(2).score();
        assertThat(base.withThreshold(third).pick(tomo)).hasSize(3);
        List<Subvolume> quantile = base.withThresholdQuantile(0.999).pick(tomo);
        assertThat(quantile.size()).isBetween(1, all - 1);
    }

    @Test
    void boundaryPolicyDecidesAboutBoxesThatLeave() {
        Volume tomo = balls(48, -1, new int[][] {{6, 24, 24}, {24, 24, 24}});
        SubvolumePicker p = SubvolumePicker.dog().withSigma(3).withBoxSize(16).withMaxPicks(2);
        assertThat(p.pick(tomo)).noneSatisfy(s -> assertThat(s.x()).isLessThan(8));
        List<Subvolume> filled = p.withBoundary(BoundaryPolicy.FILL_MEAN).pick(tomo);
        assertThat(filled).anySatisfy(s -> assertThat(s.x()).isLessThan(8));
        assertThat(filled).allSatisfy(s -> assertThat(s.voxels().nx()).isEqualTo(16));
    }

    @Test
    void rejectsBadSettingsClearly() {
        assertThatThrownBy(() -> SubvolumePicker.dog().withBoxSize(30)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("multiple of 4").hasMessageContaining("32");
        assertThatThrownBy(() -> SubvolumePicker.dog().withScaleRatio(1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SubvolumePicker.dog()
                .withThresholdQuantile(2)).isInstanceOf(IllegalArgumentException.class);
        Volume bad = Volume.zeros(8, 8, 8);
        bad.set(1, 1, 1, Float.NaN);
        assertThatThrownBy(() -> SubvolumePicker.dog().withBoxSize(8).pick(bad)).hasMessageContaining("NaN");
        assertThatThrownBy(() -> SubvolumePicker.dog().pick(Volume.zeros(40, 40, 20)))
                .isInstanceOf(org.cryomine.core.CryomineException.class).hasMessageContaining("no 32^3 box fits");
        assertThat(SubvolumePicker.dog().withBoundary(BoundaryPolicy.MIRROR).pick(Volume.zeros(40, 40, 20))).isEmpty();
    }

    @Test
    void settersReturnNewInstancesAndReportProgress() {
        SubvolumePicker a = SubvolumePicker.dog();
        SubvolumePicker b = a.withBoxSize(16);
        assertThat(a.boxSize()).isEqualTo(32);
        assertThat(a.sigma()).isEqualTo(5);
        assertThat(a.smoothingSigma()).isEqualTo(2);
        assertThat(a.scaleRatio()).isEqualTo(1.1);
        assertThat(a.minDistance()).isEqualTo(10);
        assertThat(a.contrast()).isEqualTo(Contrast.DARK);
        assertThat(a.sigmaAngst()).isNaN();
        assertThat(a.withSigmaAngst(71).sigmaAngst()).isEqualTo(71);
        assertThat(b.boxSize()).isEqualTo(16);
        AtomicInteger calls = new AtomicInteger();
        b.withSigma(3).pick(balls(48, -1, new int[][] {{24, 24, 24}}), "t", (stage, done, total) -> calls.incrementAndGet());
        assertThat(calls.get()).isGreaterThan(3);
    }

    @Test
    void gridExtractionTilesTheTomogram() {
        Volume tomo = Volume.fromFunction(40, 40, 24, (x, y, z) -> x + 100 * y + 10000 * z);
        List<Subvolume> boxes = SubvolumePicker.grid().withBoxSize(16).withStep(8).extract(tomo);
        // centres 8, 16, 24, 32 along x and y (box fits), 8, 16 along z
        assertThat(boxes).hasSize(4 * 4 * 2);
        Subvolume s = boxes.get(1);
        assertThat(s.x()).isEqualTo(16);
        assertThat(s.voxels().get(8, 8, 8)).isEqualTo(tomo.get(16, 8, 8));
        assertThat(SubvolumePicker.grid().withBoxSize(16).withStep(8).withBoundary(BoundaryPolicy.MIRROR).extract(tomo))
                .hasSize(5 * 5 * 3);
        // positions() lists the same centres without cutting boxes
        List<int[]> positions = SubvolumePicker.grid().withBoxSize(16).withStep(8).positions(tomo);
        assertThat(positions).hasSize(boxes.size());
        for (int i = 0; i < boxes.size(); i++) {
            assertThat(positions.get(i)).containsExactly(boxes.get(i).x(), boxes.get(i).y(), boxes.get(i).z());
        }
    }
}
