package org.cryomine.io.hdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.cryomine.core.Vec3;
import org.cryomine.core.Volume;
import org.cryomine.io.Fixtures;
import org.cryomine.io.PeerPrograms;
import org.cryomine.io.VolumeFormatException;
import org.cryomine.io.Volumes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * EMAN2-layout HDF5 files written by h5py 3.7.0 (fixtures/eman2, see its README; also written afresh where
 * python3-h5py is installed): value(x, y, z) = (((7 x + 13 y + 29 z) % 101) - 50) / 4 on 12 x 10 x 8 voxels.
 */
class Eman2HdfTest {

    private static final Path DIR = Fixtures.path("eman2/volume_float32.hdf").getParent();

    @TempDir
    Path tmp;

    static float value(int x, int y, int z) {
        return (float) ((Math.floorMod(7 * x + 13 * y + 29 * z, 101) - 50) * 0.25);
    }

    static void assertValues(Volume v, float tolerance) {
        for (int z = 0; z < v.nz(); z++) {
            for (int y = 0; y < v.ny(); y++) {
                for (int x = 0; x < v.nx(); x++) {
                    assertThat(v.get(x, y, z)).as("voxel (%d, %d, %d)", x, y, z)
                            .isCloseTo(value(x, y, z), org.assertj.core.data.Offset.offset(tolerance));
                }
            }
        }
    }

    static void assertFiles(Path dir) {
        for (String name : List.of("volume_float32.hdf", "volume_bigendian_chunked_gzip.hdf")) {
            Volume v = Volumes.read(dir.resolve(name));
            assertThat(v.shape()).as(name).containsExactly(12, 10, 8);
            assertValues(v, 0);
            assertThat(v.voxelSize().x()).isEqualTo(4.2f);
            assertThat(v.voxelSize().z()).isEqualTo(4.4f);
            assertThat(v.origin()).isEqualTo(new Vec3(10, -20, 30));
        }
        // uint8 codes of 8 render bits over [-12.5, 12.75]: one code is 0.099 wide, so within half of it
        assertValues(Volumes.read(dir.resolve("volume_renderbits8.hdf")), 0.0496f);
        Volume image = Volumes.read(dir.resolve("image_2d.hdf"));
        assertThat(image.shape()).containsExactly(12, 10, 1);
        assertValues(image, 0);
        assertThatThrownBy(() -> Volumes.read(dir.resolve("not_eman2.h5"))).isInstanceOf(VolumeFormatException.class)
                .hasMessageContaining("not in EMAN2's layout").hasMessageContaining("volume");
    }

    @Test
    void committedFilesReadBackEqual() {
        assertFiles(DIR);
        assertThat(Volumes.formatFor(DIR.resolve("not_eman2.h5")).id()).isEqualTo("hdf");
        assertThat(Volumes.readHeader(DIR.resolve("volume_renderbits8.hdf")).dataType())
                .isEqualTo(org.cryomine.io.DataType.UINT8);
    }

    @Test
    void filesWrittenFreshByH5pyReadBackEqual() throws IOException {
        assumeTrue(PeerPrograms.pythonHas("h5py"), "python3-h5py not installed; the committed fixtures are checked");
        PeerPrograms.Result r = PeerPrograms.run(List.of(PeerPrograms.PYTHON,
                DIR.resolve("make_eman2_fixtures.py").toString(), tmp.toString()));
        assertThat(r.exitCode).as(r.out).isZero();
        assertFiles(tmp);
    }

    @Test
    void regionsOfChunkedDataEqualTheCrop() {
        Path file = DIR.resolve("volume_bigendian_chunked_gzip.hdf");
        Volume whole = Volumes.read(file);
        Volume region = Volumes.readRegion(file, 3, 2, 1, 7, 5, 6);
        assertThat(region.data()).containsExactly(whole.crop(3, 2, 1, 7, 5, 6).data());
        assertThat(region.origin().x()).isCloseTo(10 + 3 * 4.2f, org.assertj.core.data.Offset.offset(1e-5));
    }
}
