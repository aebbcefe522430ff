package org.cryomine.segmentation;

import java.util.Objects;
import org.cryomine.core.Volume;

/**
 * Chooses a threshold level per selected group from the data, instead of one level for every group: thin membranes
 * are weakly dense and large globules strongly, so one level cuts the first too thin or the second too fat.
 *
 * <p>For each group, the densities ({@link DensityThreshold#density}, standard deviations of the training data, dense
 * side) of the voxels of the group's images (the members' decodings) that lie within {@code labelRadius} box edges
 * of the image centre and are denser than the training data's mean are pooled in a histogram of {@value #BINS} bins from {@value #LOW} to {@value #HIGH} (values beyond
 * are counted in the end bins), and the level is Otsu's threshold of that histogram (the value that maximises the
 * between-class variance of "object" and "background"; where empty bins separate the classes, the middle of the
 * gap), clamped to {@code [minLevel, maxLevel]}. A group with no voxel, or whose voxels all fall in one bin, gets
 * {@code minLevel}.
 *
 * <p>Why only the dense side: the voxels below the mean are background, and counting them widens the background
 * class so much that Otsu's split falls inside the background's own spread. On the weak labels of four quality-suite
 * presets (docs/recipes.md, 2026-12-04), Otsu over all voxels of the smoothed members chose 0.25-0.67 and labelled
 * worse than a fixed 0.75 for 7 of the 8 groups; over the decodings' dense side it chose 0.64-1.0.
 *
 * <p>Usage: {@code Accumulator a = GroupLevels.defaults().accumulator(threshold, groups); a.add(group, image) ...;
 * double[] levels = a.levels();} Images are read, not modified or kept.
 *
 * @param minLevel    lowest level chosen, standard deviations; finite
 * @param maxLevel    highest level chosen, standard deviations; at least {@code minLevel}
 * @param labelRadius radius, in box edges ({@code cbrt(nx*ny*nz)}), of the ball around each image's centre whose
 *                    voxels count; positive; infinity counts the whole box
 */
public record GroupLevels(double minLevel, double maxLevel, double labelRadius) {

    /** Lowest density of the histogram, standard deviations. */
    public static final double LOW = -6;
    /** Highest density of the histogram, standard deviations. */
    public static final double HIGH = 10;
    /** Bins of the histogram (1/64 standard deviation each). */
    public static final int BINS = 1024;

    public GroupLevels {
        if (!Double.isFinite(minLevel) || !Double.isFinite(maxLevel) || maxLevel < minLevel) {
            throw new IllegalArgumentException("the levels' range must be finite with min <= max, got [" + minLevel
                    + ", " + maxLevel + "]");
        }
        if (!(labelRadius > 0)) {
            throw new IllegalArgumentException("label radius must be positive (in box edges), got " + labelRadius);
        }
    }

    /** Levels clamped to [0.25, 2], from the voxels within 0.45 box edges of the centres (the recommended labels'). */
    public static GroupLevels defaults() {
        return new GroupLevels(0.25, 2.0, 0.45);
    }

    /** The same with another label radius (box edges). */
    public GroupLevels withLabelRadius(double v) {
        return new GroupLevels(minLevel, maxLevel, v);
    }

    /** An empty accumulator for {@code groups} groups (indices 0 .. groups-1), in {@code normalization}'s units. */
    public Accumulator accumulator(DensityThreshold normalization, int groups) {
        return new Accumulator(Objects.requireNonNull(normalization, "normalization"), groups);
    }

    /**
     * Otsu's threshold of a histogram of {@link #BINS} bins over [{@link #LOW}, {@link #HIGH}], as a density (the
     * upper edge of the last bin of the lower class, or the middle of an empty gap between the classes), clamped to
     * the range; {@code minLevel} when the histogram is empty or has a single occupied bin.
     */
    public double otsu(long[] histogram) {
        if (histogram.length != BINS) {
            throw new IllegalArgumentException("histogram has " + histogram.length + " bins, expected " + BINS);
        }
        double total = 0;
        double sum = 0;
        for (int b = 0; b < BINS; b++) {
            total += histogram[b];
            sum += b * (double) histogram[b];
        }
        double w0 = 0;
        double sum0 = 0;
        double best = -1;
        int first = -1;
        int last = -1;
        for (int b = 0; b < BINS - 1; b++) {
            w0 += histogram[b];
            sum0 += b * (double) histogram[b];
            double w1 = total - w0;
            if (w0 == 0 || w1 == 0) {
                continue;
            }
            double m0 = sum0 / w0;
            double m1 = (sum - sum0) / w1;
            double between = w0 * w1 * (m0 - m1) * (m0 - m1);
            if (between > best * (1 + 1e-12)) {
                best = between;
                first = b;
                last = b;
            } else if (between >= best * (1 - 1e-12) && last == b - 1) {
                last = b; // empty bins between the classes: the same split, so take the middle of the gap
            }
        }
        if (first < 0) {
            return minLevel;
        }
        double level = LOW + ((first + last) / 2.0 + 1) * (HIGH - LOW) / BINS;
        return Math.max(minLevel, Math.min(maxLevel, level));
    }

    /** Histograms of densities per group; not thread-safe. */
    public final class Accumulator {
        private final DensityThreshold normalization;
        private final long[][] histograms;

        private Accumulator(DensityThreshold normalization, int groups) {
            if (groups < 1) {
                throw new IllegalArgumentException("at least one group is needed, got " + groups);
            }
            this.normalization = normalization;
            this.histograms = new long[groups][BINS];
        }

        /**
         * Counts the voxels of {@code image} within the label radius of its centre that are denser than the mean, for
         * group {@code group}.
         */
        public void add(int group, Volume image) {
            if (group < 0 || group >= histograms.length) {
                throw new IllegalArgumentException("group " + group + " is not one of 0.." + (histograms.length - 1));
            }
            long[] h = histograms[group];
            float[] data = image.data();
            boolean[] inside = CentreBall.of(image.nx(), image.ny(), image.nz(), labelRadius);
            double scale = BINS / (HIGH - LOW);
            for (int v = 0; v < data.length; v++) {
                if (!inside[v]) {
                    continue;
                }
                double d = normalization.density(data[v]);
                if (!(d > 0)) {
                    continue; // the mean or lighter (or NaN): background, see the class comment
                }
                int b = (int) Math.floor((d - LOW) * scale);
                h[Math.max(0, Math.min(BINS - 1, b))]++;
            }
        }

        /** Each group's level (standard deviations, dense side), in group order. */
        public double[] levels() {
            double[] out = new double[histograms.length];
            for (int g = 0; g < out.length; g++) {
                out[g] = otsu(histograms[g]);
            }
            return out;
        }
    }
}
