package org.cryomine.segmentation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.cryomine.core.BoundaryPolicy;
import org.cryomine.core.ProgressListener;
import org.cryomine.core.Volume;
import org.cryomine.core.pick.RegionSource;

/**
 * Segments a whole tomogram with overlapping tiles (cryomine's {@code whole} mode, beyond the paper):
 * tiles of the model's size step by {@code overlap} of their size from {@code margin} of a tile before the
 * tomogram's near face, the last tile of each axis ends {@code margin} of a tile beyond its far face, the
 * tomogram is mirrored where tiles reach outside it, and the tiles' probabilities are blended with a smooth
 * window before the argmax. The margin keeps the tomogram's faces away from the tiles' faces, where a
 * network trained with labels only near its boxes' centres ({@code WeakLabels}' label radius) was never
 * taught anything: without it, the faces of the demo's tomogram were labelled membrane throughout. The
 * result has the tomogram's size, voxel size and origin. A tomogram larger than the heap can be segmented
 * from a {@link RegionSource}, read and labelled slab by slab along z, with the same labels ({@link #segment(RegionSource, long, Consumer,
 * ProgressListener)}).
 */
public final class TiledSegmenter {

    private final TileModel model;
    private final double overlap;
    private final double margin;

    /**
     * Tiles that start and end at the tomogram's faces (no margin).
     *
     * @param model   the segmentation model
     * @param overlap fraction of a tile shared with its neighbour, in [0, 0.9]; 0.5 is a good default
     */
    public TiledSegmenter(TileModel model, double overlap) {
        this(model, overlap, 0);
    }

    /**
     * @param model   the segmentation model
     * @param overlap fraction of a tile shared with its neighbour, in [0, 0.9]; 0.5 is a good default
     * @param margin  fraction of a tile by which the first and last tiles of each axis reach beyond the
     *                tomogram (mirrored there), in [0, 0.5); 0.25 keeps the faces a quarter tile inside the tiles
     */
    public TiledSegmenter(TileModel model, double overlap, double margin) {
        this.model = Objects.requireNonNull(model, "model");
        if (!(overlap >= 0 && overlap <= 0.9)) {
            throw new IllegalArgumentException("tile overlap must be between 0 and 0.9, got " + overlap);
        }
        if (!(margin >= 0 && margin < 0.5)) {
            throw new IllegalArgumentException("tile margin must be at least 0 and below 0.5 tiles, got " + margin);
        }
        this.overlap = overlap;
        this.margin = margin;
    }

    /**
     * A label map and the blended probabilities it was taken from, each of the tomogram's size, voxel size and
     * origin.
     *
     * @param labels        0 background, 1.. the model's classes: the class of highest probability
     * @param probabilities {@code probabilities[c]} is class c's, 0 to 1, summing to 1 over the classes; voxels
     *                      no tile covers are background with probability 1
     */
    public record Maps(Volume labels, Volume[] probabilities) {
    }

    /** The label map of {@code tomogram} (not modified): 0 background, 1.. the model's classes. */
    public Volume segment(Volume tomogram, ProgressListener listener) {
        ProbabilityAccumulator acc = accumulate(tomogram, listener);
        return acc.labels().withVoxelSize(tomogram.voxelSize()).withOrigin(tomogram.origin());
    }

    /**
     * As {@link #segment(Volume, ProgressListener)}, with the probabilities: {@code classes} more maps of the
     * tomogram's size.
     */
    public Maps segmentWithProbabilities(Volume tomogram, ProgressListener listener) {
        return maps(accumulate(tomogram, listener), tomogram);
    }

    /**
     * The label map of a tomogram read region by region from {@code source} (for tomograms larger than the
     * heap), handed to {@code labelSlabs} as nx x ny x k slabs (k at most the tiles' z step) in z order; the
     * slabs put together equal {@link #segment(Volume, ProgressListener)} of the whole tomogram voxel for
     * voxel: the same tiles in the same batches, blended in the same order. The tomogram is read as full-x-y
     * z-slabs of at least the tile's depth, so memory stays about {@code memoryBytes} down to a floor of
     * about 4 nx ny t (2.5 classes + 4.5) bytes for tiles t voxels deep at overlap 0.5 (slabs are not split in x
     * and y; below the floor a warning is logged and the floor used). Slabs carry the source's voxel
     * size; their origin is left at 0 (the writer knows the tomogram's).
     *
     * @param memoryBytes bytes the input slab and the blending buffers may take
     * @param labelSlabs  receives each finished label slab (0 background, 1.. classes), in z order
     */
    public void segment(RegionSource source, long memoryBytes, Consumer<Volume> labelSlabs, ProgressListener listener) {
        segment(source, memoryBytes, labelSlabs, null, listener);
    }

    /**
     * As {@link #segment(RegionSource, long, Consumer, ProgressListener)}; {@code probabilitySlabs}, when not
     * null, receives with each label slab the class probabilities of its voxels (one slab per class, as
     * {@link Maps#probabilities()} holds them), equal to those of the whole tomogram.
     */
    public void segment(RegionSource source, long memoryBytes, Consumer<Volume> labelSlabs,
                        Consumer<Volume[]> probabilitySlabs, ProgressListener listener) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(labelSlabs, "labelSlabs");
        if (memoryBytes < 1) {
            throw new IllegalArgumentException("memory must be a positive number of bytes, got " + memoryBytes);
        }
        int[] tile = model.tileSize();
        SlabSweep.grid(model, source, starts(source.nx(), tile[0]), starts(source.ny(), tile[1]),
                starts(source.nz(), tile[2]), memoryBytes).run(labelSlabs, probabilitySlabs, listener);
    }

    /** The blended probabilities of every class, each of the tomogram's size. */
    public Volume[] probabilities(Volume tomogram, ProgressListener listener) {
        return maps(accumulate(tomogram, listener), tomogram).probabilities();
    }

    private Maps maps(ProbabilityAccumulator acc, Volume tomogram) {
        Volume[] p = new Volume[model.classes()];
        for (int c = 0; c < p.length; c++) {
            p[c] = acc.probability(c).withVoxelSize(tomogram.voxelSize()).withOrigin(tomogram.origin());
        }
        return new Maps(acc.labels().withVoxelSize(tomogram.voxelSize()).withOrigin(tomogram.origin()), p);
    }

    /**
     * Segments only boxes of the model's tile size around the given centres (the paper's way: the picks
     * whose cluster was selected), blending where boxes overlap; voxels no box covers are background.
     *
     * @param centres box centres (x, y, z) in voxels; a box starts at {@code centre - size/2}
     */
    public Volume segmentBoxes(Volume tomogram, List<int[]> centres, ProgressListener listener) {
        return boxes(tomogram, centres, listener).labels().withVoxelSize(tomogram.voxelSize())
                .withOrigin(tomogram.origin());
    }

    /** As {@link #segmentBoxes(Volume, List, ProgressListener)}, with the probabilities. */
    public Maps segmentBoxesWithProbabilities(Volume tomogram, List<int[]> centres, ProgressListener listener) {
        return maps(boxes(tomogram, centres, listener), tomogram);
    }

    private ProbabilityAccumulator boxes(Volume tomogram, List<int[]> centres, ProgressListener listener) {
        return run(tomogram, boxCorners(centres), "segmenting boxes", listener);
    }

    /**
     * {@link #segmentBoxes(Volume, List, ProgressListener)} over a tomogram read by region from {@code source}:
     * the label map (and the probabilities, when {@code probabilitySlabs} is not null) handed on slab by slab in
     * z order, equal voxel for voxel to the in-memory path's (the same boxes in the same order and batches; see
     * {@link #segment(RegionSource, long, Consumer, Consumer, ProgressListener)} for memory).
     */
    public void segmentBoxes(RegionSource source, List<int[]> centres, long memoryBytes, Consumer<Volume> labelSlabs,
                             Consumer<Volume[]> probabilitySlabs, ProgressListener listener) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(labelSlabs, "labelSlabs");
        if (memoryBytes < 1) {
            throw new IllegalArgumentException("memory must be a positive number of bytes, got " + memoryBytes);
        }
        SlabSweep.boxes(model, source, boxCorners(centres), memoryBytes).run(labelSlabs, probabilitySlabs, listener);
    }

    /** The boxes' corners, sorted by z, then y, then x, so that both paths blend them in one order. */
    private List<int[]> boxCorners(List<int[]> centres) {
        int[] tile = model.tileSize();
        List<int[]> corners = new ArrayList<>(centres.size());
        for (int[] c : centres) {
            corners.add(new int[] {c[0] - tile[0] / 2, c[1] - tile[1] / 2, c[2] - tile[2] / 2});
        }
        corners.sort(java.util.Comparator.<int[]>comparingInt(c -> c[2]).thenComparingInt(c -> c[1])
                .thenComparingInt(c -> c[0]));
        return corners;
    }

    private ProbabilityAccumulator accumulate(Volume tomogram, ProgressListener listener) {
        int[] tile = model.tileSize();
        List<int[]> corners = new ArrayList<>();
        for (int z0 : starts(tomogram.nz(), tile[2])) {
            for (int y0 : starts(tomogram.ny(), tile[1])) {
                for (int x0 : starts(tomogram.nx(), tile[0])) {
                    corners.add(new int[] {x0, y0, z0});
                }
            }
        }
        return run(tomogram, corners, "segmenting tiles", listener);
    }

    /** Segments the tiles whose voxel (0, 0, 0) lies at each corner, in batches, and blends them. */
    private ProbabilityAccumulator run(Volume tomogram, List<int[]> corners, String stage, ProgressListener listener) {
        int[] tile = model.tileSize();
        ProbabilityAccumulator acc = new ProbabilityAccumulator(tomogram.nx(), tomogram.ny(), tomogram.nz(), model.classes());
        int batch = Math.max(1, model.batchSize());
        for (int start = 0; start < corners.size(); start += batch) {
            listener.checkCancelled();
            List<int[]> part = corners.subList(start, Math.min(corners.size(), start + batch));
            List<Volume> tiles = new ArrayList<>(part.size());
            for (int[] c : part) {
                tiles.add(tomogram.box(c[0] + tile[0] / 2, c[1] + tile[1] / 2, c[2] + tile[2] / 2,
                        tile[0], tile[1], tile[2], BoundaryPolicy.MIRROR).orElseThrow());
            }
            List<Volume[]> probabilities = model.probabilities(tiles);
            for (int i = 0; i < part.size(); i++) {
                acc.add(part.get(i)[0], part.get(i)[1], part.get(i)[2], probabilities.get(i));
            }
            listener.onProgress(stage, start + part.size(), corners.size());
        }
        return acc;
    }

    /**
     * Tile start positions along an axis of n voxels: from the margin before the near face in a regular step,
     * the last ending the margin beyond the far face; one tile at 0 where the tomogram is no longer than a tile.
     */
    List<Integer> starts(int n, int tile) {
        List<Integer> out = new ArrayList<>();
        if (n <= tile) {
            out.add(0);
            return out;
        }
        int m = (int) Math.round(tile * margin);
        int step = Math.max(1, (int) Math.round(tile * (1 - overlap)));
        for (int s = -m; s + tile < n + m; s += step) {
            out.add(s);
        }
        out.add(n + m - tile);
        return out;
    }
}
