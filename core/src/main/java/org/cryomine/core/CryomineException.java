package org.cryomine.core;

/**
 * The library's own unchecked exception for bad input and failed operations. Its message says what is
 * wrong and, where it can, what to do about it.
 */
public class CryomineException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CryomineException(String message) {
        super(message);
    }

    public CryomineException(String message, Throwable cause) {
        super(message, cause);
    }
}
