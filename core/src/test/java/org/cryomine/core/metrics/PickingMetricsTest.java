package org.cryomine.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.cryomine.core.Vec3;
import org.cryomine.core.simulate.ObjectClass;
import org.cryomine.core.simulate.Orientation;
import org.cryomine.core.simulate.SimulatedObject;
import org.junit.jupiter.api.Test;

class PickingMetricsTest {

    private static SimulatedObject obj(ObjectClass c, double x, double y, double z) {
        return new SimulatedObject(c, new Vec3(x, y, z), Orientation.IDENTITY, 10, "globule");
    }

    @Test
    void oneToOneGreedyMatchingByDistance() {
        List<SimulatedObject> truth = List.of(obj(ObjectClass.LARGE_GLOBULE, 0, 0, 0), obj(ObjectClass.LARGE_GLOBULE, 4, 0, 0),
                obj(ObjectClass.SMALL_GLOBULE, 50, 50, 50), obj(ObjectClass.SMALL_GLOBULE, 80, 80, 80));
        // pick A at (1,0,0) is 1 from object 0 and 3 from object 1; pick B at (3,0,0) is 1 from object 1:
        // greedy by distance pairs A-0 and B-1. Pick C hits the first small globule; pick D hits nothing.
        List<Vec3> picks = List.of(new Vec3(1, 0, 0), new Vec3(3, 0, 0), new Vec3(51, 50, 50), new Vec3(20, 20, 20));
        PickingMetrics.Report r = PickingMetrics.evaluate(picks, truth, 3.5);
        assertThat(r.recall(ObjectClass.LARGE_GLOBULE)).isEqualTo(1.0);
        assertThat(r.recall(ObjectClass.SMALL_GLOBULE)).isEqualTo(0.5);
        assertThat(r.precision()).isEqualTo(0.75);
        assertThat(r.precision(ObjectClass.LARGE_GLOBULE)).isEqualTo(0.5);
        assertThat(r.recall(ObjectClass.GOLD)).isNaN();
        // two picks on one object count once
        PickingMetrics.Report twice = PickingMetrics.evaluate(List.of(new Vec3(0, 0, 0), new Vec3(0, 1, 0)),
                List.of(obj(ObjectClass.GOLD, 0, 0, 0)), 2);
        assertThat(twice.recall(ObjectClass.GOLD)).isEqualTo(1.0);
        assertThat(twice.precision()).isEqualTo(0.5);
        assertThat(PickingMetrics.evaluate(List.of(new Vec3(0, 0, 2.5)), List.of(obj(ObjectClass.GOLD, 0, 0, 0)), 2)
                .recall(ObjectClass.GOLD)).isEqualTo(0.0);
    }
}
