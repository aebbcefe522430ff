package org.cryomine.core.pick;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.cryomine.core.BoundaryPolicy;
import org.cryomine.core.CryomineException;
import org.cryomine.core.ProgressListener;
import org.cryomine.core.Volume;
import org.cryomine.core.accel.Accelerators;
import org.cryomine.core.accel.DogAccelerator;
import org.cryomine.core.filter.GaussianFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SubvolumePicker#findPeaks} on a tomogram read by z-slabs from a {@link RegionSource}, for
 * tomograms larger than memory or than one {@link Volume} (2^31 voxels): each slab of {@link #slabDepth}
 * z-slices is read with a halo of {@link #halo} slices on either side (fewer at the tomogram's faces), its
 * signed DoG response computed, and the local maxima in the slab's own slices kept (for a multi-scale picker:
 * the scale-space maxima, each with its sigma); the candidates of all slabs are then thresholded, suppressed
 * and limited exactly as {@code findPeaks} does.
 *
 * <h2>Why the result equals the whole-volume one</h2>
 * The halo is {@code r_s + r_d + 1}: the smoothing kernel's radius {@code r_s = int(4 smoothingSigma + 0.5)},
 * the larger DoG kernel's {@code r_d = int(4 K sigma + 0.5)} (scipy's truncation, {@link
 * GaussianFilter#radius}), and one slice for the 3x3x3 extremum test. The filters' 'reflect' boundary then
 * acts only at the real faces of the tomogram (where a slab's face is the tomogram's), while at a slab's
 * inner faces every value that reaches the slab's own slices comes from real data in the halo. So the
 * response in a slab's own slices and their neighbours is the whole-volume response, up to float32
 * rounding: the DoG subtracts a typical value of its input before filtering (exact in arithmetic), and
 * that value is estimated from each slab rather than from the whole tomogram, which moves responses by a
 * few ulps (tests: the same peaks in the same order, scores within 1e-5 of the strongest). So peaks whose
 * scores tie to a few ulps may swap places in the order, and in principle suppression may keep the other of
 * two such peaks closer than the minimum distance (measured on a 512 x 512 x 192 noise-and-balls tomogram
 * with the default filters: the same 5117 peaks, 5 pairs of near-ties swapped, largest score difference
 * 5.4e-7 of 0.14). A DoG offset given by the caller would make the slabs bit-identical to the whole.
 *
 * <h2>Quantile threshold</h2>
 * Computed exactly as {@code findPeaks} does: the same evenly spaced voxels of the response (every
 * {@code max(1, N / 4,000,000)}-th voxel in x-fastest order over the whole tomogram) are collected slab by
 * slab, and their quantile is taken once all slabs are done (at most 8 million floats, 32 MB). Candidates
 * are therefore kept unthresholded until the end in that mode (one {@link Peak} per local maximum, about
 * 40 bytes each).
 *
 * <h2>Memory</h2>
 * About {@code 4 x 4 bytes x nx x ny x (slabDepth + 2 halo)} at a time: the slab, the smoothed volume, the
 * second Gaussian and the response (plus the candidates, see above). By default the slab depth is the most
 * that keeps this within a quarter of the maximum heap ({@link #memoryBudget}), but at least the halo (so no
 * slice is filtered more than three times); e.g. a 2000 x 2000 x 600 tomogram (9.6 GB as float32) with the
 * default sigmas (halo 31 slices) and a 32 GB heap (budget 8 GB, 64 MB per slice) is read in 10 slabs of 63
 * own slices, 7.9 GB at a time; with an 8 GB heap in 20 slabs of 31 own slices, 5.9 GB at a time (the
 * floor of {@code 16 x nx x ny x 3 halo} bytes may exceed the budget: z-slabs are not tiled in x and y).
 * A multi-scale picker holds about 7 such arrays (the slab, the smoothed slab, three scales' responses, the
 * DoG's second Gaussian and the maximum over scales) and its halo follows its largest sigma.
 *
 * <p>Immutable and thread-safe; the {@code with} methods return new instances.
 */
public final class SlabPicker {

    private static final Logger LOG = LoggerFactory.getLogger(SlabPicker.class);
    private static final int QUANTILE_SAMPLE = 4_000_000;
    /** Arrays of a slab's size alive at once while its response is computed. */
    private static final int ARRAYS_PER_SLAB = 4;
    /** The same for a multi-scale picker: slab, smoothed, three scales, the DoG's second Gaussian, the maximum. */
    private static final int ARRAYS_PER_MULTI_SCALE_SLAB = 7;

    private final SubvolumePicker picker;
    private final int slabDepth;
    private final long memoryBudget;

    private SlabPicker(SubvolumePicker picker, int slabDepth, long memoryBudget) {
        this.picker = Objects.requireNonNull(picker, "picker");
        if (slabDepth < 0) {
            throw new IllegalArgumentException("slab depth must be >= 1 z-slices (0: from the memory budget), got "
                    + slabDepth);
        }
        if (memoryBudget < 1) {
            throw new IllegalArgumentException("memory budget must be a positive number of bytes, got " + memoryBudget);
        }
        this.slabDepth = slabDepth;
        this.memoryBudget = memoryBudget;
    }

    /** Slab-wise picking with {@code picker}'s settings, slab depth from a quarter of the maximum heap. */
    public static SlabPicker of(SubvolumePicker picker) {
        return new SlabPicker(picker, 0, Runtime.getRuntime().maxMemory() / 4);
    }

    /** The same picker with slabs of {@code zSlices} slices of their own (plus the halo); 0 = automatic. */
    public SlabPicker withSlabDepth(int zSlices) {
        return new SlabPicker(picker, zSlices, memoryBudget);
    }

    /** The same picker choosing its slab depth so that a slab's arrays take at most {@code bytes}. */
    public SlabPicker withMemoryBudget(long bytes) {
        return new SlabPicker(picker, slabDepth, bytes);
    }

    public SubvolumePicker picker() {
        return picker;
    }

    /** The slab depth as set (0: chosen from the memory budget). */
    public int slabDepth() {
        return slabDepth;
    }

    /** Bytes a slab's arrays may take when the depth is chosen automatically. */
    public long memoryBudget() {
        return memoryBudget;
    }

    /**
     * Halo in z-slices on each side of a slab for a tomogram with this voxel edge along x (Å); for a multi-scale
     * picker, from its largest sigma (the scale-neighbour test reads the same 3x3x3 neighbourhoods, so the one
     * extra slice still suffices).
     */
    public int halo(double voxelSizeAngst) {
        double s = picker.largestSigmaVoxels(voxelSizeAngst);
        int rs = picker.smoothingSigma() > 0 ? GaussianFilter.radius(picker.smoothingSigma(),
                GaussianFilter.DEFAULT_TRUNCATE) : 0;
        int rd = Math.max(GaussianFilter.radius(s, GaussianFilter.DEFAULT_TRUNCATE),
                GaussianFilter.radius(s * picker.scaleRatio(), GaussianFilter.DEFAULT_TRUNCATE));
        return rs + rd + 1;
    }

    /**
     * The slab depth (own slices) used on a tomogram of nx x ny x nz voxels with the given halo: the set
     * depth, or the most that fits the memory budget (at least the halo), never more than nz nor more than one
     * {@link Volume} can hold with its halo.
     *
     * @throws CryomineException when even one slice with its halo exceeds one volume's 2^31 voxels
     */
    public int depthFor(int nx, int ny, int nz, int halo) {
        long perSlice = (long) nx * ny;
        long maxSlices = Volume.MAX_VOXELS / perSlice;
        if (maxSlices < 2L * halo + 1) {
            throw new CryomineException("a " + nx + "x" + ny + " slice with a halo of " + halo + " slices on either side "
                    + "exceeds the 2^31 voxels one slab can hold; crop the tomogram in x and y or use smaller sigmas");
        }
        int arrays = picker.isMultiScale() ? ARRAYS_PER_MULTI_SCALE_SLAB : ARRAYS_PER_SLAB;
        long depth = slabDepth > 0 ? slabDepth
                : Math.max(halo, memoryBudget / (arrays * Float.BYTES * perSlice) - 2L * halo);
        depth = Math.min(depth, maxSlices - 2L * halo);
        return (int) Math.max(1, Math.min(depth, nz));
    }

    /**
     * Fails, before anything is read, when one slab of {@code slices} slices (its own and its halo) and the filter's
     * work arrays would take more than three quarters of a heap of {@code maxHeap} bytes: the number, and the heap to
     * ask for, instead of an OutOfMemoryError deep in the filter.
     */
    void requireHeap(int nx, int ny, int slices, long maxHeap) {
        int arrays = picker.isMultiScale() ? ARRAYS_PER_MULTI_SCALE_SLAB : ARRAYS_PER_SLAB;
        long need = (long) arrays * Float.BYTES * nx * ny * slices;
        if (need > maxHeap / 4 * 3) {
            throw new CryomineException(String.format(java.util.Locale.ROOT, "picking reads the %dx%d tomogram in z-slabs "
                    + "of at least %d slices (the filters' reach), which with the filter's work arrays take %.0f MB, more "
                    + "than the %.0f MB Java heap allows; raise it (CRYOMINE_JAVA_OPTS=-Xmx%dm) or use smaller sigmas",
                    nx, ny, slices, need / 1e6, maxHeap / 1e6, (long) Math.ceil(need / 1e6 * 4 / 3 / 0.9) + 64));
        }
    }

    /** {@link #findPeaks(RegionSource, ProgressListener, DogAccelerator)} on {@link Accelerators#dog()}'s choice. */
    public List<Peak> findPeaks(RegionSource source, ProgressListener listener) {
        return findPeaks(source, listener, Accelerators.dog().orElse(null));
    }

    /**
     * The accepted peak positions, strongest first, as {@link SubvolumePicker#findPeaks(Volume, ProgressListener,
     * DogAccelerator)} gives them on the whole tomogram, reading it slab by slab. Reports stage {@code "dog"}
     * once per slab and {@code "peaks"}; checks for cancellation between slabs.
     *
     * @param accelerator where each slab's response is computed (null: CPU)
     * @throws CryomineException when no box can fit (SKIP with a tomogram smaller than the box) or a slab
     *         holds NaN or infinite values
     */
    public List<Peak> findPeaks(RegionSource source, ProgressListener listener, DogAccelerator accelerator) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(listener, "listener");
        int nx = source.nx();
        int ny = source.ny();
        int nz = source.nz();
        int box = picker.boxSize();
        if (picker.boundary() == BoundaryPolicy.SKIP && (nx < box || ny < box || nz < box)) {
            throw new CryomineException("no " + box + "^3 box fits in the " + nx + "x" + ny + "x" + nz
                    + " tomogram, so every pick would be skipped; use a smaller box size or the FILL_MEAN or MIRROR"
                    + " boundary policy");
        }
        double voxel = source.voxelSize().x();
        int halo = halo(voxel);
        int depth = depthFor(nx, ny, nz, halo);
        requireHeap(nx, ny, Math.min(nz, depth + 2 * halo), Runtime.getRuntime().maxMemory());
        int slabs = (nz + depth - 1) / depth;
        LOG.debug("picking {}x{}x{} in {} slabs of {} slices with a halo of {}", nx, ny, nz, slabs, depth, halo);
        boolean quantile = picker.thresholdKind() == SubvolumePicker.ThresholdKind.QUANTILE;
        double t = picker.thresholdKind() == SubvolumePicker.ThresholdKind.ABSOLUTE ? picker.thresholdValue()
                : Double.NEGATIVE_INFINITY;
        long n = source.voxelCount();
        long step = Math.max(1, n / QUANTILE_SAMPLE);
        float[] sample = quantile ? new float[(int) ((n + step - 1) / step)] : null;
        List<Peak> candidates = new ArrayList<>();
        long perSlice = (long) nx * ny;
        for (int k = 0; k < slabs; k++) {
            listener.checkCancelled();
            int z0 = k * depth;
            int z1 = Math.min(nz, z0 + depth);
            int r0 = Math.max(0, z0 - halo);
            int r1 = Math.min(nz, z1 + halo);
            Volume slab = source.read(0, 0, r0, nx, ny, r1 - r0);
            if (slab.hasNonFiniteValues()) {
                throw new CryomineException("the tomogram contains NaN or infinite values (between z = " + r0 + " and "
                        + (r1 - 1) + "); replace them (e.g. by the mean) before picking");
            }
            Volume response;
            List<Peak> found;
            if (picker.isMultiScale()) {
                MultiScaleDog.Result r = picker.multiScaleCandidates(slab, t, quantile, ProgressListener.NONE);
                response = r.maxResponse();
                found = r.candidates();
            } else {
                response = picker.response(slab, ProgressListener.NONE, accelerator);
                found = PeakFinder.localMaxima(response, t, picker.threads());
            }
            slab = null; // the slab may go before the maxima are searched
            for (Peak p : found) {
                int z = p.z() + r0;
                if (z >= z0 && z < z1) {
                    candidates.add(new Peak(p.x(), p.y(), z, p.score(), p.sigma()));
                }
            }
            if (quantile) {
                collectSample(response.data(), (long) r0 * perSlice, (long) z0 * perSlice, (long) z1 * perSlice, step,
                        sample);
            }
            listener.onProgress("dog", k + 1, slabs);
        }
        if (quantile) {
            double q = quantileOfSample(sample, picker.thresholdValue());
            candidates.removeIf(p -> !(p.score() >= q));
        }
        listener.onProgress("peaks", 1, 2);
        List<Peak> kept = picker.suppress(candidates, voxel);
        listener.onProgress("peaks", 2, 2);
        List<Peak> out = new ArrayList<>();
        for (Peak p : kept) {
            if (out.size() >= picker.maxPicks()) {
                break;
            }
            if (picker.boundary() == BoundaryPolicy.SKIP && !fits(p, box, nx, ny, nz)) {
                continue;
            }
            out.add(p);
        }
        LOG.debug("{} local extrema, {} after suppression, {} returned", candidates.size(), kept.size(), out.size());
        return out;
    }

    /** Whether the cubic box around {@code p} lies inside, as {@link Volume#boxFits} decides it. */
    static boolean fits(Peak p, int box, int nx, int ny, int nz) {
        int x0 = p.x() - box / 2;
        int y0 = p.y() - box / 2;
        int z0 = p.z() - box / 2;
        return x0 >= 0 && y0 >= 0 && z0 >= 0 && x0 + box <= nx && y0 + box <= ny && z0 + box <= nz;
    }

    /**
     * Copies the sample voxels (global indices that are multiples of {@code step}) in [from, to) from a slab's
     * response whose first voxel has global index {@code offset}.
     */
    private static void collectSample(float[] response, long offset, long from, long to, long step, float[] sample) {
        for (long i = (from + step - 1) / step * step; i < to; i += step) {
            sample[(int) (i / step)] = response[(int) (i - offset)];
        }
    }

    /** The q-quantile with linear interpolation, as {@link SubvolumePicker}'s; sorts {@code sample}. */
    private static double quantileOfSample(float[] sample, double q) {
        Arrays.sort(sample);
        double pos = q * (sample.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sample.length - 1);
        return sample[lo] + (pos - lo) * (sample[hi] - sample[lo]);
    }

    @Override
    public String toString() {
        return "SlabPicker[" + picker + ", slab depth " + (slabDepth == 0 ? "auto" : slabDepth) + ", budget "
                + memoryBudget + " bytes]";
    }
}
