package org.cryomine.core.accel;

import org.cryomine.core.CryomineException;

/**
 * An accelerator could not run a request (e.g. the volume does not fit in device memory, or a kernel
 * launch failed). Callers such as the picker log it and compute the same result on the CPU.
 */
public class AcceleratorException extends CryomineException {

    private static final long serialVersionUID = 1L;

    public AcceleratorException(String message) {
        super(message);
    }

    public AcceleratorException(String message, Throwable cause) {
        super(message, cause);
    }
}
