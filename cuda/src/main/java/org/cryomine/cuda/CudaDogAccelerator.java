package org.cryomine.cuda;

import java.util.Objects;
import org.cryomine.core.Volume;
import org.cryomine.core.accel.AcceleratorException;
import org.cryomine.core.accel.AcceleratorStatus;
import org.cryomine.core.accel.DogAccelerator;
import org.cryomine.core.accel.DogRequest;

/**
 * The CUDA DoG accelerator, registered for {@link java.util.ServiceLoader} in
 * {@code META-INF/services/org.cryomine.core.accel.DogAccelerator}: hand-written kernels (dog.cu, built by
 * nvcc into a fatbin resource) launched through the CUDA driver API of JavaCPP's {@code org.bytedeco:cuda}
 * on device 0's primary context. Constructing it loads nothing native; {@link #status()} probes once per
 * JVM (see {@link CudaProbe}) and reports a machine without a driver, device or kernels as unavailable with
 * the reason. Thread-safe.
 */
public final class CudaDogAccelerator implements DogAccelerator {

    /** For ServiceLoader. */
    public CudaDogAccelerator() {
    }

    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public AcceleratorStatus status() {
        return CudaProbe.get().status();
    }

    /**
     * {@inheritDoc}
     *
     * @return a {@link CudaDogComputation}
     */
    @Override
    public CudaDogComputation compute(Volume tomogram, DogRequest request) {
        Objects.requireNonNull(tomogram, "tomogram");
        Objects.requireNonNull(request, "request");
        CudaProbe probe = CudaProbe.get();
        if (probe.device() == null) {
            throw new AcceleratorException("no CUDA device: " + probe.status().description());
        }
        return new CudaDogComputation(probe.device(), tomogram, request);
    }

    @Override
    public String toString() {
        return "CudaDogAccelerator[" + (CudaProbe.kernelsBuilt() ? "kernels built" : "no kernels built") + "]";
    }
}
