package org.cryomine.nn;

import java.util.List;

/**
 * What happened during training.
 *
 * @param epochs             one entry per finished epoch, in order
 * @param bestEpoch          epoch whose weights the model keeps (lowest validation loss)
 * @param bestValidationLoss that epoch's validation loss
 * @param stoppedEarly       whether training stopped because {@code patience} epochs brought no improvement
 */
public record TrainingHistory(List<EpochResult> epochs, int bestEpoch, double bestValidationLoss,
        boolean stoppedEarly) {

    public TrainingHistory {
        epochs = List.copyOf(epochs);
    }

    /** Training loss per epoch. */
    public double[] losses() {
        return epochs.stream().mapToDouble(EpochResult::loss).toArray();
    }

    /** Validation loss per epoch. */
    public double[] validationLosses() {
        return epochs.stream().mapToDouble(EpochResult::validationLoss).toArray();
    }
}
