package org.cryomine.core.pick;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.cryomine.core.ProgressListener;
import org.cryomine.core.Vec3;
import org.cryomine.core.Volume;
import org.cryomine.core.metrics.PickingMetrics;
import org.cryomine.core.simulate.ObjectClass;
import org.cryomine.core.simulate.SimulatedObject;
import org.cryomine.core.simulate.SimulatedTomogram;
import org.cryomine.core.simulate.TomogramSimulator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The picking bars of issue 3 on a 192x192x96 simulated tomogram with the default object density, SNR (0.5)
 * and missing wedge (±60°). A pick hits an object when it lies within a quarter of the object's diameter of
 * its centre (at least 3 voxels); matching is one-to-one.
 */
class PickingQualityTest {

    private static SimulatedTomogram sim;

    @BeforeAll
    static void simulate() {
        sim = TomogramSimulator.builder().size(192, 192, 96).seed(3).threads(2).build().simulate();
    }

    private static double hitRadius(SimulatedObject o) {
        return Math.max(3, o.size() / 4);
    }

    private static List<SimulatedObject> fitting(ObjectClass cls, int box) {
        Volume t = sim.tomogram();
        return sim.objects(cls).stream().filter(o -> t.boxFits((int) o.centre().x(), (int) o.centre().y(),
                (int) o.centre().z(), box, box, box)).toList();
    }

    private static double chanceRecall(int picks, List<SimulatedObject> truth) {
        SplittableRandom r = new SplittableRandom(9);
        Volume t = sim.tomogram();
        List<Vec3> random = new ArrayList<>();
        for (int i = 0; i < picks; i++) {
            random.add(new Vec3(r.nextInt(t.nx()), r.nextInt(t.ny()), r.nextInt(t.nz())));
        }
        return PickingMetrics.evaluate(random, truth, PickingQualityTest::hitRadius).recall(truth.get(0).cls());
    }

    @Test
    void defaultsFindTheLargeGlobules() {
        List<SimulatedObject> truth = fitting(ObjectClass.LARGE_GLOBULE, 32);
        assertThat(truth.size()).isGreaterThan(15);
        List<Peak> peaks = SubvolumePicker.dog().withThreads(2).findPeaks(sim.tomogram(), ProgressListener.NONE);
        double recall = PickingMetrics.evaluatePeaks(peaks, truth, PickingQualityTest::hitRadius)
                .recall(ObjectClass.LARGE_GLOBULE);
        assertThat(recall).isGreaterThanOrEqualTo(0.9);
        assertThat(chanceRecall(peaks.size(), truth)).isLessThan(0.5);
    }

    @Test
    void sigmaForSmallGlobulesFindsThem() {
        // small globules: radius 2.8-4.2 voxels, so r / sqrt(3) is about 2 = sqrt(sigma^2 + smoothing^2)
        double sigma = Math.sqrt(3.5 * 3.5 / 3 - 1);
        List<SimulatedObject> truth = fitting(ObjectClass.SMALL_GLOBULE, 8);
        assertThat(truth.size()).isGreaterThan(30);
        List<Peak> peaks = SubvolumePicker.dog().withSmoothingSigma(1).withSigma(sigma).withBoxSize(8).withThreads(2)
                .findPeaks(sim.tomogram(), ProgressListener.NONE);
        double recall = PickingMetrics.evaluatePeaks(peaks, truth, PickingQualityTest::hitRadius)
                .recall(ObjectClass.SMALL_GLOBULE);
        assertThat(recall).isGreaterThanOrEqualTo(0.8);
        assertThat(chanceRecall(peaks.size(), truth)).isLessThan(0.2);
    }
}
