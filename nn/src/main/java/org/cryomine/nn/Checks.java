package org.cryomine.nn;

import java.util.List;
import org.cryomine.core.CryomineException;
import org.cryomine.core.Volume;

/** Argument validation shared by the network configurations. */
final class Checks {

    private Checks() {
    }

    static void box(int x, int y, int z) {
        if (x <= 0 || y <= 0 || z <= 0 || x % 4 != 0 || y % 4 != 0 || z % 4 != 0) {
            throw new IllegalArgumentException("box size (x, y, z) = (" + x + ", " + y + ", " + z
                    + ") must be positive multiples of 4 (the networks pool twice by 2); e.g. 32");
        }
    }

    /** The smallest box edge that mixed precision accepts (its quarter-resolution layers then see 3 voxels). */
    static final int MIXED_PRECISION_MIN_BOX = 12;

    /**
     * Refuses mixed precision for boxes with an edge under {@link #MIXED_PRECISION_MIN_BOX}: there the networks'
     * quarter-resolution convolutions see fewer than 3 voxels along that edge, and TensorFlow Java 1.1.0's
     * oneDNN bfloat16 weight gradient (Conv3DBackpropFilterV2) of a 3x3x3 SAME convolution over 2 voxels returns
     * garbage that changes from run to run (relative error 0.8 to infinity against float32; 3 or more voxels:
     * 0.3%, bfloat16 round-off; probed 2026-12-04), so training diverges. On a CPU with AMX it once gave 0.3% over 2
     * voxels too (2026-12-07): the defect depends on the CPU's kernel path, so the refusal stays for every CPU.
     */
    static void mixedPrecisionBox(boolean mixedPrecision, int x, int y, int z) {
        if (mixedPrecision && Math.min(x, Math.min(y, z)) < MIXED_PRECISION_MIN_BOX) {
            throw new IllegalArgumentException("mixed precision needs box edges of at least " + MIXED_PRECISION_MIN_BOX
                    + " voxels, got (" + x + ", " + y + ", " + z + "): TensorFlow's bfloat16 weight gradient of a "
                    + "convolution over fewer than 3 voxels is wrong; train smaller boxes in float32");
        }
    }

    static void positive(String name, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + v);
        }
    }

    static void adam(float lr, float b1, float b2) {
        if (!(lr > 0) || !Float.isFinite(lr)) {
            throw new IllegalArgumentException("learningRate must be positive and finite, got " + lr);
        }
        if (!(b1 >= 0 && b1 < 1) || !(b2 >= 0 && b2 < 1)) {
            throw new IllegalArgumentException("Adam betas must be in [0, 1), got " + b1 + ", " + b2);
        }
    }

    /** A weight-averaging decay per step: 0 (off) or in (0, 1). */
    static void weightAveraging(double decay) {
        if (!(decay >= 0 && decay < 1)) {
            throw new IllegalArgumentException("weight averaging takes a decay per step in [0, 1) (0: off; 0.99 averages"
                    + " over about 100 steps), got " + decay);
        }
    }

    static void training(int batch, int maxEpochs, int patience, double valFraction, int threads) {
        positive("batchSize", batch);
        positive("maxEpochs", maxEpochs);
        positive("patience", patience);
        if (!(valFraction > 0 && valFraction < 1)) {
            throw new IllegalArgumentException("validationFraction must be in (0, 1), got " + valFraction);
        }
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0 (0 = all cores), got " + threads);
        }
    }

    /** Checks that every volume has the box's shape and finite voxels. */
    static void volumes(List<Volume> vols, int bx, int by, int bz, String what) {
        if (vols == null || vols.isEmpty()) {
            throw new CryomineException("no " + what + " given: training and inference need at least one");
        }
        for (int i = 0; i < vols.size(); i++) {
            volume(vols.get(i), bx, by, bz, what + " " + i);
        }
    }

    static void volume(Volume v, int bx, int by, int bz, String what) {
        if (v == null) {
            throw new CryomineException(what + " is null");
        }
        if (v.nx() != bx || v.ny() != by || v.nz() != bz) {
            throw new CryomineException(what + " is " + v.nx() + " x " + v.ny() + " x " + v.nz()
                    + " voxels but the network's box is " + bx + " x " + by + " x " + bz
                    + "; extract subvolumes of the box size");
        }
        if (v.hasNonFiniteValues()) {
            throw new CryomineException(what + " contains NaN or infinite voxels; fill or drop it before training");
        }
    }
}
