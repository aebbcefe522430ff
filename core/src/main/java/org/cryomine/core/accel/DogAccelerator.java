package org.cryomine.core.accel;

import org.cryomine.core.Volume;

/**
 * A service provider that computes the DoG picker's response and its local maxima on a device (e.g. a GPU),
 * found by {@link Accelerators} through {@link java.util.ServiceLoader}. Implementations have a public
 * no-argument constructor that loads nothing native; {@link #status()} probes the device the first time it
 * is called, caches the answer and never throws.
 *
 * <p>Results agree with the CPU path ({@link DogRequest#cpuFilter} times the sign, then {@link
 * org.cryomine.core.pick.PeakFinder#localMaxima}) to float32 rounding: the response within 1e-4 relative to
 * its largest magnitude, and the maxima exactly as defined on the response the accelerator computed.
 * Implementations must be thread-safe.
 */
public interface DogAccelerator {

    /** A short name, e.g. "cuda", used in log lines and by {@code -Dcryomine.accelerator=NAME}. */
    String name();

    /** Whether a usable device is present, probed once and cached; never throws. */
    AcceleratorStatus status();

    /**
     * Uploads {@code tomogram} and computes the signed response of {@code request} on the device. The
     * tomogram is not modified. The caller closes the returned computation.
     *
     * @throws AcceleratorException when the device cannot run it (not available, out of memory, a kernel
     *         radius too large for the device, a failed launch); the CPU gives the same result
     */
    DogComputation compute(Volume tomogram, DogRequest request);
}
