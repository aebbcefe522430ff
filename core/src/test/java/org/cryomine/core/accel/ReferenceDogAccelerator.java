package org.cryomine.core.accel;

import java.util.List;
import org.cryomine.core.Volume;
import org.cryomine.core.pick.Peak;
import org.cryomine.core.pick.PeakFinder;

/**
 * A test accelerator computing on the CPU with core's own filters: it exercises the picker's accelerator
 * path and the shared contract tests without a device. Counts its computations.
 */
public final class ReferenceDogAccelerator implements DogAccelerator {

    private int computations;

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public AcceleratorStatus status() {
        return AcceleratorStatus.available("core's CPU filters (test)");
    }

    /** How many computations were started. */
    public synchronized int computations() {
        return computations;
    }

    @Override
    public synchronized DogComputation compute(Volume tomogram, DogRequest request) {
        computations++;
        Volume dog = request.cpuFilter(2).apply(tomogram);
        float[] d = dog.data();
        if (request.sign() < 0) {
            for (int i = 0; i < d.length; i++) {
                d[i] = -d[i];
            }
        }
        return new DogComputation() {
            private boolean closed;

            @Override
            public int voxelCount() {
                check();
                return d.length;
            }

            @Override
            public float[] sample(int step) {
                check();
                if (step < 1) {
                    throw new IllegalArgumentException("step must be at least 1, got " + step);
                }
                float[] out = new float[(d.length + step - 1) / step];
                for (int j = 0; j < out.length; j++) {
                    out[j] = d[j * step];
                }
                return out;
            }

            @Override
            public List<Peak> localMaxima(double threshold) {
                check();
                return PeakFinder.localMaxima(dog, threshold, 1);
            }

            @Override
            public Volume response() {
                check();
                return Volume.wrap(d.clone(), dog.nx(), dog.ny(), dog.nz(), tomogram.voxelSize(), tomogram.origin());
            }

            private void check() {
                if (closed) {
                    throw new IllegalStateException("computation closed");
                }
            }

            @Override
            public void close() {
                closed = true;
            }
        };
    }
}
