package org.cryomine.segmentation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.cryomine.core.Volume;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Weak labels completed as spheres ({@link SphereCompletion}) for training: each named label's examples are
 * fitted with spheres, the spheres' shells are painted into every example's background voxels, and boxes on the
 * spheres where no example lies are added, labelled from the shells alone, one every {@link #boxSpacing()}
 * voxels of surface. Beyond the paper: the vesicle caps that the missing wedge hides get labels too.
 *
 * @param boxSpacing voxels of sphere surface between the added boxes
 */
public record SphereAugmentation(double boxSpacing) {

    private static final Logger LOG = LoggerFactory.getLogger(SphereAugmentation.class);

    /** The spacing used by {@code train-seg --complete-spheres}: a box every 10 voxels of sphere surface. */
    public static final double DEFAULT_BOX_SPACING = 10;

    public SphereAugmentation {
        if (!(boxSpacing > 0) || !Double.isFinite(boxSpacing)) {
            throw new IllegalArgumentException("box spacing must be a positive number of voxels, got " + boxSpacing);
        }
    }

    /** Boxes every {@value #DEFAULT_BOX_SPACING} voxels of sphere surface. */
    public static SphereAugmentation defaults() {
        return new SphereAugmentation(DEFAULT_BOX_SPACING);
    }

    /**
     * The training set with the spheres of each label in {@code labels} completed; {@code set} is not modified.
     *
     * @param set         weak labels, whose {@link TrainingSet#sources()} index {@code centres}
     * @param centres     box centres (x, y, z) in voxels of the picks the examples came from
     * @param shape       the tomogram's size (x, y, z) in voxels
     * @param box         cubic box edge in voxels
     * @param labels      the labels (group index + 1) to complete
     * @param labelRadius weak labels within this many box edges of a box centre; unknown beyond
     * @param cutBoxes    cuts the tomogram's boxes around the given centres (the added examples' images)
     * @return a new set: sources of added boxes are numbered past {@code centres.size()}
     */
    public TrainingSet augment(TrainingSet set, List<int[]> centres, int[] shape, int box, int[] labels,
                               double labelRadius, Function<List<int[]>, List<Volume>> cutBoxes) {
        SphereCompletion completion = SphereCompletion.forBox(box);
        List<int[]> used = new ArrayList<>();
        for (int source : set.sources()) {
            used.add(centres.get(source));
        }
        List<Volume> labelled = new ArrayList<>();
        List<int[]> extra = new ArrayList<>();
        for (int label : labels) {
            List<SphereCompletion.Sphere> spheres = completion.fit(set, centres, shape, label);
            for (SphereCompletion.Sphere s : spheres) {
                LOG.info("label {}: sphere at ({}, {}, {}), radius {} voxels, RMS {}, coverage {}, {} voxels", label,
                        Math.round(s.centre().x()), Math.round(s.centre().y()), Math.round(s.centre().z()),
                        String.format(Locale.ROOT, "%.1f", s.radius()), String.format(Locale.ROOT, "%.2f", s.rms()),
                        String.format(Locale.ROOT, "%.2f", s.coverage()), s.support());
            }
            set = SphereCompletion.paint(set, centres, shape, spheres, label);
            List<int[]> onSpheres = SphereCompletion.boxCentres(spheres, shape, box, used, boxSpacing);
            for (int[] c : onSpheres) {
                labelled.add(SphereCompletion.boxLabels(spheres, c, box, labelRadius, label));
            }
            used.addAll(onSpheres);
            extra.addAll(onSpheres);
            LOG.info("label {}: {} spheres completed, {} boxes added on them", label, spheres.size(), onSpheres.size());
        }
        if (extra.isEmpty()) {
            return set;
        }
        List<Volume> images = new ArrayList<>(set.images());
        images.addAll(cutBoxes.apply(extra));
        List<Volume> allLabels = new ArrayList<>(set.labels());
        allLabels.addAll(labelled);
        int[] sources = Arrays.copyOf(set.sources(), images.size());
        for (int j = 0; j < extra.size(); j++) {
            sources[set.size() + j] = centres.size() + j; // past the run's centres: these boxes have no pick
        }
        return new TrainingSet(images, allLabels, set.classes(), sources, set.pool(), set.poolPerEpoch());
    }
}
