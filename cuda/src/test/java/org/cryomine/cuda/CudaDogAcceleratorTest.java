package org.cryomine.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.cryomine.core.ProgressListener;
import org.cryomine.core.Volume;
import org.cryomine.core.accel.AcceleratorException;
import org.cryomine.core.accel.AcceleratorStatus;
import org.cryomine.core.accel.Accelerators;
import org.cryomine.core.accel.DogAccelerator;
import org.cryomine.core.accel.DogAcceleratorContract;
import org.cryomine.core.accel.DogRequest;
import org.cryomine.core.pick.Peak;
import org.cryomine.core.pick.SubvolumePicker;
import org.junit.jupiter.api.Test;

/**
 * The provider on any machine: found through ServiceLoader, probes once without letting an exception
 * escape, and (without a device, as on the CI machines) reports why and leaves picking on the CPU with the
 * CPU's results; with a device, is the accelerator the picker uses.
 */
class CudaDogAcceleratorTest {

    @Test
    void theProviderIsFoundThroughServiceLoader() {
        List<DogAccelerator> providers = Accelerators.dogProviders();
        assertThat(providers).hasAtLeastOneElementOfType(CudaDogAccelerator.class);
        assertThat(providers).filteredOn(p -> p instanceof CudaDogAccelerator).extracting(DogAccelerator::name)
                .containsExactly("cuda");
    }

    @Test
    void theProbeRunsOnceAndSaysWhy() {
        CudaDogAccelerator a = new CudaDogAccelerator();
        AcceleratorStatus first = a.status();
        AcceleratorStatus second = new CudaDogAccelerator().status();
        assertThat(second).isSameAs(first);
        assertThat(first.description()).isNotBlank();
        if (first.available()) {
            assertThat(first.description()).contains("compute").contains("GiB");
        } else {
            assertThat(first.description()).containsAnyOf("no kernels built", "no CUDA driver",
                    "did not initialise", "no device", "opening the CUDA device failed");
        }
    }

    @Test
    void onLinuxWithoutTheDriversFilesNoNativeCodeIsLoaded() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT)
                .contains("linux"), "the driver's files are checked on Linux only");
        boolean driver = CudaProbe.DRIVER_PATHS.stream().anyMatch(p -> java.nio.file.Files.exists(java.nio.file.Path.of(p)));
        String reason = CudaProbe.noDriverReason();
        assertThat(reason == null).as("reason %s with driver files %s", reason, driver).isEqualTo(driver);
        if (!driver) {
            assertThat(reason).contains("/dev/nvidiactl");
            assertThat(new CudaDogAccelerator().status().description()).containsAnyOf("no kernels built", "no NVIDIA driver");
        }
    }

    @Test
    void kernelsAreBuiltExactlyWhenTheBuildHadNvcc() {
        String built = System.getProperty("cryomine.cuda.kernels"); // set by cuda/pom.xml: "built" or "none"
        org.junit.jupiter.api.Assumptions.assumeTrue(built != null, "run by Maven, which says whether nvcc was found");
        assertThat(CudaProbe.kernelsBuilt()).as("dog.fatbin in the jar (build: %s)", built).isEqualTo(built.equals("built"));
        if (built.equals("none")) {
            assertThat(new CudaDogAccelerator().status().available()).isFalse();
            assertThat(new CudaDogAccelerator().status().description()).startsWith("no kernels built");
        }
    }

    @Test
    void withoutADeviceComputeFailsCleanlyAndRepeatably() {
        CudaDogAccelerator a = new CudaDogAccelerator();
        AcceleratorStatus s = a.status();
        org.junit.jupiter.api.Assumptions.assumeFalse(s.available(), "a CUDA device is present: " + s.description());
        Volume tomo = Volume.zeros(8, 8, 8);
        for (int i = 0; i < 2; i++) { // a second use must not meet a NoClassDefFoundError
            assertThatThrownBy(() -> a.compute(tomo, DogRequest.of(0, 1, 1.1, -1)))
                    .isInstanceOf(AcceleratorException.class).hasMessageContaining(s.description());
        }
    }

    @Test
    void thePickerUsesTheGpuWhenThereIsOneAndOtherwiseGivesTheCpuResults() {
        AcceleratorStatus s = new CudaDogAccelerator().status();
        Optional<DogAccelerator> chosen = Accelerators.dog();
        Volume tomo = Volume.gaussianNoise(48, 44, 40, 17);
        SubvolumePicker picker = SubvolumePicker.dog().withSigma(2.5).withMinDistance(5).withBoxSize(8).withThreads(2);
        List<Peak> cpu = picker.findPeaks(tomo, ProgressListener.NONE, null);
        List<Peak> auto = picker.findPeaks(tomo, ProgressListener.NONE);
        if (s.available()) {
            assertThat(chosen).get().isInstanceOf(CudaDogAccelerator.class);
            assertThat(auto).hasSameSizeAs(cpu);
        } else {
            assertThat(chosen).isEmpty();
            assertThat(auto).isNotEmpty().isEqualTo(cpu);
            assertThat(picker.response(tomo, ProgressListener.NONE).data())
                    .isEqualTo(picker.response(tomo, ProgressListener.NONE, null).data());
        }
    }

    /** The shared contract and larger equivalence checks, on a GPU only. */
    @Test
    void theContractSuiteSkipsWithAReasonWithoutADevice() {
        AcceleratorStatus s = new CudaDogAccelerator().status();
        if (!s.available()) {
            assertThatThrownBy(() -> new CudaEquivalenceTest().accelerator())
                    .isInstanceOf(org.opentest4j.TestAbortedException.class)
                    .hasMessageContaining("no CUDA device").hasMessageContaining(s.description());
        } else {
            assertThat(new CudaEquivalenceTest().accelerator()).isInstanceOf(CudaDogAccelerator.class);
        }
    }

    @Test
    void theReasonNamesTheMissingLibrary() {
        UnsatisfiedLinkError inner = new UnsatisfiedLinkError("/root/.javacpp/cache/x.jar/org/bytedeco/cuda/linux-x86_64/"
                + "libjnicudart.so: libcuda.so.1: cannot open shared object file: No such file or directory");
        UnsatisfiedLinkError outer = new UnsatisfiedLinkError("no jnicudart in java.library.path: /usr/lib");
        outer.initCause(inner);
        assertThat(CudaProbe.rootReason(outer)).isEqualTo("libcuda.so.1: cannot open shared object file: No such file or"
                + " directory");
        assertThat(CudaProbe.rootReason(new NoClassDefFoundError("Could not initialize class X")))
                .isEqualTo("java.lang.NoClassDefFoundError: Could not initialize class X");
    }

    @Test
    void contractHelpersAreVisible() {
        // the contract suite comes from core's test jar
        assertThat(DogAcceleratorContract.class).isAbstract();
    }
}
