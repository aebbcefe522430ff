package org.cryomine.core.stats;

import java.util.Arrays;
import java.util.Objects;
import org.cryomine.core.Volume;
import org.cryomine.core.pick.RegionSource;

/**
 * A tomogram's intensity level and scale, robust to gold beads, carbon and empty borders: the median of a sample of
 * its voxels and their spread, 1.4826 times the median absolute deviation from that median (the standard deviation
 * for Gaussian noise). Tomograms of other reconstructions or microscopes differ by an affine change of intensities
 * (IMOD's scaled integers, AreTomo's floats, a portal's normalised OME-Zarr); {@link #mapTo} gives the change that
 * brings one tomogram's level and scale onto another's.
 *
 * <p>The sample is the same whatever reads the tomogram, so a tomogram read whole and read by region gets the same
 * statistics: the z-slices {@code floor((i + 0.5) nz / S)} for {@code i < S = min(nz, }{@value #SLICES}{@code )},
 * and in each slice every {@code max(1, nx ny / }{@value #PER_SLICE}{@code )}-th voxel in x-fastest order; values
 * that are not finite are left out. The median of an even count is the mean of the middle two (numpy's).
 *
 * @param median  median of the sampled voxels, in the tomogram's units
 * @param spread  1.4826 times the median absolute deviation; the sample's standard deviation where more than half
 *                of the sampled voxels share one value (an empty border); 0 only for a constant sample
 * @param samples number of voxels sampled
 */
public record IntensityStatistics(double median, double spread, long samples) {

    /** Z-slices sampled at most. */
    public static final int SLICES = 16;
    /** Voxels sampled per slice at most (about; the stride is an integer). */
    public static final int PER_SLICE = 1 << 16;
    /** The median absolute deviation of a normal distribution times this is its standard deviation. */
    public static final double MAD_TO_SIGMA = 1.4826;

    /** Median 0 and spread 1: the units a dataset run's boxes are standardized to. */
    public static final IntensityStatistics STANDARD = new IntensityStatistics(0, 1, 0);

    public IntensityStatistics {
        if (!Double.isFinite(median) || !(spread >= 0) || !Double.isFinite(spread) || samples < 0) {
            throw new IllegalArgumentException("intensity statistics need a finite median and a finite spread >= 0, "
                    + "got median " + median + ", spread " + spread + " over " + samples + " voxels");
        }
    }

    /** The statistics of a tomogram in memory ({@code tomogram} is not modified). */
    public static IntensityStatistics of(Volume tomogram) {
        return of(RegionSource.of(tomogram));
    }

    /**
     * The statistics of a tomogram read slice by slice ({@value #SLICES} slices at most).
     *
     * @throws IllegalArgumentException when no sampled voxel is finite
     */
    public static IntensityStatistics of(RegionSource tomogram) {
        Objects.requireNonNull(tomogram, "tomogram");
        int nx = tomogram.nx();
        int ny = tomogram.ny();
        int nz = tomogram.nz();
        int slices = Math.min(nz, SLICES);
        long perSliceVoxels = (long) nx * ny;
        int stride = (int) Math.max(1, perSliceVoxels / PER_SLICE);
        int perSlice = (int) ((perSliceVoxels + stride - 1) / stride);
        float[] sample = new float[slices * perSlice];
        int n = 0;
        for (int i = 0; i < slices; i++) {
            int z = (int) Math.floor((i + 0.5) * nz / slices);
            float[] slice = tomogram.read(0, 0, z, nx, ny, 1).data();
            for (int v = 0; v < slice.length; v += stride) {
                if (Float.isFinite(slice[v])) {
                    sample[n++] = slice[v];
                }
            }
        }
        return ofSample(Arrays.copyOf(sample, n));
    }

    /**
     * The statistics of the given values (reordered in place).
     *
     * @throws IllegalArgumentException when {@code values} is empty
     */
    static IntensityStatistics ofSample(float[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no finite voxel to take intensity statistics of");
        }
        Arrays.sort(values);
        double median = median(values);
        float[] deviations = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            deviations[i] = (float) Math.abs(values[i] - median);
        }
        Arrays.sort(deviations);
        double spread = MAD_TO_SIGMA * median(deviations);
        if (!(spread > 0)) {
            double sum = 0;
            for (float v : values) {
                sum += v;
            }
            double mean = sum / values.length;
            double squares = 0;
            for (float v : values) {
                squares += (v - mean) * (v - mean);
            }
            spread = Math.sqrt(squares / values.length);
        }
        return new IntensityStatistics(median, spread, values.length);
    }

    private static double median(float[] sorted) {
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + (double) sorted[m]) / 2;
    }

    /**
     * One level and scale for several tomograms trained on together: the median of their medians and of their
     * spreads (the mean of the middle two for an even count), with their samples summed.
     *
     * @throws IllegalArgumentException when {@code each} is empty
     */
    public static IntensityStatistics pooled(java.util.List<IntensityStatistics> each) {
        if (each.isEmpty()) {
            throw new IllegalArgumentException("no tomogram's statistics to pool");
        }
        if (each.size() == 1) {
            return each.get(0);
        }
        float[] medians = new float[each.size()];
        float[] spreads = new float[each.size()];
        long samples = 0;
        for (int i = 0; i < medians.length; i++) {
            medians[i] = (float) each.get(i).median;
            spreads[i] = (float) each.get(i).spread;
            samples += each.get(i).samples;
        }
        Arrays.sort(medians);
        Arrays.sort(spreads);
        return new IntensityStatistics(median(medians), median(spreads), samples);
    }

    /**
     * The affine change {@code v -> v * scale + offset} that gives this tomogram {@code reference}'s median and spread.
     *
     * @throws IllegalArgumentException when this tomogram's spread is 0 (a constant tomogram has no scale to match)
     */
    public IntensityMap mapTo(IntensityStatistics reference) {
        if (!(spread > 0)) {
            throw new IllegalArgumentException("the tomogram's sampled voxels all hold one value (" + median
                    + "): its intensities cannot be matched to another tomogram's");
        }
        double scale = reference.spread / spread;
        return new IntensityMap(scale, reference.median - median * scale);
    }
}
