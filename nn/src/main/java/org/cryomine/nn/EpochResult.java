package org.cryomine.nn;

/**
 * Losses of one training epoch.
 *
 * @param epoch                 epoch number, from 1
 * @param loss                  mean training loss over the epoch's batches (normalised units)
 * @param validationLoss        loss on the validation split after the epoch
 * @param improved              whether the validation loss is the best so far (these weights are kept)
 * @param elapsedSeconds        wall time since training (or its resumption) started
 * @param remainingSecondsEstimate estimate of the time left if training runs to {@code maxEpochs}
 */
public record EpochResult(int epoch, double loss, double validationLoss, boolean improved, double elapsedSeconds,
        double remainingSecondsEstimate) {
}
