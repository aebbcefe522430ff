package org.cryomine.cuda;

import java.io.IOException;
import java.io.InputStream;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.Loader;
import org.cryomine.core.accel.AcceleratorStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the CUDA device once per JVM: checks that the kernels were built (the {@value #FATBIN} resource),
 * loads JavaCPP's CUDA bindings (which need the NVIDIA driver's libcuda.so.1 and the CUDA 13 runtime
 * libcudart.so.13), initialises the driver and opens device 0 (use CUDA_VISIBLE_DEVICES to pick another).
 * Any failure, including the UnsatisfiedLinkError of a machine without a driver, becomes an unavailable
 * status with the reason; the bindings are never touched again after a failure (a second use would throw
 * NoClassDefFoundError).
 */
final class CudaProbe {

    /** Class-path resource (next to this class) holding the nvcc-built kernels. */
    static final String FATBIN = "dog.fatbin";

    private static final Logger LOG = LoggerFactory.getLogger(CudaProbe.class);

    private final AcceleratorStatus status;
    private final CudaDevice device;

    private CudaProbe(AcceleratorStatus status, CudaDevice device) {
        this.status = status;
        this.device = device;
    }

    private static final class Once {
        static final CudaProbe RESULT = run();
    }

    /** The probe's cached result (the first call probes). */
    static CudaProbe get() {
        return Once.RESULT;
    }

    AcceleratorStatus status() {
        return status;
    }

    /** The device, or null when {@link #status()} is unavailable. */
    CudaDevice device() {
        return device;
    }

    /** Whether the kernels were compiled into this jar (nvcc was found at build time). */
    static boolean kernelsBuilt() {
        return CudaProbe.class.getResource(FATBIN) != null;
    }

    private static CudaProbe run() {
        byte[] fatbin;
        try (InputStream in = CudaProbe.class.getResourceAsStream(FATBIN)) {
            if (in == null) {
                return unavailable("no kernels built: nvcc was not found when cryomine-cuda was built (install the"
                        + " CUDA toolkit and rebuild to get org/cryomine/cuda/" + FATBIN + ")", null);
            }
            fatbin = in.readAllBytes();
        } catch (IOException e) {
            return unavailable("the kernels could not be read: " + e.getMessage(), e);
        }
        String noDriver = noDriverReason();
        if (noDriver != null) {
            return unavailable("no CUDA driver or runtime: " + noDriver, null);
        }
        try {
            Loader.load(cudart.class);
        } catch (Throwable e) { // UnsatisfiedLinkError, NoClassDefFoundError, ExceptionInInitializerError, ...
            if (e instanceof VirtualMachineError vme && !(e instanceof StackOverflowError)) {
                throw vme;
            }
            return unavailable("no CUDA driver or runtime: JavaCPP's CUDA bindings could not be loaded (they need the"
                    + " NVIDIA driver's libcuda.so.1 and the CUDA 13 runtime libcudart.so.13 on the library path): "
                    + rootReason(e), e);
        }
        try {
            int r = cudart.cuInit(0);
            if (r != 0) {
                return unavailable("the CUDA driver did not initialise: " + CudaException.describe(r), null);
            }
            int[] count = new int[1];
            r = cudart.cuDeviceGetCount(count);
            if (r != 0 || count[0] == 0) {
                return unavailable(r != 0 ? "cuDeviceGetCount failed: " + CudaException.describe(r)
                        : "the CUDA driver found no device", null);
            }
            CudaDevice device = CudaDevice.open(0, fatbin);
            LOG.debug("CUDA DoG kernels loaded on {} ({} bytes of fatbin)", device.description(), fatbin.length);
            return new CudaProbe(AcceleratorStatus.available(device.description()), device);
        } catch (RuntimeException | LinkageError e) {
            return unavailable("opening the CUDA device failed: " + firstLine(e), e);
        }
    }

    /**
     * Why the NVIDIA driver cannot be there, without loading any native library (JavaCPP's loader takes about 0.1 s of
     * every command that picks): on Linux, none of the driver's device nodes ({@code /dev/nvidiactl},
     * {@code /dev/nvidia0}; {@code /dev/dxg} under WSL 2) nor {@code /proc/driver/nvidia} exists. Null where the driver
     * may be there, or on another operating system (the loader then decides).
     */
    static String noDriverReason() {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            return null;
        }
        for (String p : DRIVER_PATHS) {
            if (java.nio.file.Files.exists(java.nio.file.Path.of(p))) {
                return null;
            }
        }
        return "no NVIDIA driver on this machine (none of " + String.join(", ", DRIVER_PATHS) + " exists)";
    }

    /** Paths of which at least one exists on a Linux machine with the NVIDIA driver loaded. */
    static final java.util.List<String> DRIVER_PATHS = java.util.List.of("/dev/nvidiactl", "/dev/nvidia0",
            "/proc/driver/nvidia", "/dev/dxg");

    private static CudaProbe unavailable(String reason, Throwable cause) {
        if (cause != null) {
            LOG.debug("CUDA probe: {}", reason, cause);
        }
        return new CudaProbe(AcceleratorStatus.unavailable(reason), null);
    }

    /**
     * The innermost cause's message, shortened to the library the dynamic linker missed where it says so
     * (JavaCPP's outer error only says that jnicudart is not on java.library.path).
     */
    static String rootReason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = firstLine(root);
        int so = m.indexOf(".so: ");
        return so >= 0 && m.contains("cannot open shared object file") ? m.substring(so + 5) : m;
    }

    private static String firstLine(Throwable e) {
        String m = String.valueOf(e);
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
