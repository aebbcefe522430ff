package org.cryomine.core.accel;

import java.util.Objects;

/**
 * Whether an accelerator can run, and in words why or why not.
 *
 * @param available   true when the accelerator found a usable device and its kernels
 * @param description the device (e.g. "NVIDIA H100, compute 9.0, 79.1 GiB") when available, otherwise the
 *                    reason it is not (e.g. "no CUDA driver: libcuda.so.1 could not be loaded"); never blank
 */
public record AcceleratorStatus(boolean available, String description) {

    public AcceleratorStatus {
        Objects.requireNonNull(description, "description");
        if (description.isBlank()) {
            throw new IllegalArgumentException("an accelerator status needs a description saying which device or why none");
        }
    }

    /** A usable device, described in words. */
    public static AcceleratorStatus available(String device) {
        return new AcceleratorStatus(true, device);
    }

    /** No usable device, with the reason in words. */
    public static AcceleratorStatus unavailable(String reason) {
        return new AcceleratorStatus(false, reason);
    }
}
