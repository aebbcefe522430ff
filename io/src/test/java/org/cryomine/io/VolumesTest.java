package org.cryomine.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.cryomine.core.Volume;
import org.cryomine.core.VolumeStatistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VolumesTest {

    @TempDir
    Path dir;

    @Test
    void statisticsBySlabsEqualTheWholeVolumes() {
        Volume v = Volume.gaussianNoise(7, 5, 9, 4);
        for (int i = 0; i < v.data().length; i++) {
            v.data()[i] += i * 0.01f; // a trend, so slab means differ
        }
        Path file = dir.resolve("v.mrc");
        Volumes.write(v, file);
        VolumeStatistics expected = v.statistics();
        for (long budget : new long[] {1, 35, 70, 1000}) {
            VolumeStatistics s = Volumes.statistics(Volumes.format("mrc"), file, ReadOptions.STRICT, budget);
            assertThat(s.min()).isEqualTo(expected.min());
            assertThat(s.max()).isEqualTo(expected.max());
            assertThat(s.mean()).isCloseTo(expected.mean(), within(1e-12));
            assertThat(s.rms()).isCloseTo(expected.rms(), within(1e-12));
        }
        assertThat(Volumes.statistics(file, ReadOptions.STRICT).rms()).isCloseTo(expected.rms(), within(1e-12));
    }

    @Test
    void formatsAreFoundAndOptionsValidate() {
        assertThat(Volumes.formats()).extracting(VolumeFormat::id).containsExactly("mrc", "tiff", "zarr", "hdf");
        assertThatThrownBy(() -> Volumes.format("hdf5")).hasMessageContaining("known: mrc, tiff, zarr, hdf");
        assertThatThrownBy(() -> ReadOptions.STRICT.withVoxelSize(-1)).hasMessageContaining("voxel size");
        assertThat(new ReadOptions(true, false)).isEqualTo(ReadOptions.STRICT.withPermissive(true));
        assertThatThrownBy(() -> WriteOptions.defaults().withMode(4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[0, 1, 2, 6, 12]");
        assertThatThrownBy(() -> WriteOptions.defaults().withLabels(Collections.nCopies(11, "x")))
                .hasMessageContaining("at most 10 labels");
        assertThatThrownBy(() -> WriteOptions.defaults().withLabels(List.of("é"))).hasMessageContaining("ASCII");
        assertThatThrownBy(() -> WriteOptions.defaults().withLabels(List.of("x".repeat(81)))).hasMessageContaining("80");
    }

    @Test
    void statisticsOfADirectoryStoreAreReadBySlabs() {
        Volume v = Volume.gaussianNoise(9, 7, 20, 5);
        Path store = dir.resolve("v.zarr");
        Volumes.write(v, store);
        assertThat(ByteSource.isCompressed(store)).isFalse();
        VolumeStatistics s = Volumes.statistics(Volumes.format("zarr"), store, ReadOptions.STRICT, 63 * 3);
        assertThat(s.min()).isEqualTo(v.statistics().min());
        assertThat(s.rms()).isCloseTo(v.statistics().rms(), within(1e-12));
    }

    @Test
    void unknownExtensionsAreWrittenAsMrc() {
        Path file = dir.resolve("volume.data");
        Volumes.write(Volume.filled(2, 2, 2, 3f), file);
        assertThat(Volumes.formatFor(file).id()).isEqualTo("mrc");
        assertThat(Volumes.read(file).data()).containsOnly(3f);
    }
}
