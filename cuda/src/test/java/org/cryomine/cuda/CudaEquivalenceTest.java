package org.cryomine.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.cryomine.core.ProgressListener;
import org.cryomine.core.Volume;
import org.cryomine.core.accel.AcceleratorStatus;
import org.cryomine.core.accel.DogAccelerator;
import org.cryomine.core.accel.DogAcceleratorContract;
import org.cryomine.core.accel.DogComputation;
import org.cryomine.core.accel.DogRequest;
import org.cryomine.core.pick.Peak;
import org.cryomine.core.pick.PeakFinder;
import org.cryomine.core.pick.SubvolumePicker;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * CUDA versus CPU: the shared {@link DogAcceleratorContract} (response within 1e-4 of core's DogFilter in
 * every boundary mode, maxima exactly PeakFinder's, the picker's peaks the CPU's) plus the paper's picker
 * settings on a larger volume. Runs only where a CUDA device is present (skipped with the probe's reason
 * elsewhere); on a GPU machine run it with {@code cuda/gpu-check.sh}.
 */
class CudaEquivalenceTest extends DogAcceleratorContract {

    private static final CudaDogAccelerator CUDA = new CudaDogAccelerator();

    @Override
    protected DogAccelerator accelerator() {
        AcceleratorStatus s = CUDA.status();
        Assumptions.assumeTrue(s.available(), () -> "no CUDA device here (" + s.description() + "); the CUDA-versus-CPU"
                + " equivalence runs on a GPU machine: cuda/gpu-check.sh");
        return CUDA;
    }

    @Test
    void thePapersPickerSettingsMatchTheCpuOnALargerVolume() {
        DogAccelerator gpu = accelerator();
        Volume tomo = phantom(301, 257, 96, 21);
        DogRequest request = DogRequest.of(2, 5, 1.1, -1);
        try (DogComputation c = gpu.compute(tomo, request)) {
            Volume response = c.response();
            assertClose(cpuResponse(tomo, request), response, "smoothing 2, sigma 5, K 1.1");
            List<Peak> peaks = c.localMaxima(Double.NEGATIVE_INFINITY);
            assertThat(peaks).hasSizeGreaterThan(100).isEqualTo(PeakFinder.localMaxima(response, Double.NEGATIVE_INFINITY, 2));
        }
        SubvolumePicker picker = SubvolumePicker.dog().withThreads(2);
        List<Peak> cpu = picker.findPeaks(tomo, ProgressListener.NONE, null);
        List<Peak> onGpu = picker.findPeaks(tomo, ProgressListener.NONE, gpu);
        assertThat(onGpu).hasSameSizeAs(cpu);
        for (int i = 0; i < cpu.size(); i++) {
            assertThat(List.of(onGpu.get(i).x(), onGpu.get(i).y(), onGpu.get(i).z())).as("peak %d", i)
                    .isEqualTo(List.of(cpu.get(i).x(), cpu.get(i).y(), cpu.get(i).z()));
        }
    }

    @Test
    void theKernelTimeIsMeasured() {
        accelerator();
        try (CudaDogComputation c = CUDA.compute(phantom(64, 64, 64, 1), DogRequest.of(2, 5, 1.1, -1))) {
            assertThat(c.kernelMillis()).isPositive();
        }
    }
}
