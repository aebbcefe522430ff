package org.cryomine.io.mrc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.cryomine.core.Volume;
import org.cryomine.io.ReadOptions;
import org.cryomine.io.VolumeFormatException;
import org.cryomine.io.VolumeHeader;
import org.cryomine.io.Volumes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile headers found by fuzzing the read API (issue 19): sizes whose byte count overflows a long,
 * and small files whose header claims far more than they hold. Each must be refused with a
 * {@link VolumeFormatException}, cheaply, in strict and permissive mode.
 */
class MrcHostileHeadersTest {

    private static final ReadOptions PERMISSIVE = new ReadOptions(true, true);

    @TempDir
    Path dir;

    private Path file(String name, MrcHeader h, int dataBytes) throws IOException {
        byte[] bytes = Arrays.copyOf(h.encode(), MrcHeader.SIZE + dataBytes);
        return Files.write(dir.resolve(name), bytes);
    }

    @Test
    @Timeout(10)
    void sizesWhoseProductOverflowsALongAreRefused() throws IOException {
        // 16777215^3 voxels: (long) nx * ny * nz wrapped to 50,331,647, and convert --permissive then failed
        // with "Index 50331647 out of bounds"
        Path cube = file("cube.mrc", MrcSpecialCasesTest.header(16777215, 16777215, 16777215, 2), 2048);
        for (ReadOptions options : new ReadOptions[] {ReadOptions.STRICT, PERMISSIVE}) {
            assertThatThrownBy(() -> Volumes.readHeader(cube, options)).isInstanceOf(VolumeFormatException.class)
                    .hasMessageContaining("more than 2^63");
            assertThatThrownBy(() -> Volumes.read(cube, options)).isInstanceOf(VolumeFormatException.class);
        }
        // 2^28 x 2^28 x 256 int16: 2^65 bytes wrapped to 0 and a 512 MiB row buffer was allocated
        Path flat = file("flat.mrc", MrcSpecialCasesTest.header(1 << 28, 1 << 28, 256, 1), 4096);
        assertThatThrownBy(() -> Volumes.read(flat, PERMISSIVE)).isInstanceOf(VolumeFormatException.class);
        assertThatThrownBy(() -> Volumes.readRegion(flat, PERMISSIVE, 0, 0, 0, 1 << 28, 1, 1))
                .isInstanceOf(VolumeFormatException.class);
        assertThat(MrcValidator.validate(flat)).anyMatch(p -> p.contains("more than 2^63"));
    }

    @Test
    @Timeout(10)
    void aRegionAtTheFarCornerOfAHugePermutedHeaderIsRefusedNotANegativePosition() throws IOException {
        MrcHeader h = MrcSpecialCasesTest.header(1 << 21, 1 << 21, 1 << 22, 2);
        h.mapc = 3;
        h.mapr = 1;
        h.maps = 2;
        Path f = file("permuted.mrc", h, 1024);
        for (ReadOptions options : new ReadOptions[] {ReadOptions.STRICT, PERMISSIVE}) {
            assertThatThrownBy(() -> Volumes.readRegion(f, options, (1 << 21) - 1, (1 << 22) - 1, (1 << 21) - 1,
                    1, 1, 1)).isInstanceOf(VolumeFormatException.class).hasMessageContaining("more than 2^63");
        }
    }

    @Test
    @Timeout(10)
    void permissiveReadingOfAFileClaimingFarMoreThanItHoldsIsRefused() throws IOException {
        // a 3 KB file whose header claims 12 million one-voxel sections (48 MB): 7 s and 48 MB before
        Path slices = file("slices.mrc", MrcSpecialCasesTest.header(1, 1, 12_000_000, 2), 2048);
        assertThatThrownBy(() -> Volumes.read(slices, PERMISSIVE)).isInstanceOf(VolumeFormatException.class)
                .hasMessageContaining("by far");
        // 4-bit values: 64 MiB of packed data would be 512 MB of floats
        Path packed = file("packed.mrc", MrcSpecialCasesTest.header(1 << 14, 1 << 13, 1, 101), 2048);
        assertThatThrownBy(() -> Volumes.read(packed, PERMISSIVE)).isInstanceOf(VolumeFormatException.class)
                .hasMessageContaining("by far");
        assertThatThrownBy(() -> Volumes.read(packed)).isInstanceOf(VolumeFormatException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    @Timeout(10)
    void permissiveReadingPadsAShortFileWithZerosWithinTheBound() throws IOException {
        // 200,000 one-voxel sections (800,000 bytes, under 1 MiB missing): read as zeros, in a handful of reads
        MrcHeader h = MrcSpecialCasesTest.header(1, 1, 200_000, 2);
        byte[] bytes = Arrays.copyOf(h.encode(), MrcHeader.SIZE + 8);
        java.nio.ByteBuffer.wrap(bytes).order(h.order).putFloat(MrcHeader.SIZE, 3f).putFloat(MrcHeader.SIZE + 4, 4f);
        Path f = Files.write(dir.resolve("short.mrc"), bytes);
        Volume v = Volumes.read(f, PERMISSIVE);
        assertThat(v.nz()).isEqualTo(200_000);
        assertThat(v.get(0, 0, 0)).isEqualTo(3f);
        assertThat(v.get(0, 0, 1)).isEqualTo(4f);
        assertThat(v.get(0, 0, 2)).isZero();
        assertThat(v.get(0, 0, 199_999)).isZero();
        VolumeHeader header = Volumes.readHeader(f, PERMISSIVE);
        assertThat(header.voxelCount()).isEqualTo(200_000L);
    }

    @Test
    void modeOneHundredOneRegionsReadOnlyTheirBytes() throws IOException {
        // 4-bit values 0..15 in a 9 x 3 x 2 file (rows of 5 bytes, low nibble first): every region equals the
        // same part of the whole volume
        MrcHeader h = MrcSpecialCasesTest.header(9, 3, 2, 101);
        byte[] bytes = Arrays.copyOf(h.encode(), MrcHeader.SIZE + 5 * 3 * 2);
        for (int i = 0; i < 30; i++) {
            bytes[MrcHeader.SIZE + i] = (byte) (i * 37 + 11);
        }
        Path f = Files.write(dir.resolve("packed.mrc"), bytes);
        Volume whole = Volumes.read(f);
        for (int x0 = 0; x0 < 9; x0++) {
            for (int sx = 1; x0 + sx <= 9; sx++) {
                Volume r = Volumes.readRegion(f, x0, 1, 1, sx, 2, 1);
                for (int x = 0; x < sx; x++) {
                    for (int y = 0; y < 2; y++) {
                        assertThat(r.get(x, y, 0)).as("x0=%d sx=%d x=%d y=%d", x0, sx, x, y)
                                .isEqualTo(whole.get(x0 + x, 1 + y, 1));
                    }
                }
            }
        }
        assertThat(whole.get(0, 0, 0)).isEqualTo(11 & 0x0f);
        assertThat(whole.get(1, 0, 0)).isEqualTo(11 >>> 4);
    }
}
