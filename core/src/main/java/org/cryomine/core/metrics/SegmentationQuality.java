package org.cryomine.core.metrics;

import org.cryomine.core.Volume;

/** Overlap of a predicted label map with a true one, voxel by voxel. */
public final class SegmentationQuality {

    private SegmentationQuality() {
    }

    /**
     * Intersection over union of the voxels labelled {@code predictedLabel} in {@code predicted} and
     * those labelled {@code trueLabel} in {@code truth}; NaN when both sets are empty.
     *
     * @throws IllegalArgumentException when the two volumes differ in size
     */
    public static double iou(Volume predicted, int predictedLabel, Volume truth, int trueLabel) {
        if (predicted.nx() != truth.nx() || predicted.ny() != truth.ny() || predicted.nz() != truth.nz()) {
            throw new IllegalArgumentException("label maps differ in size: " + predicted + " and " + truth);
        }
        float[] p = predicted.data();
        float[] t = truth.data();
        long both = 0;
        long either = 0;
        for (int i = 0; i < p.length; i++) {
            boolean a = p[i] == predictedLabel;
            boolean b = t[i] == trueLabel;
            if (a && b) {
                both++;
            }
            if (a || b) {
                either++;
            }
        }
        return either == 0 ? Double.NaN : (double) both / either;
    }
}
