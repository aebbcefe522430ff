package org.cryomine.nn;

/**
 * Receives training progress and may cancel training. Called on the training thread.
 * Cancellation is polled after every batch; a cancelled {@code fit} throws
 * {@link org.cryomine.core.ProgressListener.CancelledException} after the last checkpoint (if a checkpoint
 * directory was given, a later {@code fit} with the same directory resumes from the last finished epoch).
 */
public interface TrainingListener {

    /** A listener that ignores progress and never cancels. */
    TrainingListener NONE = new TrainingListener() { };

    /**
     * Called after each training batch.
     *
     * @param epoch   epoch number, from 1
     * @param batch   batch number within the epoch, from 1
     * @param batches batches per epoch
     * @param loss    the batch's training loss (before the update)
     */
    default void onBatch(int epoch, int batch, int batches, float loss) {
    }

    /** Called after each epoch with its losses and a time estimate. */
    default void onEpoch(EpochResult result) {
    }

    /** Polled after every batch; returning true stops training. */
    default boolean isCancelled() {
        return false;
    }
}
