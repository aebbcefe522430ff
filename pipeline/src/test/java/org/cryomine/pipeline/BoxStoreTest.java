package org.cryomine.pipeline;

import org.cryomine.core.testing.CountingRegionSource;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.cryomine.core.ProgressListener;
import org.cryomine.core.Volume;
import org.cryomine.core.pick.Contrast;
import org.cryomine.core.pick.RegionSource;
import org.cryomine.core.pose.PoseNormalizer;
import org.cryomine.core.simulate.TomogramSimulator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Boxes cut by region equal those cut from the whole tomogram, plain and pose-normalized. */
class BoxStoreTest {

    private static final int BOX = 16;
    private static final long SLICE_BYTES = 64 * 64 * 4;
    private static Volume tomogram;
    private static List<int[]> centres;

    @TempDir
    Path dir;

    @BeforeAll
    static void simulate() {
        tomogram = TomogramSimulator.builder().size(64, 64, 96).seed(9).build().simulate().tomogram();
        centres = new ArrayList<>(List.of(new int[] {0, 0, 0}, new int[] {63, 63, 95}, new int[] {5, 30, 2},
                new int[] {32, 32, 48}, new int[] {60, 4, 90}, new int[] {8, 8, 8}));
        SplittableRandom r = new SplittableRandom(4);
        for (int i = 0; i < 40; i++) {
            centres.add(new int[] {r.nextInt(64), r.nextInt(64), r.nextInt(96)});
        }
    }

    @Test
    void plainBoxesEqualBoxViewAndNoReadHoldsTheWholeTomogram() throws IOException {
        CountingRegionSource source = new CountingRegionSource(RegionSource.of(tomogram));
        List<Volume> expected = new BoxView(tomogram, centres, BOX);
        // margin 9 slices, so slabs of 8 own slices: 12 slabs
        try (BoxStore store = BoxStore.extract(source, centres, BOX, null, dir, SLICE_BYTES * (8 + 18),
                ProgressListener.NONE)) {
            assertThat(store).hasSize(centres.size());
            for (int i = 0; i < centres.size(); i++) {
                assertThat(store.get(i).data()).as("box %d", i).containsExactly(expected.get(i).data());
            }
            // the scratch file is unlinked as soon as it is open, so even a crash leaves nothing behind
            try (var files = Files.list(dir)) {
                assertThat(files).isEmpty();
            }
        }
        assertThat(source.depths()).hasSizeGreaterThan(5).allSatisfy(d -> assertThat(d).isLessThan(tomogram.nz()));
    }

    @Test
    void poseNormalizedBoxesEqualThoseFromTheWholeTomogram() throws IOException {
        CountingRegionSource source = new CountingRegionSource(RegionSource.of(tomogram));
        List<Volume> expected = PoseNormalizedBoxes.of(tomogram, centres, new BoxView(tomogram, centres, BOX),
                Contrast.DARK, ProgressListener.NONE);
        PoseNormalizer pose = PoseNormalizer.withDefaults().withContrast(Contrast.DARK);
        try (BoxStore store = BoxStore.extract(source, centres, BOX, pose, dir, SLICE_BYTES * (8 + 48),
                ProgressListener.NONE)) {
            for (int i = 0; i < centres.size(); i++) {
                assertThat(store.get(i).data()).as("box %d at %s", i, java.util.Arrays.toString(centres.get(i)))
                        .containsExactly(expected.get(i).data());
            }
        }
        assertThat(source.depths()).allSatisfy(d -> assertThat(d).isLessThan(tomogram.nz()));
    }

    @Test
    void meanSumsAsVolumeStatistics() {
        assertThat(BoxStore.mean(RegionSource.of(tomogram), 7, ProgressListener.NONE))
                .isEqualTo(tomogram.statistics().mean());
    }
}
