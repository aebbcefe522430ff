package org.cryomine.io.mrc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.cryomine.core.Volume;
import org.cryomine.io.VolumeFormatException;
import org.cryomine.io.VolumeHeader;
import org.cryomine.io.Volumes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sparse 2.5 GB file (2048 x 2048 x 600 int8, more voxels than one Java array holds) read by region
 * with positional reads past the 2 GiB mark. Only a few kilobytes are written to disk.
 */
class LargeSparseMrcTest {

    @TempDir
    Path dir;

    @Test
    void regionsPastTwoGigabytesReadCorrectly() throws IOException {
        int nx = 2048;
        int ny = 2048;
        int nz = 600;
        Path file = dir.resolve("huge.mrc");
        MrcHeader h = new MrcHeader();
        h.order = ByteOrder.LITTLE_ENDIAN;
        h.nx = nx;
        h.ny = ny;
        h.nz = nz;
        h.mode = 0;
        h.mx = nx;
        h.my = ny;
        h.mz = nz;
        h.cella[0] = nx * 10f;
        h.cella[1] = ny * 10f;
        h.cella[2] = nz * 10f;
        h.mapc = 1;
        h.mapr = 2;
        h.maps = 3;
        h.ispg = 1;
        h.nversion = 20141;
        h.map = "MAP ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        h.machst = new byte[] {0x44, 0x44, 0, 0};
        long total = 1024L + (long) nx * ny * nz;
        int x0 = 1000;
        int y0 = 2000;
        int z0 = 590;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(total);
            raf.write(h.encode());
            // a 4x3x2 block of known values at (1000..1003, 2000..2002, 590..591): past 2^31 bytes
            for (int z = 0; z < 2; z++) {
                for (int y = 0; y < 3; y++) {
                    long pos = 1024L + x0 + (long) nx * ((y0 + y) + (long) ny * (z0 + z));
                    assertThat(pos).isGreaterThan(1L << 31);
                    raf.seek(pos);
                    raf.write(new byte[] {(byte) (z * 12 + y * 4 + 1), (byte) (z * 12 + y * 4 + 2),
                            (byte) (z * 12 + y * 4 + 3), (byte) -(z * 12 + y * 4 + 4)});
                }
            }
        }
        VolumeHeader header = Volumes.readHeader(file);
        assertThat(new long[] {header.nx(), header.ny(), header.nz()}).containsExactly(nx, ny, nz);
        assertThat(header.voxelCount()).isGreaterThan(Integer.MAX_VALUE);
        Volume region = Volumes.readRegion(file, x0 - 1, y0, z0, 6, 3, 2);
        for (int z = 0; z < 2; z++) {
            for (int y = 0; y < 3; y++) {
                int base = z * 12 + y * 4;
                assertThat(region.get(0, y, z)).isZero();
                assertThat(region.get(1, y, z)).isEqualTo(base + 1);
                assertThat(region.get(3, y, z)).isEqualTo(base + 3);
                assertThat(region.get(4, y, z)).isEqualTo(-(base + 4));
                assertThat(region.get(5, y, z)).isZero();
            }
        }
        assertThat(region.origin().x()).isEqualTo((x0 - 1) * 10.0);
        assertThat(region.origin().z()).isEqualTo(z0 * 10.0);
        assertThatThrownBy(() -> Volumes.read(file)).isInstanceOf(VolumeFormatException.class)
                .hasMessageContaining("read the file by region");
    }
}
