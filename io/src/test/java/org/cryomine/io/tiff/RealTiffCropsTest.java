package org.cryomine.io.tiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.cryomine.core.Volume;
import org.cryomine.io.DataType;
import org.cryomine.io.Fixtures;
import org.cryomine.io.VolumeFormatException;
import org.cryomine.io.VolumeHeader;
import org.cryomine.io.Volumes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The two real tomogram crops (fixtures/README.md: 36x206x94 and 44x136x84 z,y,x, uint8, 1.052 nm
 * voxels). Value range and mean: read with PIL 9 + numpy (/usr/bin/python3) on 2026-11-25.
 */
class RealTiffCropsTest {

    @ParameterizedTest
    @CsvSource({"13pf_MT.tif, 94, 206, 36, 106.06224465789896", "14pf_MT.tif, 84, 136, 44, 113.52585664947797"})
    void readsShapeVoxelSizeAndRange(String name, int nx, int ny, int nz, double mean) {
        Path file = Fixtures.path("real/" + name);
        VolumeHeader h = Volumes.readHeader(file);
        assertThat(h.format()).isEqualTo("tiff");
        assertThat(h.dataType()).isEqualTo(DataType.UINT8);
        assertThat(new int[] {h.nx(), h.ny(), h.nz()}).containsExactly(nx, ny, nz);
        assertThat(h.voxelSize().x()).isEqualTo(10.52);
        assertThat(h.voxelSize().y()).isEqualTo(10.52);
        assertThat(h.voxelSize().z()).isEqualTo(10.52);
        Volume v = Volumes.read(file);
        assertThat(v.shape()).containsExactly(nx, ny, nz);
        assertThat(v.voxelSize().x()).isEqualTo(10.52);
        var s = v.statistics();
        // PIL + numpy on the same files: min 0, max 255, means as in the CSV source
        assertThat(s.min()).isZero();
        assertThat(s.max()).isEqualTo(255);
        assertThat(s.mean()).isCloseTo(mean, org.assertj.core.api.Assertions.within(1e-9));
        // every value is an integer (uint8 samples read unsigned)
        for (float f : v.data()) {
            assertThat(f).isEqualTo((float) Math.rint(f));
        }
    }

    @Test
    void matchesPythonReadOfTheSameFile() throws IOException {
        // reference values: PIL (python3-pil) via ImageSequence, numpy: 13pf_MT.tif page 0..35
        org.junit.jupiter.api.Assumptions.assumeTrue(org.cryomine.io.PeerPrograms.pythonHas("PIL", "numpy"),
                "skipped: /usr/bin/python3 with PIL is not installed");
        Path file = Fixtures.path("real/13pf_MT.tif");
        var r = org.cryomine.io.PeerPrograms.python(String.join("\n",
                "import sys, numpy as np",
                "from PIL import Image, ImageSequence",
                "a = np.stack([np.array(p) for p in ImageSequence.Iterator(Image.open(sys.argv[1]))]).astype(np.float64)",
                "print(a.shape[0], a.shape[1], a.shape[2], a.sum(), a.min(), a.max(), a[3, 100, 50], a[35, 205, 93])"),
                file.toString());
        assertThat(r.exitCode).as(r.out).isZero();
        String[] f = r.out.trim().split("\\s+");
        Volume v = Volumes.read(file);
        assertThat(new int[] {v.nz(), v.ny(), v.nx()}).containsExactly(
                Integer.parseInt(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]));
        double sum = 0;
        for (float x : v.data()) {
            sum += x;
        }
        assertThat(sum).isEqualTo(Double.parseDouble(f[3]));
        assertThat((double) v.get(50, 100, 3)).isEqualTo(Double.parseDouble(f[6]));
        assertThat((double) v.get(93, 205, 35)).isEqualTo(Double.parseDouble(f[7]));
    }

    @Test
    void tiffIsReadOnlyAndCorruptTiffsFailClearly(@TempDir Path dir) throws IOException {
        Volume v = Volume.zeros(2, 2, 2);
        assertThatThrownBy(() -> Volumes.write(v, dir.resolve("out.tif")))
                .hasMessageContaining("read-only");
        byte[] bytes = Files.readAllBytes(Fixtures.path("real/14pf_MT.tif"));
        Path cut = Files.write(dir.resolve("cut.tif"), Arrays.copyOf(bytes, 5000));
        assertThatThrownBy(() -> Volumes.read(cut)).isInstanceOf(VolumeFormatException.class)
                .hasMessageStartingWith(cut.toString());
        Path header = Files.write(dir.resolve("header.tif"), Arrays.copyOf(bytes, 6));
        assertThatThrownBy(() -> Volumes.read(header)).isInstanceOf(VolumeFormatException.class);
    }
}
