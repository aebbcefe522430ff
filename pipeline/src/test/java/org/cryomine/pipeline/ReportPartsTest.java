package org.cryomine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.cryomine.core.Volume;
import org.cryomine.io.Volumes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parts of the selection report computed in Java: the similarity order and the tomogram overview. */
class ReportPartsTest {

    @TempDir
    Path dir;

    @Test
    void theSimilarityChainPutsNearCentroidsSideBySide() {
        // two tight families on a line, numbered alternately: the chain walks one family, then the other
        float[][] centroids = {{0, 0}, {10, 0}, {0.1f, 0}, {10.2f, 0}, {0.3f, 0}, {10.1f, 0}};
        int[] order = ClusterOrder.similarityChain(centroids);
        assertThat(order).hasSize(6);
        // starts at the centroid farthest from the mean (5.1, 0): 0 at 5.1 versus 10.2 at 5.1 -> 0 (first of equals)
        // and never jumps between the families but once
        int jumps = 0;
        for (int i = 1; i < order.length; i++) {
            if ((centroids[order[i]][0] > 5) != (centroids[order[i - 1]][0] > 5)) {
                jumps++;
            }
        }
        assertThat(jumps).isEqualTo(1);
        assertThat(order).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
    }

    @Test
    void theBinFactorKeepsTheOverviewSmall() {
        assertThat(OverviewPictures.binFor(80, 80, 40)).isEqualTo(1);
        assertThat(OverviewPictures.binFor(1000, 1000, 300)).isEqualTo(7);   // 143*143*43 = 879,307 <= 2^20; 6: 1,394,450
        assertThat(OverviewPictures.binFor(4000, 4000, 1000)).isEqualTo(25); // 160*160*40 = 1,024,000; 24: 1,171,338
        for (long[] s : new long[][] {{1000, 1000, 300}, {4000, 4000, 1000}, {512, 720, 200}}) {
            int b = OverviewPictures.binFor(s[0], s[1], s[2]);
            long voxels = ((s[0] + b - 1) / b) * ((s[1] + b - 1) / b) * ((s[2] + b - 1) / b);
            assertThat(voxels).isLessThanOrEqualTo(OverviewPictures.MAX_VOXELS);
        }
    }

    @Test
    void theOverviewAveragesBinsReadWholeOrStripByStrip() throws Exception {
        Volume v = Volume.fromFunction(11, 9, 7, (x, y, z) -> x + 100 * y + 10000 * z);
        Path file = dir.resolve("t.mrc");
        Volumes.write(v, file);
        Volume b = OverviewPictures.binned(file, 11, 9, 7, 3);
        assertThat(b.shape()).containsExactly(4, 3, 3);
        // bin (1, 1, 1) covers x 3..5, y 3..5, z 3..5: its mean is 4 + 400 + 40000
        assertThat(b.get(1, 1, 1)).isEqualTo(40404f);
        // the far partial bin (3, 2, 2) covers x 9..10, y 6..8, z 6: mean 9.5 + 700 + 60000
        assertThat(b.get(3, 2, 2)).isEqualTo(60709.5f);
        // read by region in strips of 3 rows and 3 slices (99 voxels), the same bins
        Volume strips = OverviewPictures.binned(file, 11, 9, 7, 3, 99);
        assertThat(strips.data()).containsExactly(b.data());
        var overview = OverviewPictures.of(file, "t", 4, java.util.List.of(new int[] {1, 2, 3}), new int[] {0});
        assertThat(overview.bin()).isEqualTo(1);
        BufferedImage mosaic = ImageIO.read(new ByteArrayInputStream(overview.mosaicPng()));
        assertThat(mosaic.getWidth()).isEqualTo(overview.columns() * 11);
        assertThat(mosaic.getHeight()).isEqualTo((7 + overview.columns() - 1) / overview.columns() * 9);
        // grey levels rise with z within the mosaic: slice 0 darker than slice 6
        int c = overview.columns();
        assertThat(mosaic.getRaster().getSample(5, 4, 0))
                .isLessThan(mosaic.getRaster().getSample((6 % c) * 11 + 5, (6 / c) * 9 + 4, 0));
    }
}
