package org.cryomine.segmentation;

import java.util.List;

/**
 * Images and their label volumes for training a segmentation network; same length, same order, each
 * label volume the size of its image, labels 0 (background) to {@code classes - 1}, or
 * {@link org.cryomine.nn.Edss3d#UNKNOWN} where the class is not known.
 *
 * @param images  input subvolumes in original density units
 * @param labels  label volumes (integer values stored as floats)
 * @param classes number of classes including background
 */
public record TrainingSet(List<org.cryomine.core.Volume> images, List<org.cryomine.core.Volume> labels, int classes) {

    public TrainingSet {
        images = List.copyOf(images);
        labels = List.copyOf(labels);
        if (images.size() != labels.size()) {
            throw new IllegalArgumentException(images.size() + " images but " + labels.size() + " label volumes");
        }
        if (classes < 2) {
            throw new IllegalArgumentException("segmentation needs at least 2 classes (background and one more), got " + classes);
        }
    }

    public int size() {
        return images.size();
    }

    /** Fraction of the labelled (not unknown) voxels that carry each class: index 0 is background. */
    public double[] classFractions() {
        double[] counts = new double[classes];
        long total = 0;
        for (org.cryomine.core.Volume l : labels) {
            for (float v : l.data()) {
                if (v >= 0) {
                    counts[(int) v]++;
                    total++;
                }
            }
        }
        for (int c = 0; c < classes; c++) {
            counts[c] = total == 0 ? 0 : counts[c] / total;
        }
        return counts;
    }
}
