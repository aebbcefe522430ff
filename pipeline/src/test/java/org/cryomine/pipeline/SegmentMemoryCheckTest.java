package org.cryomine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.cryomine.core.Vec3;
import org.cryomine.core.VolumeStatistics;
import org.cryomine.io.DataType;
import org.cryomine.io.StackKind;
import org.cryomine.io.VolumeHeader;
import org.junit.jupiter.api.Test;

/**
 * segment refuses, before reading, a tomogram whose maps cannot fit the heap in memory (clusters mode, --read
 * whole); whole mode reads by region when the tomogram or its maps are large; the by-region rule of mine/pick.
 */
class SegmentMemoryCheckTest {

    private static VolumeHeader header(int nx, int ny, int nz) {
        return new VolumeHeader("mrc", nx, ny, nz, DataType.FLOAT32, 2, new Vec3(10, 10, 10), Vec3.ZERO, List.of(),
                new VolumeStatistics(Double.NaN, Double.NaN, Double.NaN, Double.NaN), StackKind.VOLUME, false, 0, "",
                1, 20141, List.of(1, 2, 3));
    }

    @Test
    void hugeTomogramIsRefusedWithWhatToDo() {
        assertThatThrownBy(() -> Segmenter.requireFitsInMemory(header(2000, 2000, 600), 3))
                .isInstanceOf(org.cryomine.core.CryomineException.class)
                .hasMessageContaining("2000x2000x600 (9.6 GB as float32)").hasMessageContaining("2^31 voxels")
                .hasMessageContaining("crop the tomogram").hasMessageContaining("--read auto");
        assertThatCode(() -> Segmenter.requireFitsInMemory(header(64, 64, 32), 3)).doesNotThrowAnyException();
    }

    @Test
    void autoReadsByRegionWhenTheTomogramTakesOverAQuarterOfTheHeap() {
        assertThat(TomogramAccess.AUTO.byRegion(2000L * 2000 * 600, 64_000_000_000L)).isTrue(); // > 2^31 voxels
        assertThat(TomogramAccess.AUTO.byRegion(1000L * 1000 * 300, 4_000_000_000L)).isTrue(); // 1.2 GB > 4 GB / 4
        assertThat(TomogramAccess.AUTO.byRegion(1000L * 1000 * 300, 8_000_000_000L * 4)).isFalse();
        assertThat(TomogramAccess.WHOLE.byRegion(2000L * 2000 * 600, 1)).isFalse();
        assertThat(TomogramAccess.REGION.byRegion(8, Long.MAX_VALUE)).isTrue();
    }

    @Test
    void segmentReadsByRegionWhenTheMapsTakeOverHalfTheHeap() {
        VolumeHeader h = header(512, 512, 192); // 50.3 M voxels: 201 MB as float32, 1.2 GB of maps with 3 classes
        assertThat(Segmenter.inMemoryBytes(h, 3)).isEqualTo(512L * 512 * 192 * 4 * 6);
        assertThat(Segmenter.readsByRegion(TomogramAccess.AUTO, h, 3, 8_000_000_000L)).isFalse();
        assertThat(Segmenter.readsByRegion(TomogramAccess.AUTO, h, 3, 2_000_000_000L)).isTrue(); // maps
        assertThat(Segmenter.readsByRegion(TomogramAccess.AUTO, h, 3, 512_000_000L)).isTrue(); // tomogram
        assertThat(Segmenter.readsByRegion(TomogramAccess.WHOLE, h, 3, 1)).isFalse();
        assertThat(Segmenter.readsByRegion(TomogramAccess.REGION, header(8, 8, 8), 3, Long.MAX_VALUE))
                .isTrue();
    }
}
