package org.cryomine.core.pick;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.cryomine.core.BoundaryPolicy;
import org.cryomine.core.ProgressListener;
import org.cryomine.core.metrics.PickingMetrics;
import org.cryomine.core.simulate.ObjectClass;
import org.cryomine.core.simulate.SimulatedObject;
import org.cryomine.core.simulate.SimulatedTomogram;
import org.cryomine.core.simulate.SimulationPreset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Multi-scale against single-scale (sigma 5, the paper's) DoG picking on simulator presets whose globules are 6 to
 * 20 voxels across. Both keep their strongest 2N picks, N the number of globules (boxes may leave the tomogram:
 * MIRROR); a pick hits an object within a quarter of its diameter (at least 3 voxels), one to one.
 * Measured at seed 1 (small-globule recall single / multi; large): spheres-baseline 0.15 / 0.98 (1.00 / 1.00),
 * ellipsoid-vesicles 0.12 / 0.94 (0.95 / 0.95), crowded-low-snr 0.10 / 0.89 (0.97 / 0.97), two-lobed-particles
 * 0.08 / 0.63 (0.93 / 0.76: a two-lobed large globule is often picked on one lobe, 0.45 R from its centre).
 */
class MultiScalePickingQualityTest {

    static final SubvolumePicker MULTI = SubvolumePicker.dog().withSmoothingSigma(1).withMultiScale(1.5, 6, 5)
            .withMinDistance(4)
            .withBoundary(BoundaryPolicy.MIRROR).withThreads(2);
    static final SubvolumePicker SINGLE = SubvolumePicker.dog().withBoundary(BoundaryPolicy.MIRROR).withThreads(2);

    @ParameterizedTest
    @CsvSource({"spheres-baseline, 0.9, 0.95", "ellipsoid-vesicles, 0.85, 0.9", "crowded-low-snr, 0.8, 0.9",
        "two-lobed-particles, 0.55, 0.7"})
    void multiScaleFindsTheSmallGlobulesTooAtTheSameBudget(String name, double smallBar, double largeBar) {
        SimulatedTomogram s = SimulationPreset.named(name).builder(1).threads(2).build().simulate();
        int budget = 2 * (s.objects(ObjectClass.SMALL_GLOBULE).size() + s.objects(ObjectClass.LARGE_GLOBULE).size());
        PickingMetrics.Report multi = evaluate(MULTI.withMaxPicks(budget), s);
        PickingMetrics.Report single = evaluate(SINGLE.withMaxPicks(budget), s);
        assertThat(multi.recall(ObjectClass.SMALL_GLOBULE)).isGreaterThanOrEqualTo(smallBar)
                .isGreaterThan(single.recall(ObjectClass.SMALL_GLOBULE) + 0.4);
        assertThat(multi.recall(ObjectClass.LARGE_GLOBULE)).isGreaterThanOrEqualTo(largeBar)
                .isGreaterThanOrEqualTo(single.recall(ObjectClass.LARGE_GLOBULE) - 0.2);
        assertThat(multi.precision()).isGreaterThan(single.precision());
    }

    private static PickingMetrics.Report evaluate(SubvolumePicker picker, SimulatedTomogram s) {
        List<Peak> peaks = picker.findPeaks(s.tomogram(), ProgressListener.NONE, null);
        List<SimulatedObject> truth = s.objects();
        return PickingMetrics.evaluatePeaks(peaks, truth, o -> Math.max(3, o.size() / 4));
    }
}
