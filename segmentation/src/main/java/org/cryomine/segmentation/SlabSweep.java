package org.cryomine.segmentation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import org.cryomine.core.BoundaryPolicy;
import org.cryomine.core.ProgressListener;
import org.cryomine.core.Volume;
import org.cryomine.core.pick.RegionSource;

/**
 * {@link TiledSegmenter}'s whole mode (and box mode) over a tomogram read by region: the same tiles (tile
 * starts per axis, or the boxes sorted by z) in the same order (z outermost, then y, then x) and the same
 * batches are run through the model, but the
 * tomogram is read as full-x-y z-slabs that hold the current tiles, and the blended probabilities are kept
 * only for the z-blocks that tiles still to come can reach. A block is finished, turned into labels and
 * passed on as soon as the next tile starts at or beyond its end, so the label map comes out slab by slab in
 * z order. Every voxel receives the same tiles' probabilities, blended by the same float operations in the
 * same order as in the in-memory path, so the labels are identical to it.
 *
 * <p>Memory, with s = 4 nx ny bytes per slice, tile depth t and block depth d (the tiles' z step): the input
 * slab (at least t slices, more when the budget allows, to read less often), sums and weights of (classes + 1)
 * floats for the open blocks (at most t + 3 d slices when a batch spans two tile rows, as it does unless the
 * tomogram is only a few tiles wide), and the block being handed on (2 d; (classes + 2) d with its
 * probabilities). The floor of about
 * s (t + (classes + 1)(t + 3 d) + 2 d) may exceed the budget: slabs are not tiled in x and y.
 */
final class SlabSweep {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SlabSweep.class);

    private final TileModel model;
    private final RegionSource source;
    private final long count;
    private final LongFunction<int[]> corners;
    private final String stage;
    private final int blockDepth;
    private final int inputDepth;

    /**
     * The whole-mode tiles: every combination of the tile starts, in TiledSegmenter's order (x fastest, then y,
     * then z).
     *
     * @param xs, ys, zs tile starts along each axis (ascending), as {@link TiledSegmenter#starts} gives them
     * @param memory     bytes the slabs may take (see the class comment for the floor)
     */
    static SlabSweep grid(TileModel model, RegionSource source, List<Integer> xs, List<Integer> ys, List<Integer> zs,
                          long memory) {
        int tz = model.tileSize()[2];
        int step = zs.size() > 1 ? zs.get(1) - zs.get(0) : tz;
        // a batch's tiles span at most this many tile rows in z
        long perRow = (long) xs.size() * ys.size();
        long rows = Math.min(zs.size(), (Math.max(1, model.batchSize()) + perRow - 1) / perRow + 1);
        LongFunction<int[]> corner = i -> {
            int x = (int) (i % xs.size());
            long rest = i / xs.size();
            int y = (int) (rest % ys.size());
            int z = (int) (rest / ys.size());
            return new int[] {xs.get(x), ys.get(y), zs.get(z)};
        };
        return new SlabSweep(model, source, perRow * zs.size(), corner, "segmenting tiles", step, (rows - 1) * step,
                memory);
    }

    /**
     * Tiles at the given corners, which must come in ascending z0 (the box mode's boxes, sorted), with label
     * blocks half a tile deep.
     */
    static SlabSweep boxes(TileModel model, RegionSource source, List<int[]> corners, long memory) {
        for (int i = 1; i < corners.size(); i++) {
            if (corners.get(i)[2] < corners.get(i - 1)[2]) {
                throw new IllegalArgumentException("box corners must come in ascending z");
            }
        }
        int batch = Math.max(1, model.batchSize());
        long batchSpan = 0;
        for (int start = 0; start < corners.size(); start += batch) {
            int last = Math.min(corners.size(), start + batch) - 1;
            batchSpan = Math.max(batchSpan, corners.get(last)[2] - corners.get(start)[2]);
        }
        return new SlabSweep(model, source, corners.size(), i -> corners.get((int) i), "segmenting boxes",
                Math.max(1, model.tileSize()[2] / 2), batchSpan, memory);
    }

    /**
     * @param count      number of tiles
     * @param corners    corner (x0, y0, z0) of tile i, in ascending z0
     * @param stage      the progress stage's name
     * @param blockStep  depth of the label blocks (the tiles' z step)
     * @param batchSpan  the largest z0 range of one batch's tiles
     * @param memory     bytes the slabs may take (see the class comment for the floor)
     */
    private SlabSweep(TileModel model, RegionSource source, long count, LongFunction<int[]> corners, String stage,
                      int blockStep, long batchSpan, long memory) {
        this.model = model;
        this.source = source;
        this.count = count;
        this.corners = corners;
        this.stage = stage;
        int nz = source.nz();
        int tz = model.tileSize()[2];
        this.blockDepth = Math.max(1, Math.min(nz, blockStep));
        long slice = 4L * source.nx() * source.ny();
        // open blocks span at most the z0 range of one batch's tiles, a tile and a block at either end
        long span = Math.min(nz, batchSpan + tz + 2L * blockDepth);
        long fixed = (model.classes() + 1L) * span + 2L * blockDepth;
        long affordable = memory / slice - fixed;
        this.inputDepth = (int) Math.max(Math.min(tz, nz), Math.min(nz, affordable));
        long floor = slice * (Math.min(tz, nz) + fixed);
        if (floor > memory) {
            LOG.warn("segmenting by region needs about {} MB for slabs of {}x{} voxels (tiles {} deep, {} classes), "
                    + "more than the {} MB allowed", floor / 1_000_000, source.nx(), source.ny(), tz, model.classes(),
                    memory / 1_000_000);
        }
        LOG.debug("slab sweep over {}: input slabs of {} slices, label blocks of {}", source, inputDepth, blockDepth);
    }

    /** Input slab depth in z-slices. */
    int inputDepth() {
        return inputDepth;
    }

    /** Depth of the label slabs handed on (the last may be shallower). */
    int blockDepth() {
        return blockDepth;
    }

    /**
     * Runs every tile and hands the label map to {@code labelSlabs} as nx x ny x k slabs in z order, and when
     * {@code probabilitySlabs} is not null each slab's class probabilities to it, just before its labels.
     */
    void run(Consumer<Volume> labelSlabs, Consumer<Volume[]> probabilitySlabs, ProgressListener listener) {
        int[] tile = model.tileSize();
        long total = count;
        int batch = Math.max(1, model.batchSize());
        int blocks = (source.nz() + blockDepth - 1) / blockDepth;
        TreeMap<Integer, ProbabilityAccumulator> open = new TreeMap<>();
        int nextBlock = 0;
        Slab input = new Slab();
        for (long start = 0; start < total; start += batch) {
            listener.checkCancelled();
            int n = (int) Math.min(batch, total - start);
            List<int[]> corners = new ArrayList<>(n);
            List<Volume> tiles = new ArrayList<>(n);
            for (long i = start; i < start + n; i++) {
                int[] c = this.corners.apply(i);
                corners.add(c);
                tiles.add(input.tile(c, tile));
            }
            List<Volume[]> probabilities = model.probabilities(tiles);
            for (int i = 0; i < n; i++) {
                int[] c = corners.get(i);
                int first = Math.max(0, c[2]) / blockDepth;
                int last = Math.min(source.nz() - 1, c[2] + tile[2] - 1) / blockDepth;
                for (int b = first; b <= last; b++) {
                    open.computeIfAbsent(b, this::accumulator).add(c[0], c[1], c[2], probabilities.get(i));
                }
            }
            listener.onProgress(stage, start + n, total);
            long nextZ = start + n < total ? this.corners.apply(start + n)[2] : Long.MAX_VALUE;
            nextBlock = handOn(open, nextBlock, blocks, nextZ, labelSlabs, probabilitySlabs);
        }
        handOn(open, nextBlock, blocks, Long.MAX_VALUE, labelSlabs, probabilitySlabs); // also when there are no tiles
    }

    /**
     * Hands on, from {@code nextBlock}, every block that ends at or before {@code nextZ}, where the next tile
     * starts (tiles come in ascending z0, so no later tile reaches it); returns the next block not handed on.
     */
    private int handOn(TreeMap<Integer, ProbabilityAccumulator> open, int nextBlock, int blocks, long nextZ,
                       Consumer<Volume> labelSlabs, Consumer<Volume[]> probabilitySlabs) {
        while (nextBlock < blocks && Math.min((long) (nextBlock + 1) * blockDepth, source.nz()) <= nextZ) {
            ProbabilityAccumulator done = open.remove(nextBlock);
            if (done == null) {
                done = accumulator(nextBlock);
            }
            if (probabilitySlabs != null) {
                Volume[] p = new Volume[model.classes()];
                for (int c = 0; c < p.length; c++) {
                    p[c] = done.probability(c).withVoxelSize(source.voxelSize());
                }
                probabilitySlabs.accept(p);
            }
            labelSlabs.accept(done.labels().withVoxelSize(source.voxelSize()));
            nextBlock++;
        }
        return nextBlock;
    }

    private ProbabilityAccumulator accumulator(int block) {
        int lo = block * blockDepth;
        return new ProbabilityAccumulator(source.nx(), source.ny(), lo, Math.min(blockDepth, source.nz() - lo),
                model.classes());
    }

    /** The z-slab of the tomogram now in memory. */
    private final class Slab {
        private Volume volume;
        private int zLo;

        /** The tile at corner {@code c}, cut as {@code tomogram.box(.., MIRROR)} of the whole tomogram would. */
        Volume tile(int[] c, int[] size) {
            int nz = source.nz();
            int below = Math.max(0, -c[2]);
            int above = Math.max(0, c[2] + size[2] - nz);
            // a tile that leaves the tomogram in z is mirrored at its face: the slab must reach that face and
            // hold the slices reflected there; one that leaves it at both faces needs the whole z range
            int lo = below > 0 && above > 0 ? 0 : Math.max(0, Math.min(c[2], nz - above));
            int hi = below > 0 && above > 0 ? nz : Math.min(nz, Math.max(c[2] + size[2], below));
            if (volume == null || lo < zLo || hi > zLo + volume.nz()) {
                int depth = Math.min(nz - lo, Math.max(hi - lo, inputDepth));
                volume = null; // let the old slab go before the new one is read
                volume = source.read(0, 0, lo, source.nx(), source.ny(), depth);
                zLo = lo;
                if (volume.nz() != depth || volume.nx() != source.nx() || volume.ny() != source.ny()) {
                    throw new IllegalStateException(String.format(Locale.ROOT, "region source %s returned %dx%dx%d for "
                            + "a %dx%dx%d region", source, volume.nx(), volume.ny(), volume.nz(), source.nx(),
                            source.ny(), depth));
                }
            }
            return volume.box(c[0] + size[0] / 2, c[1] + size[1] / 2, c[2] - zLo + size[2] / 2, size[0], size[1], size[2],
                    BoundaryPolicy.MIRROR).orElseThrow();
        }
    }
}
