package org.cryomine.nn;

import java.util.ArrayList;
import java.util.List;

/** A listener that records the epochs it sees and cancels the training once it has seen {@code n} of them. */
final class StopAfterEpochs implements TrainingListener {

    private final int n;
    final List<Integer> epochs = new ArrayList<>();

    StopAfterEpochs(int n) {
        this.n = n;
    }

    @Override
    public void onEpoch(EpochResult r) {
        epochs.add(r.epoch());
    }

    @Override
    public boolean isCancelled() {
        return epochs.size() >= n;
    }
}
