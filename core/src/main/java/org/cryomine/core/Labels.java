package org.cryomine.core;

/**
 * Values of label volumes (float32, one class id per voxel) shared by the modules that make and use them: weak
 * labels for training, label maps of embedding and segmentation.
 */
public final class Labels {

    /** The background class of every label map. */
    public static final int BACKGROUND = 0;

    /** A voxel whose class is not known: it adds nothing to a segmentation network's loss. */
    public static final int UNKNOWN = -1;

    private Labels() {
    }

    /** The number of voxels of {@code labels} (not modified) that carry {@code label}. */
    public static long count(Volume labels, int label) {
        long n = 0;
        float l = label;
        for (float v : labels.data()) {
            if (v == l) {
                n++;
            }
        }
        return n;
    }
}
