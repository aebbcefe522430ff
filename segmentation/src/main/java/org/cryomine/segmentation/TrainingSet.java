package org.cryomine.segmentation;

import java.util.List;

/**
 * Images and their label volumes for training a segmentation network; same length, same order, each
 * label volume the size of its image, labels 0 (background) to {@code classes - 1}, or
 * {@link org.cryomine.core.Labels#UNKNOWN} where the class is not known.
 *
 * @param images  input subvolumes in original density units
 * @param labels  label volumes (integer values stored as floats)
 * @param classes number of classes including background
 * @param sources for each example, the index of the subvolume it was built from in the list given to
 *                {@link WeakLabels#build} (so its position in the tomogram can be found)
 * @param pool    indices of the examples that take turns (e.g. background examples drawn afresh each epoch:
 *                {@link WeakLabels#freshBackground}), distinct; empty: every example is trained on every epoch
 * @param poolPerEpoch how many of the pool's examples one epoch trains on: 1 to {@code pool.length}, 0 without a pool
 */
public record TrainingSet(List<org.cryomine.core.Volume> images, List<org.cryomine.core.Volume> labels, int classes,
                          int[] sources, int[] pool, int poolPerEpoch) {

    /** A set whose every example is trained on every epoch. */
    public TrainingSet(List<org.cryomine.core.Volume> images, List<org.cryomine.core.Volume> labels, int classes,
                       int[] sources) {
        this(images, labels, classes, sources, new int[0], 0);
    }

    public TrainingSet {
        images = List.copyOf(images);
        labels = List.copyOf(labels);
        sources = sources.clone();
        pool = pool.clone();
        if (images.size() != labels.size() || images.size() != sources.length) {
            throw new IllegalArgumentException(images.size() + " images, " + labels.size() + " label volumes and "
                    + sources.length + " sources: they must match one to one");
        }
        if (classes < 2) {
            throw new IllegalArgumentException("segmentation needs at least 2 classes (background and one more), got " + classes);
        }
        if (pool.length == 0 ? poolPerEpoch != 0 : poolPerEpoch < 1 || poolPerEpoch > pool.length) {
            throw new IllegalArgumentException("a pool of " + pool.length + " examples gives 1 to " + pool.length
                    + " of them per epoch, not " + poolPerEpoch);
        }
        boolean[] seen = new boolean[images.size()];
        for (int p : pool) {
            if (p < 0 || p >= images.size() || seen[p]) {
                throw new IllegalArgumentException("pool members must be distinct indices of the " + images.size()
                        + " examples, got " + java.util.Arrays.toString(pool));
            }
            seen[p] = true;
        }
    }

    public int size() {
        return images.size();
    }

    /** The examples one epoch trains on: those outside the pool and {@link #poolPerEpoch()} of the pool. */
    public int epochSize() {
        return images.size() - pool.length + poolPerEpoch;
    }

    @Override
    public int[] sources() {
        return sources.clone();
    }

    @Override
    public int[] pool() {
        return pool.clone();
    }

    /** The same examples with other label volumes (same count and sizes). */
    public TrainingSet withLabels(List<org.cryomine.core.Volume> newLabels) {
        for (int i = 0; i < newLabels.size() && i < labels.size(); i++) {
            org.cryomine.core.Volume a = labels.get(i);
            org.cryomine.core.Volume b = newLabels.get(i);
            if (a.nx() != b.nx() || a.ny() != b.ny() || a.nz() != b.nz()) {
                throw new IllegalArgumentException("label volume " + i + " is " + b + " but was " + a);
            }
        }
        return new TrainingSet(images, newLabels, classes, sources, pool, poolPerEpoch);
    }

    /**
     * The typical size of a labelled object: the median, over the examples that hold {@code label} at all, of the
     * number of voxels carrying it (0 when none does). With central-object weak labels, one example's voxels of its
     * group are the picked object (a globule, a patch of membrane within the label radius), so this is the size, in
     * voxels, of what the selected clusters show.
     */
    public int medianVoxels(int label) {
        if (label < 1 || label >= classes) {
            throw new IllegalArgumentException("label " + label + " is not a class of this set (1 to " + (classes - 1)
                    + ")");
        }
        int[] counts = labels.stream().mapToInt(l -> (int) org.cryomine.core.Labels.count(l, label)).filter(n -> n > 0).sorted()
                .toArray();
        if (counts.length == 0) {
            return 0;
        }
        int mid = counts.length / 2;
        return counts.length % 2 == 1 ? counts[mid] : (int) Math.round((counts[mid - 1] + (double) counts[mid]) / 2);
    }

    /**
     * Fraction of the labelled (not unknown) voxels that carry each class in an epoch, on average: index 0 is
     * background. A pool's examples count {@code poolPerEpoch / pool.length} each.
     */
    public double[] classFractions() {
        double[] counts = new double[classes];
        double[] weight = new double[images.size()];
        java.util.Arrays.fill(weight, 1);
        for (int p : pool) {
            weight[p] = poolPerEpoch / (double) pool.length;
        }
        double total = 0;
        for (int i = 0; i < labels.size(); i++) {
            for (float v : labels.get(i).data()) {
                if (v >= 0) {
                    counts[(int) v] += weight[i];
                    total += weight[i];
                }
            }
        }
        for (int c = 0; c < classes; c++) {
            counts[c] = total == 0 ? 0 : counts[c] / total;
        }
        return counts;
    }
}
