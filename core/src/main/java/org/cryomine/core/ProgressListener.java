package org.cryomine.core;

/**
 * Receives progress of a long operation and may cancel it. Implementations must be thread-safe when
 * an operation reports from several threads. The command line turns these calls into progress bars.
 */
public interface ProgressListener {

    /** A listener that ignores progress and never cancels. */
    ProgressListener NONE = (stage, done, total) -> { };

    /**
     * Called when {@code done} of {@code total} units of work of {@code stage} are finished.
     *
     * @param stage short name of the stage, e.g. {@code "gaussian"} or {@code "picking"}
     * @param done  units finished, 0 &le; done &le; total
     * @param total units in the stage
     */
    void onProgress(String stage, long done, long total);

    /** Polled between units of work; returning true stops the operation with a {@link CancelledException}. */
    default boolean isCancelled() {
        return false;
    }

    /** Throws {@link CancelledException} when the listener asks for cancellation. */
    default void checkCancelled() {
        if (isCancelled()) {
            throw new CancelledException();
        }
    }

    /** Thrown when a listener cancels an operation. */
    final class CancelledException extends CryomineException {
        private static final long serialVersionUID = 1L;

        public CancelledException() {
            super("cancelled by the progress listener");
        }
    }
}
