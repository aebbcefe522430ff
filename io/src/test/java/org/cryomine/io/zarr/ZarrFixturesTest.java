package org.cryomine.io.zarr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.cryomine.core.Vec3;
import org.cryomine.core.Volume;
import org.cryomine.core.VoxelSize;
import org.cryomine.io.DataType;
import org.cryomine.io.Fixtures;
import org.cryomine.io.PeerPrograms;
import org.cryomine.io.ReadOptions;
import org.cryomine.io.VolumeFormatException;
import org.cryomine.io.VolumeHeader;
import org.cryomine.io.Volumes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stores written by python3-zarr 2.13.6 / numcodecs 0.11.0 (fixtures/zarr, see its README) read back equal:
 * every compressor and shuffle, big-endian, '/' separators, missing chunks, a 3-level NGFF 0.4 image.
 */
class ZarrFixturesTest {

    private static final Path DIR = Fixtures.path("zarr/blosc_lz4_shuffle.zarr").getParent();

    @TempDir
    Path tmp;

    @Test
    void everyCommittedStoreReadsBackEqual() {
        ZarrExpectations.assertAllStores(DIR);
    }

    @Test
    void storesWrittenFreshByPythonZarrReadBackEqual() throws IOException {
        assumeTrue(PeerPrograms.pythonHas("zarr", "numcodecs"), "python3-zarr / python3-numcodecs not installed; "
                + "the committed fixtures are checked instead");
        PeerPrograms.Result r = PeerPrograms.run(List.of(PeerPrograms.PYTHON,
                DIR.resolve("make_zarr_fixtures.py").toString(), tmp.toString()));
        assertThat(r.exitCode).as(r.out).isZero();
        ZarrExpectations.assertAllStores(tmp);
    }

    @Test
    void multiscaleLevelsAreChosenByVoxelSize() {
        Path ms = DIR.resolve("multiscale.zarr");
        List<ScaleLevel> levels = OmeZarr.levels(ms);
        assertThat(levels).extracting(ScaleLevel::path).containsExactly("0", "1", "2");
        assertThat(levels).extracting(ScaleLevel::nx).containsExactly(20, 10, 5);
        assertThat(levels.get(2).voxelSize()).isEqualTo(new Vec3(40, 40, 40));
        assertThat(levels.get(1).origin()).isEqualTo(new Vec3(100, 5, 0));

        Volume full = Volumes.read(ms);
        assertThat(full.voxelSize()).isEqualTo(VoxelSize.isotropic(10));
        assertThat(full.origin()).isEqualTo(new Vec3(100, 0, 0));
        ZarrExpectations.assertValues(full, 0.25, 0, 1);
        Volume coarse = Volumes.read(ms, ReadOptions.STRICT.withVoxelSize(35));
        assertThat(coarse.shape()).containsExactly(5, 5, 4);
        assertThat(coarse.voxelSize()).isEqualTo(VoxelSize.isotropic(40));
        ZarrExpectations.assertValues(coarse, 0.25, 2, 4);
        assertThat(Volumes.read(ms, ReadOptions.STRICT.withVoxelSize(14)).nx()).as("14 Å is nearer 10 than 20").isEqualTo(20);

        Volume direct = Volumes.read(ms.resolve("1"));
        assertThat(direct.voxelSize()).as("an array opened directly takes its scale from the group")
                .isEqualTo(VoxelSize.isotropic(20));
        VolumeHeader h = Volumes.readHeader(ms);
        assertThat(h.format()).isEqualTo("zarr");
        assertThat(h.dataType()).isEqualTo(DataType.FLOAT32);
    }

    @Test
    void regionReadsEqualTheCropOfTheWholeRead() {
        SplittableRandom rnd = new SplittableRandom(5);
        for (String name : List.of("blosc_lz4_shuffle", "none_slash", "missing_chunks", "big_blosc_zstd_shuffle",
                "gzip_bigendian")) {
            Path store = DIR.resolve(name + ".zarr");
            Volume whole = Volumes.read(store);
            for (int i = 0; i < 20; i++) {
                int sx = rnd.nextInt(1, whole.nx() + 1);
                int sy = rnd.nextInt(1, whole.ny() + 1);
                int sz = rnd.nextInt(1, whole.nz() + 1);
                int x0 = rnd.nextInt(whole.nx() - sx + 1);
                int y0 = rnd.nextInt(whole.ny() - sy + 1);
                int z0 = rnd.nextInt(whole.nz() - sz + 1);
                Volume region = Volumes.readRegion(store, x0, y0, z0, sx, sy, sz);
                assertThat(region.data()).as("%s at %d,%d,%d of %dx%dx%d", name, x0, y0, z0, sx, sy, sz)
                        .containsExactly(whole.crop(x0, y0, z0, sx, sy, sz).data());
            }
        }
    }

    @Test
    void badStoresGetClearErrors() throws IOException {
        Path v3 = Files.createDirectories(tmp.resolve("v3.zarr"));
        Files.writeString(v3.resolve("zarr.json"), "{\"zarr_format\": 3}");
        assertThatThrownBy(() -> Volumes.read(v3)).isInstanceOf(VolumeFormatException.class)
                .hasMessageContaining("Zarr v3");
        Path plain = Files.createDirectories(tmp.resolve("plain"));
        assertThatThrownBy(() -> Volumes.read(plain)).isInstanceOf(VolumeFormatException.class)
                .hasMessageContaining("is a directory that no volume format reads");
        Path group = Files.createDirectories(tmp.resolve("group.zarr"));
        Files.writeString(group.resolve(".zgroup"), "{\"zarr_format\": 2}");
        assertThatThrownBy(() -> Volumes.read(group)).hasMessageContaining("without OME-NGFF multiscales");
        Path corrupt = tmp.resolve("corrupt.zarr");
        copy(DIR.resolve("blosc_lz4_shuffle.zarr"), corrupt);
        Files.write(corrupt.resolve("0.0.0"), new byte[] {2, 1, 33, 4, 0, 8, 0, 0});
        assertThatThrownBy(() -> Volumes.read(corrupt)).isInstanceOf(VolumeFormatException.class)
                .hasMessageContaining("0.0.0").hasMessageContaining("corrupt chunk");
        Path delta = tmp.resolve("delta.zarr");
        copy(DIR.resolve("zlib.zarr"), delta);
        Files.writeString(delta.resolve(".zarray"), Files.readString(delta.resolve(".zarray"))
                .replace("\"filters\": null", "\"filters\": [{\"id\": \"delta\", \"dtype\": \"<f8\"}]"));
        assertThatThrownBy(() -> Volumes.read(delta)).hasMessageContaining("filters");
    }

    @Test
    void truncatedOrDamagedChunksOfEveryCompressorGetAVolumeFormatException() throws IOException {
        SplittableRandom rnd = new SplittableRandom(17);
        for (String name : List.of("blosc_lz4_shuffle", "blosc_zstd_shuffle", "blosc_zlib_bitshuffle", "zstd",
                "gzip_bigendian", "zlib", "big_blosc_zstd_shuffle")) {
            byte[] good = Files.readAllBytes(DIR.resolve(name + ".zarr/0.0.0"));
            for (int trial = 0; trial < 30; trial++) {
                Path store = tmp.resolve(name + trial + ".zarr");
                copy(DIR.resolve(name + ".zarr"), store);
                byte[] bad = trial % 2 == 0 ? java.util.Arrays.copyOf(good, rnd.nextInt(good.length)) : good.clone();
                if (trial % 2 == 1) {
                    for (int k = 0; k < 4; k++) {
                        bad[rnd.nextInt(bad.length)] ^= (byte) (1 + rnd.nextInt(255));
                    }
                }
                Files.write(store.resolve("0.0.0"), bad);
                try {
                    Volumes.readRegion(store, 0, 0, 0, 2, 2, 2);
                } catch (VolumeFormatException expected) {
                    assertThat(expected).hasMessageContaining("0.0.0");
                } catch (RuntimeException e) {
                    throw new AssertionError(name + " trial " + trial + ": " + e, e);
                }
            }
        }
    }

    static void copy(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q);
                }
            }
        }
    }
}
