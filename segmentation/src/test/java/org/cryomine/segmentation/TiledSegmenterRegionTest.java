package org.cryomine.segmentation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.cryomine.core.ProgressListener;
import org.cryomine.core.Volume;
import org.cryomine.core.testing.CountingRegionSource;
import org.cryomine.core.VoxelSize;
import org.cryomine.core.pick.RegionSource;
import org.junit.jupiter.api.Test;

/**
 * {@link TiledSegmenter#segment(RegionSource, long, java.util.function.Consumer, ProgressListener)}: the label
 * slabs, put together, equal the in-memory whole mode voxel for voxel, for tiny and generous memory, odd
 * sizes, non-cubic tiles, batches that straddle tile rows, and a tomogram thinner than a tile (mirrored).
 */
class TiledSegmenterRegionTest {

    /**
     * Three classes whose probabilities depend on the voxel and on the tile's mean, so that overlapping tiles
     * disagree and the blend decides; records every tile and batch it was given.
     */
    private static final class ContextModel implements TileModel {
        final int[] size;
        final int batch;
        final List<float[]> seen = new ArrayList<>();
        final List<Integer> batches = new ArrayList<>();

        ContextModel(int[] size, int batch) {
            this.size = size;
            this.batch = batch;
        }

        @Override
        public int classes() {
            return 3;
        }

        @Override
        public int[] tileSize() {
            return size.clone();
        }

        @Override
        public int batchSize() {
            return batch;
        }

        @Override
        public List<Volume[]> probabilities(List<Volume> tiles) {
            batches.add(tiles.size());
            return TileModel.super.probabilities(tiles);
        }

        @Override
        public Volume[] probabilities(Volume tile) {
            seen.add(tile.data().clone());
            double mean = tile.statistics().mean();
            Volume[] p = new Volume[3];
            for (int c = 0; c < 3; c++) {
                p[c] = Volume.zeros(tile.nx(), tile.ny(), tile.nz());
            }
            for (int i = 0; i < tile.data().length; i++) {
                double v = tile.data()[i];
                double e0 = Math.exp(0.3 * v);
                double e1 = Math.exp(-0.5 * v + 4 * mean);
                double e2 = Math.exp(Math.sin(3 * v) - 2 * mean);
                double s = e0 + e1 + e2;
                p[0].data()[i] = (float) (e0 / s);
                p[1].data()[i] = (float) (e1 / s);
                p[2].data()[i] = (float) (e2 / s);
            }
            return p;
        }
    }

    static Volume noise(int nx, int ny, int nz, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        return Volume.fromFunction(nx, ny, nz, (x, y, z) -> (float) (r.nextGaussian() + 0.3 * Math.sin(x * 0.4 + z * 0.2)))
                .withVoxelSize(new VoxelSize(4, 4, 5));
    }

    /** Runs the region path and stacks the label slabs, checking they come in z order with the source's size. */
    static Volume byRegion(TiledSegmenter s, RegionSource source, long memory, List<Integer> depths) {
        float[] out = new float[(int) source.voxelCount()];
        int[] z = {0};
        s.segment(source, memory, slab -> {
            assertThat(slab.nx()).isEqualTo(source.nx());
            assertThat(slab.ny()).isEqualTo(source.ny());
            assertThat(slab.voxelSize()).isEqualTo(source.voxelSize());
            System.arraycopy(slab.data(), 0, out, z[0] * source.nx() * source.ny(), slab.voxelCount());
            z[0] += slab.nz();
            depths.add(slab.nz());
        }, ProgressListener.NONE);
        assertThat(z[0]).as("slices handed on").isEqualTo(source.nz());
        return Volume.wrap(out, source.nx(), source.ny(), source.nz());
    }

    static void assertSameLabels(Volume expected, Volume actual) {
        for (int z = 0; z < expected.nz(); z++) {
            for (int y = 0; y < expected.ny(); y++) {
                for (int x = 0; x < expected.nx(); x++) {
                    assertThat(actual.get(x, y, z)).as("label at voxel (%d, %d, %d)", x, y, z)
                            .isEqualTo(expected.get(x, y, z));
                }
            }
        }
    }

    @Test
    void tinyMemoryGivesTheInMemoryLabelsWithTheSameTilesAndBatches() {
        Volume tomo = noise(23, 17, 41, 1);
        int[] tile = {8, 6, 10};
        ContextModel whole = new ContextModel(tile, 5);
        Volume expected = new TiledSegmenter(whole, 0.5).segment(tomo, ProgressListener.NONE);
        // the blend must matter: all three classes occur
        assertThat(expected.statistics().max()).isEqualTo(2.0);
        assertThat(expected.statistics().min()).isEqualTo(0.0);

        ContextModel streamed = new ContextModel(tile, 5);
        CountingRegionSource source = new CountingRegionSource(RegionSource.of(tomo));
        List<Integer> depths = new ArrayList<>();
        Volume actual = byRegion(new TiledSegmenter(streamed, 0.5), source, 1, depths);
        assertSameLabels(expected, actual);
        assertThat(streamed.batches).isEqualTo(whole.batches);
        assertThat(streamed.seen).hasSameSizeAs(whole.seen);
        for (int i = 0; i < whole.seen.size(); i++) {
            assertThat(streamed.seen.get(i)).as("tile %d", i).containsExactly(whole.seen.get(i));
        }
        // memory 1 byte: input slabs of one tile depth, label slabs of the z step (5)
        assertThat(source.depths().stream().mapToInt(Integer::intValue).max().orElse(0)).isEqualTo(10);
        assertThat(source.depths().size()).isGreaterThan(4);
        assertThat(depths).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(5));
        assertThat(depths.size()).isGreaterThan(1);
    }

    @Test
    void generousMemoryReadsTheTomogramOnceWithTheSameLabels() {
        Volume tomo = noise(19, 21, 30, 2);
        int[] tile = {8, 8, 8};
        Volume expected = new TiledSegmenter(new ContextModel(tile, 8), 0.5).segment(tomo, ProgressListener.NONE);
        CountingRegionSource source = new CountingRegionSource(RegionSource.of(tomo));
        Volume actual = byRegion(new TiledSegmenter(new ContextModel(tile, 8), 0.5), source, 1L << 30, new ArrayList<>());
        assertSameLabels(expected, actual);
        assertThat(source.depths().size()).isEqualTo(1);
        assertThat(source.voxels()).isEqualTo(tomo.voxelCount());
    }

    @Test
    void otherOverlapsAndBatchSizesGiveTheSameLabels() {
        Volume tomo = noise(20, 14, 33, 3);
        for (double overlap : new double[] {0, 0.25, 0.75}) {
            for (int batch : new int[] {1, 7}) {
                int[] tile = {8, 8, 8};
                Volume expected = new TiledSegmenter(new ContextModel(tile, batch), overlap)
                        .segment(tomo, ProgressListener.NONE);
                Volume actual = byRegion(new TiledSegmenter(new ContextModel(tile, batch), overlap),
                        new CountingRegionSource(RegionSource.of(tomo)), 20_000, new ArrayList<>());
                assertSameLabels(expected, actual);
            }
        }
    }

    @Test
    void tilesReachingBeyondTheFacesGiveTheInMemoryLabelsFromSlabsNoDeeperThanATile() {
        Volume tomo = noise(23, 17, 41, 5);
        int[] tile = {8, 6, 10};
        Volume expected = new TiledSegmenter(new ContextModel(tile, 5), 0.5, 0.25).segment(tomo, ProgressListener.NONE);
        CountingRegionSource source = new CountingRegionSource(RegionSource.of(tomo));
        Volume actual = byRegion(new TiledSegmenter(new ContextModel(tile, 5), 0.5, 0.25), source, 1, new ArrayList<>());
        assertSameLabels(expected, actual);
        // the first and last tile rows are mirrored at the faces from slabs that reach them, not the whole tomogram
        assertThat(source.depths().stream().mapToInt(Integer::intValue).max().orElse(0)).isEqualTo(10);
    }

    @Test
    void probabilitySlabsEqualTheInMemoryProbabilitiesAndComeWithTheirLabelSlabs() {
        Volume tomo = noise(23, 17, 41, 6);
        int[] tile = {8, 6, 10};
        Volume[] expected = new TiledSegmenter(new ContextModel(tile, 5), 0.5, 0.25)
                .segmentWithProbabilities(tomo, ProgressListener.NONE).probabilities();
        RegionSource source = RegionSource.of(tomo);
        float[][] stacked = new float[3][tomo.voxelCount()];
        int[] z = {0};
        int[] pending = {-1};
        new TiledSegmenter(new ContextModel(tile, 5), 0.5, 0.25).segment(source, 1, labels -> {
            assertThat(pending[0]).as("probabilities came first, for the same slices").isEqualTo(labels.nz());
            z[0] += labels.nz();
            pending[0] = -1;
        }, p -> {
            assertThat(p).hasSize(3);
            for (int c = 0; c < 3; c++) {
                assertThat(p[c].voxelSize()).isEqualTo(source.voxelSize());
                System.arraycopy(p[c].data(), 0, stacked[c], z[0] * 23 * 17, p[c].voxelCount());
            }
            pending[0] = p[0].nz();
        }, ProgressListener.NONE);
        assertThat(z[0]).isEqualTo(41);
        for (int c = 0; c < 3; c++) {
            assertThat(stacked[c]).as("class %d", c).containsExactly(expected[c].data());
        }
    }

    @Test
    void boxModeByRegionGivesTheInMemoryLabelsAndProbabilities() {
        Volume tomo = noise(30, 26, 57, 7);
        int[] tile = {8, 8, 8};
        // unsorted, overlapping, at the faces (mirrored) and one beyond the bottom face
        List<int[]> centres = List.of(new int[] {15, 13, 40}, new int[] {3, 4, 2}, new int[] {15, 14, 43},
                new int[] {26, 22, 55}, new int[] {10, 10, 20}, new int[] {12, 9, 21}, new int[] {20, 5, 0});
        TiledSegmenter.Maps expected = new TiledSegmenter(new ContextModel(tile, 3), 0.5)
                .segmentBoxesWithProbabilities(tomo, centres, ProgressListener.NONE);
        assertThat(expected.labels().statistics().max()).isGreaterThan(0.0);
        CountingRegionSource source = new CountingRegionSource(RegionSource.of(tomo));
        float[] labels = new float[tomo.voxelCount()];
        float[][] p = new float[3][tomo.voxelCount()];
        int[] z = {0};
        new TiledSegmenter(new ContextModel(tile, 3), 0.5).segmentBoxes(source, centres, 1, slab -> {
            System.arraycopy(slab.data(), 0, labels, z[0] * 30 * 26, slab.voxelCount());
            z[0] += slab.nz();
        }, slabs -> {
            for (int c = 0; c < 3; c++) {
                System.arraycopy(slabs[c].data(), 0, p[c], z[0] * 30 * 26, slabs[c].voxelCount());
            }
        }, ProgressListener.NONE);
        assertThat(z[0]).isEqualTo(57);
        assertSameLabels(expected.labels(), Volume.wrap(labels, 30, 26, 57));
        for (int c = 0; c < 3; c++) {
            assertThat(p[c]).as("class %d", c).containsExactly(expected.probabilities()[c].data());
        }
        assertThat(source.depths().stream().mapToInt(Integer::intValue).max().orElse(0)).as("slabs a tile deep")
                .isEqualTo(8);

        // no boxes: background throughout, still handed on slab by slab
        List<Integer> depths = new ArrayList<>();
        float[] none = new float[tomo.voxelCount()];
        java.util.Arrays.fill(none, -1);
        int[] at = {0};
        new TiledSegmenter(new ContextModel(tile, 3), 0.5).segmentBoxes(RegionSource.of(tomo), List.of(), 1, slab -> {
            System.arraycopy(slab.data(), 0, none, at[0] * 30 * 26, slab.voxelCount());
            at[0] += slab.nz();
            depths.add(slab.nz());
        }, null, ProgressListener.NONE);
        assertThat(at[0]).isEqualTo(57);
        assertThat(none).containsOnly(0f);
        assertThat(depths).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(4));
    }

    @Test
    void tomogramThinnerThanATileIsMirroredAsInMemory() {
        Volume tomo = noise(13, 11, 5, 4);
        int[] tile = {8, 8, 8};
        Volume expected = new TiledSegmenter(new ContextModel(tile, 2), 0.5).segment(tomo, ProgressListener.NONE);
        CountingRegionSource source = new CountingRegionSource(RegionSource.of(tomo));
        Volume actual = byRegion(new TiledSegmenter(new ContextModel(tile, 2), 0.5), source, 1, new ArrayList<>());
        assertSameLabels(expected, actual);
        assertThat(source.depths().stream().mapToInt(Integer::intValue).max().orElse(0)).isEqualTo(5);
    }
}
