package org.cryomine.core.testing;

import org.cryomine.core.Volume;

/** Assertions on volumes that report the first failing voxel by its (x, y, z) coordinates. */
public final class VolumeAssert {

    private VolumeAssert() {
    }

    /** Fails unless the shapes agree and every voxel differs by at most {@code tolerance}. */
    public static void assertVolumeClose(Volume expected, Volume actual, double tolerance) {
        if (expected.nx() != actual.nx() || expected.ny() != actual.ny() || expected.nz() != actual.nz()) {
            throw new AssertionError("shape differs: expected " + expected + ", got " + actual);
        }
        float[] e = expected.data();
        float[] a = actual.data();
        double worst = -1;
        int worstIndex = -1;
        for (int i = 0; i < e.length; i++) {
            double d = Math.abs((double) e[i] - a[i]);
            if (!(d <= tolerance) && (d > worst || Double.isNaN(d))) {
                worst = Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
                worstIndex = i;
            }
        }
        if (worstIndex >= 0) {
            int x = worstIndex % expected.nx();
            int y = (worstIndex / expected.nx()) % expected.ny();
            int z = worstIndex / (expected.nx() * expected.ny());
            throw new AssertionError("voxel (" + x + ", " + y + ", " + z + ") differs by " + worst + " > " + tolerance
                    + ": expected " + e[worstIndex] + ", got " + a[worstIndex]);
        }
    }
}
