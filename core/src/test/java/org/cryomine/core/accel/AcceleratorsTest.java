package org.cryomine.core.accel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.cryomine.core.ProgressListener;
import org.cryomine.core.Volume;
import org.cryomine.core.pick.Peak;
import org.cryomine.core.pick.SubvolumePicker;
import org.junit.jupiter.api.Test;

class AcceleratorsTest {

    /** A provider with a fixed status that fails every computation with an {@link AcceleratorException}. */
    private static class Fixed implements DogAccelerator {
        private final String name;
        private final AcceleratorStatus status;
        private int computeCalls;

        Fixed(String name, AcceleratorStatus status) {
            this.name = name;
            this.status = status;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public AcceleratorStatus status() {
            return status;
        }

        @Override
        public DogComputation compute(Volume tomogram, DogRequest request) {
            computeCalls++;
            throw new AcceleratorException(name + " is out of memory (test)");
        }
    }

    private static final class Throwing extends Fixed {
        Throwing() {
            super("throwing", AcceleratorStatus.available("never returned (test)"));
        }

        @Override
        public AcceleratorStatus status() {
            throw new NoClassDefFoundError("Could not initialize class org.bytedeco.cuda.global.cudart (test)");
        }
    }

    @Test
    void noProviderMeansTheCpu() {
        assertThat(Accelerators.choose(List.of(), "auto")).isEmpty();
    }

    @Test
    void theFirstAvailableProviderIsChosen() {
        DogAccelerator off = new Fixed("off", AcceleratorStatus.unavailable("no device (test)"));
        DogAccelerator on = new Fixed("on", AcceleratorStatus.available("device (test)"));
        DogAccelerator second = new Fixed("second", AcceleratorStatus.available("another device (test)"));
        assertThat(Accelerators.choose(List.of(off, on, second), "auto")).containsSame(on);
        assertThat(Accelerators.choose(List.of(off), "auto")).isEmpty();
    }

    @Test
    void aStatusCheckThatThrowsCountsAsUnavailable() {
        assertThat(Accelerators.choose(List.of(new Throwing()), "auto")).isEmpty();
    }

    @Test
    void thePropertyForcesTheCpuOrNamesAProvider() {
        DogAccelerator a = new Fixed("a", AcceleratorStatus.available("device a (test)"));
        DogAccelerator b = new Fixed("b", AcceleratorStatus.available("device b (test)"));
        assertThat(Accelerators.choose(List.of(a, b), "cpu")).isEmpty();
        assertThat(Accelerators.choose(List.of(a, b), " CPU ")).isEmpty();
        assertThat(Accelerators.choose(List.of(a, b), "B")).containsSame(b);
        assertThat(Accelerators.choose(List.of(a, b), "missing")).isEmpty();
        assertThat(Accelerators.choose(List.of(a, b), null)).containsSame(a);
    }

    @Test
    void coreAloneHasNoProvider() {
        // core's own class path carries no provider: picking stays on the CPU and loads nothing native
        assertThat(Accelerators.dogProviders()).isEmpty();
        assertThat(Accelerators.dog()).isEmpty();
    }

    @Test
    void statusNeedsADescription() {
        assertThatThrownBy(() -> AcceleratorStatus.unavailable(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("description");
    }

    @Test
    void requestsAreValidated() {
        assertThatThrownBy(() -> DogRequest.of(0, 5, 1.0, -1)).hasMessageContaining("greater than 1");
        assertThatThrownBy(() -> DogRequest.of(-1, 5, 1.1, -1)).hasMessageContaining("smoothing");
        assertThatThrownBy(() -> DogRequest.of(0, 5, 1.1, 2)).hasMessageContaining("+1 or -1");
    }

    @Test
    void aFailingAcceleratorFallsBackToTheCpuWithTheSameResult() {
        Volume tomo = DogAcceleratorContract.phantom(40, 40, 40, 4);
        SubvolumePicker p = SubvolumePicker.dog().withSigma(3).withMinDistance(6).withBoxSize(8).withThreads(2);
        Fixed failing = new Fixed("failing", AcceleratorStatus.available("device (test)"));
        List<Peak> cpu = p.findPeaks(tomo, ProgressListener.NONE, null);
        assertThat(p.findPeaks(tomo, ProgressListener.NONE, failing)).isNotEmpty().isEqualTo(cpu);
        assertThat(p.response(tomo, ProgressListener.NONE, failing).data())
                .isEqualTo(p.response(tomo, ProgressListener.NONE, null).data());
        assertThat(failing.computeCalls).isEqualTo(2);
    }

    @Test
    void theAcceleratorPathIsTaken() {
        ReferenceDogAccelerator ref = new ReferenceDogAccelerator();
        Volume tomo = DogAcceleratorContract.phantom(32, 32, 32, 6);
        SubvolumePicker p = SubvolumePicker.dog().withSigma(2).withMinDistance(5).withBoxSize(8).withThreads(1)
                .withThresholdQuantile(0.5);
        assertThat(p.findPeaks(tomo, ProgressListener.NONE, ref)).isEqualTo(p.findPeaks(tomo, ProgressListener.NONE, null));
        assertThat(ref.computations()).isEqualTo(1);
        assertThat(Optional.of(ref).map(DogAccelerator::name)).contains("reference");
    }
}
