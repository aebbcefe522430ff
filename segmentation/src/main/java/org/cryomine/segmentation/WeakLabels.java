package org.cryomine.segmentation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.cryomine.core.Volume;

/**
 * Weak labels for Edss3d from selected clusters (DESIGN.md step 7): every member of a selected group is
 * a training image whose label volume carries the group's label where the member's <em>decoded</em>
 * image is dense (by the {@link DensityThreshold}, in the autoencoder's normalization units) and 0
 * elsewhere; members of unselected clusters are background examples, labelled 0 throughout.
 *
 * <p>Cluster numbers index the cluster model (not a class), which avoids the original code's mix-up of
 * class labels and cluster ids.
 *
 * @param selection          the selected groups; group i gets label i + 1
 * @param threshold          which decoded voxels are dense
 * @param backgroundPerLabelled background examples drawn per labelled example (e.g. 1.0); at most all
 *                           unselected members are used
 * @param seed               seed of the background draw
 */
public record WeakLabels(Selection selection, DensityThreshold threshold, double backgroundPerLabelled, long seed) {

    public WeakLabels {
        Objects.requireNonNull(selection, "selection");
        Objects.requireNonNull(threshold, "threshold");
        if (!(backgroundPerLabelled >= 0) || !Double.isFinite(backgroundPerLabelled)) {
            throw new IllegalArgumentException("background examples per labelled example must be >= 0, got "
                    + backgroundPerLabelled);
        }
    }

    /**
     * Builds the training set.
     *
     * @param images      original subvolumes (not modified, not copied)
     * @param decoded     the autoencoder's decoding of each subvolume, same order and size
     * @param assignments cluster number of each subvolume
     * @throws IllegalArgumentException when the lists differ in length or sizes, or no subvolume falls in a
     *                                  selected group
     */
    public TrainingSet build(List<Volume> images, List<Volume> decoded, int[] assignments) {
        if (images.size() != decoded.size() || images.size() != assignments.length) {
            throw new IllegalArgumentException(images.size() + " images, " + decoded.size() + " decoded images and "
                    + assignments.length + " assignments: they must match one to one");
        }
        List<Volume> outImages = new ArrayList<>();
        List<Volume> outLabels = new ArrayList<>();
        List<Integer> background = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            int label = selection.labelOf(assignments[i]);
            if (label == 0) {
                background.add(i);
                continue;
            }
            Volume image = images.get(i);
            Volume dec = decoded.get(i);
            if (image.nx() != dec.nx() || image.ny() != dec.ny() || image.nz() != dec.nz()) {
                throw new IllegalArgumentException("subvolume " + i + " is " + image + " but its decoding is " + dec);
            }
            outImages.add(image);
            outLabels.add(labelVolume(dec, label));
        }
        if (outImages.isEmpty()) {
            throw new IllegalArgumentException("no subvolume belongs to a selected cluster " + selection.groups()
                    + "; select clusters that have members");
        }
        int wanted = (int) Math.min(background.size(), Math.round(backgroundPerLabelled * outImages.size()));
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < wanted; i++) { // partial Fisher-Yates: a seeded sample without replacement
            int j = i + random.nextInt(background.size() - i);
            java.util.Collections.swap(background, i, j);
            Volume image = images.get(background.get(i));
            outImages.add(image);
            outLabels.add(Volume.zeros(image.nx(), image.ny(), image.nz()));
        }
        return new TrainingSet(outImages, outLabels, selection.labelCount());
    }

    private Volume labelVolume(Volume decoded, int label) {
        float[] src = decoded.data();
        float[] out = new float[src.length];
        for (int v = 0; v < src.length; v++) {
            out[v] = threshold.isDense(src[v]) ? label : 0;
        }
        return Volume.wrap(out, decoded.nx(), decoded.ny(), decoded.nz());
    }
}
