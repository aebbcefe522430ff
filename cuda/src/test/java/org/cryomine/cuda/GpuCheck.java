package org.cryomine.cuda;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintWriter;
import org.cryomine.core.accel.AcceleratorStatus;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs this module's JUnit tests (the CUDA-versus-CPU equivalence among them) without Maven, for a GPU
 * machine that only has a Java runtime and the jars (cuda/gpu-check.sh), then the benchmark. Exits 1 when a
 * test fails, 3 when the equivalence tests were skipped (no device), 0 otherwise. A command-line tool.
 *
 * <pre>java -cp ... org.cryomine.cuda.GpuCheck [benchmark arguments | --no-benchmark]</pre>
 */
public final class GpuCheck {

    private GpuCheck() {
    }

    public static void main(String[] args) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(CudaDogAcceleratorTest.class), selectClass(CudaEquivalenceTest.class)).build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(request, listener);
        TestExecutionSummary summary = listener.getSummary();
        PrintWriter out = new PrintWriter(System.out, true);
        summary.printTo(out);
        summary.printFailuresTo(out, 30);
        AcceleratorStatus status = new CudaDogAccelerator().status();
        System.out.println("CUDA status: " + status);
        if (summary.getTotalFailureCount() > 0) {
            System.exit(1);
        }
        // Two tests abort by design on a GPU machine outside Maven (one needs a device to be absent, one needs
        // Maven's word on nvcc), so the device's presence, not the abort count, says whether the equivalence ran.
        if (!status.available()) {
            System.out.println("GpuCheck: the equivalence tests were skipped: no usable CUDA device");
            System.exit(3);
        }
        if (args.length == 0 || !args[0].equals("--no-benchmark")) {
            GpuDogBenchmark.main(args);
        }
    }
}
