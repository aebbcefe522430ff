package org.cryomine.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.cryomine.core.CryomineException;
import org.cryomine.core.ProgressListener;
import org.cryomine.core.Volume;
import org.cryomine.core.pick.Contrast;
import org.cryomine.core.pick.GridExtractor;
import org.cryomine.core.pick.Peak;
import org.cryomine.core.pick.RegionSource;
import org.cryomine.core.pick.SlabPicker;
import org.cryomine.core.pick.SubvolumePicker;
import org.cryomine.core.pose.PoseNormalizer;
import org.cryomine.core.stats.IntensityMap;
import org.cryomine.core.stats.IntensityStatistics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tomogram a pipeline works on, either whole in memory or read by region from its file: picking,
 * grid positions and boxes, the same results either way (see {@link SlabPicker} and {@link BoxStore}).
 * Closing releases the region mode's scratch file.
 */
abstract class TomogramInput implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TomogramInput.class);

    abstract int nx();

    abstract int ny();

    abstract int nz();

    /** The whole tomogram, or null when it is read by region. */
    abstract Volume volume();

    abstract List<Peak> findPeaks(SubvolumePicker picker, ProgressListener progress);

    /**
     * The boxes around {@code centres}, pose-normalized (from the tomogram itself) when asked; voxels outside
     * the tomogram get its mean. Valid until this input is closed.
     */
    abstract List<Volume> boxes(List<int[]> centres, int size, boolean poseNormalize, Contrast contrast,
                                ProgressListener progress) throws IOException;

    @Override
    public void close() throws IOException {
    }

    /** Grid centres as {@code grid.positions} gives them on the whole tomogram. */
    List<int[]> gridPositions(GridExtractor grid) {
        Volume v = volume();
        if (v != null) {
            return grid.positions(v);
        }
        // positions are separable: one axis at a time on a volume one box thick along the other two
        int b = grid.boxSize();
        List<Integer> xs = axis(grid.positions(Volume.zeros(nx(), b, b)), 0);
        List<Integer> ys = axis(grid.positions(Volume.zeros(b, ny(), b)), 1);
        List<Integer> zs = axis(grid.positions(Volume.zeros(b, b, nz())), 2);
        List<int[]> out = new ArrayList<>();
        for (int z : zs) {
            for (int y : ys) {
                for (int x : xs) {
                    out.add(new int[] {x, y, z});
                }
            }
        }
        return out;
    }

    private static List<Integer> axis(List<int[]> positions, int a) {
        return positions.stream().map(p -> p[a]).distinct().toList();
    }

    /**
     * The tomogram in {@code file}, read whole or by region as {@code access} decides for its size (by
     * region: scratch files in {@code scratchDir}, slabs of at most {@code regionMemory} bytes). For callers
     * that cut boxes around known centres, e.g. training the segmentation network on a mined run:
     * {@code try (TomogramInput t = TomogramInput.open(run.tomogram(), TomogramAccess.AUTO, runDir, mem)) {
     * List<Volume> boxes = t.boxes(run.centres(), box, run.poseNormalized(), run.contrast(), progress); ... }}
     */
    static TomogramInput open(Path file, TomogramAccess access, Path scratchDir, long regionMemory) {
        return open(file, access, scratchDir, regionMemory, false);
    }

    /**
     * As {@link #open(Path, TomogramAccess, Path, long)}; with {@code standardize} the boxes are cut from the tomogram
     * changed to median 0 and spread 1 ({@link #standardized}), as a dataset run cuts them.
     */
    static TomogramInput open(Path file, TomogramAccess access, Path scratchDir, long regionMemory,
                              boolean standardize) {
        FileRegionSource source = FileRegionSource.open(file);
        if (access.byRegion(source.header())) {
            return byRegion(source, boxSource(source, standardize), scratchDir, regionMemory);
        }
        Volume tomogram = org.cryomine.io.Volumes.read(file);
        if (standardize) {
            standardizing(RegionSource.of(tomogram), file.toString()).applyInPlace(tomogram);
        }
        return inMemory(tomogram);
    }

    /**
     * {@code tomogram} changed affinely to median 0 and spread 1 ({@link IntensityStatistics#STANDARD}): the units of a
     * dataset run's boxes when {@link MiningSettings#standardizeTomograms()} is on. Logs the change.
     *
     * @throws CryomineException when the tomogram's sampled voxels all hold one value
     */
    static RegionSource standardized(FileRegionSource tomogram) {
        return standardizing(tomogram, tomogram.file().toString()).over(tomogram);
    }

    /** Where a run cuts its boxes from: {@code tomogram} {@link #standardized} when {@code standardize}, else as it is. */
    static RegionSource boxSource(FileRegionSource tomogram, boolean standardize) {
        return standardize ? standardized(tomogram) : tomogram;
    }

    /**
     * {@code own.mapTo(target)} for the tomogram {@code name}, or, when its sampled voxels all hold one value, an error
     * that names it and ends with {@code consequence} (what that means here and what to do).
     */
    static IntensityMap mapOnto(IntensityStatistics own, IntensityStatistics target, String name, String consequence) {
        if (!(own.spread() > 0)) {
            throw new CryomineException(name + ": the sampled voxels all hold one value (" + own.median() + "), so "
                    + consequence);
        }
        return own.mapTo(target);
    }

    private static IntensityMap standardizing(RegionSource tomogram, String name) {
        IntensityStatistics own = IntensityStatistics.of(tomogram);
        IntensityMap map = mapOnto(own, IntensityStatistics.STANDARD, name,
                "it cannot be standardized with the dataset's other tomograms; check the file or leave it out");
        LOG.info("{}: boxes standardized (median {}, spread {})", name, String.format(Locale.ROOT, "%.4g", own.median()),
                String.format(Locale.ROOT, "%.4g", own.spread()));
        return map;
    }

    static TomogramInput inMemory(Volume tomogram) {
        return new TomogramInput() {
            @Override
            int nx() {
                return tomogram.nx();
            }

            @Override
            int ny() {
                return tomogram.ny();
            }

            @Override
            int nz() {
                return tomogram.nz();
            }

            @Override
            Volume volume() {
                return tomogram;
            }

            @Override
            List<Peak> findPeaks(SubvolumePicker picker, ProgressListener progress) {
                return picker.findPeaks(tomogram, progress);
            }

            @Override
            List<Volume> boxes(List<int[]> centres, int size, boolean poseNormalize, Contrast contrast,
                               ProgressListener progress) {
                List<Volume> raw = new BoxView(tomogram, centres, size);
                return poseNormalize ? PoseNormalizedBoxes.of(tomogram, centres, raw, contrast, progress) : raw;
            }
        };
    }

    /**
     * A tomogram read by region: picking by z-slabs ({@link SlabPicker}), boxes cut in one slab pass into a
     * scratch file in {@code scratchDir} ({@link BoxStore}), each slab taking about {@code budget} bytes.
     */
    static TomogramInput byRegion(RegionSource source, Path scratchDir, long budget) {
        return byRegion(source, source, scratchDir, budget);
    }

    /** As {@link #byRegion(RegionSource, Path, long)}, picking in {@code source} and cutting boxes from {@code boxSource}. */
    static TomogramInput byRegion(RegionSource source, RegionSource boxSource, Path scratchDir, long budget) {
        return new TomogramInput() {
            private final List<BoxStore> stores = new ArrayList<>();

            @Override
            int nx() {
                return source.nx();
            }

            @Override
            int ny() {
                return source.ny();
            }

            @Override
            int nz() {
                return source.nz();
            }

            @Override
            Volume volume() {
                return null;
            }

            @Override
            List<Peak> findPeaks(SubvolumePicker picker, ProgressListener progress) {
                return SlabPicker.of(picker).withMemoryBudget(budget).findPeaks(source, progress);
            }

            @Override
            List<Volume> boxes(List<int[]> centres, int size, boolean poseNormalize, Contrast contrast,
                               ProgressListener progress) throws IOException {
                PoseNormalizer pose = poseNormalize ? PoseNormalizer.withDefaults().withContrast(contrast) : null;
                BoxStore store = BoxStore.extract(boxSource, centres, size, pose, scratchDir, budget, progress);
                stores.add(store);
                return store;
            }

            @Override
            public void close() throws IOException {
                for (BoxStore s : stores) {
                    s.close();
                }
                stores.clear();
            }
        };
    }
}
