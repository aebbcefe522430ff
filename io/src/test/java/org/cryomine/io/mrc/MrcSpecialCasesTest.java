package org.cryomine.io.mrc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.cryomine.core.Volume;
import org.cryomine.io.DataType;
import org.cryomine.io.Fixtures;
import org.cryomine.io.ReadOptions;
import org.cryomine.io.StackKind;
import org.cryomine.io.VolumeFormatException;
import org.cryomine.io.Volumes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cases no mrcfile fixture covers: mode 101 (IMOD's 4-bit packing: two values per byte, low nibble
 * first, each row starting on a byte), IMOD's unsigned-bytes flag for mode 0, volume stacks, compression
 * recognised without a telling extension, and the validator's size and statistics checks.
 */
class MrcSpecialCasesTest {

    @TempDir
    Path dir;

    static MrcHeader header(int nx, int ny, int nz, int mode) {
        MrcHeader h = new MrcHeader();
        h.order = ByteOrder.LITTLE_ENDIAN;
        h.nx = nx;
        h.ny = ny;
        h.nz = nz;
        h.mode = mode;
        h.mx = nx;
        h.my = ny;
        h.mz = nz;
        h.cella[0] = nx;
        h.cella[1] = ny;
        h.cella[2] = nz;
        h.mapc = 1;
        h.mapr = 2;
        h.maps = 3;
        h.ispg = 1;
        h.nversion = 20141;
        h.map = "MAP ".getBytes(StandardCharsets.US_ASCII);
        h.machst = new byte[] {0x44, 0x44, 0, 0};
        h.dmin = 0;      // dmin > dmax, dmean < both and rms < 0: statistics "undetermined" (MRC2014)
        h.dmax = -1;
        h.dmean = -2;
        h.rms = -1;
        h.labels[0] = "test";
        h.nlabl = 1;
        return h;
    }

    private Path file(String name, MrcHeader h, byte[] data) throws IOException {
        byte[] all = Arrays.copyOf(h.encode(), 1024 + data.length);
        System.arraycopy(data, 0, all, 1024, data.length);
        return Files.write(dir.resolve(name), all);
    }

    @Test
    void mode101PacksTwoValuesPerByteWithRowsOnByteBoundaries() throws IOException {
        int nx = 5;
        int ny = 3;
        int nz = 2;
        int rowBytes = 3;
        byte[] data = new byte[rowBytes * ny * nz];
        float[] expected = new float[nx * ny * nz];
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    int v = (x + 3 * y + 7 * z) % 16;
                    expected[x + nx * (y + ny * z)] = v;
                    int b = (z * ny + y) * rowBytes + x / 2;
                    data[b] |= (byte) (x % 2 == 0 ? v : v << 4);
                }
            }
        }
        Path f = file("four.mrc", header(nx, ny, nz, 101), data);
        Volume v = Volumes.read(f);
        assertThat(v.data()).containsExactly(expected);
        assertThat(Volumes.readHeader(f).dataType()).isEqualTo(DataType.UINT4);
        assertThat(Volumes.readRegion(f, 1, 1, 1, 3, 2, 1).data()).containsExactly(v.crop(1, 1, 1, 3, 2, 1).data());
        assertThat(MrcValidator.validate(f)).isEmpty();
    }

    @Test
    void mode0HonoursImodsUnsignedFlag() throws IOException {
        byte[] data = {(byte) 200, 5, (byte) 255, 0};
        MrcHeader h = header(2, 2, 1, 0);
        h.imodStamp = MrcHeader.IMOD_STAMP;
        h.imodFlags = 0; // IMOD stamp without bit 0: bytes are unsigned
        Path unsigned = file("unsigned.mrc", h, data);
        assertThat(Volumes.read(unsigned).data()).containsExactly(200, 5, 255, 0);
        assertThat(Volumes.readHeader(unsigned).dataType()).isEqualTo(DataType.UINT8);
        h.imodFlags = 1;
        assertThat(Volumes.read(file("signed.mrc", h, data)).data()).containsExactly(-56, 5, -1, 0);
        h.imodStamp = 0; // no IMOD stamp: MRC2014 says signed
        assertThat(Volumes.read(file("plain.mrc", h, data)).data()).containsExactly(-56, 5, -1, 0);
    }

    @Test
    void volumeStacksAreReportedAndRefusedUnlessAsked() throws IOException {
        MrcHeader h = header(2, 2, 6, 2);
        h.ispg = 401;
        h.mz = 3; // two volumes of 2x2x3
        Path f = file("stack.mrc", h, new byte[4 * 24]);
        assertThat(Volumes.readHeader(f).stackKind()).isEqualTo(StackKind.VOLUME_STACK);
        assertThatThrownBy(() -> Volumes.read(f)).isInstanceOf(VolumeFormatException.class)
                .hasMessageContaining("volume stack");
        assertThat(Volumes.read(f, ReadOptions.STRICT.withAllowStacks(true)).nz()).isEqualTo(6);
        h.mz = 4;
        Path bad = file("badstack.mrc", h, new byte[4 * 24]);
        assertThat(MrcValidator.validate(bad)).contains(
                "Error in dimensions for volume stack: nz should be divisible by mz. Found nz = 6, mz = 4");
    }

    @Test
    void mrcsFilesAreWrittenAsImageStacks() {
        Path stack = dir.resolve("images.mrcs");
        Volumes.write(Volume.gaussianNoise(4, 4, 3, 2), stack);
        var h = Volumes.readHeader(stack);
        assertThat(h.stackKind()).isEqualTo(StackKind.IMAGE_STACK);
        assertThat(h.ispg()).isZero();
        assertThat(h.voxelSize().z()).isEqualTo(1.0);
        assertThat(MrcValidator.validate(stack)).isEmpty();
    }

    @Test
    void compressionIsRecognisedByMagicBytesNotByName() throws IOException {
        Path gz = dir.resolve("looks-plain.mrc");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(Files.readAllBytes(Fixtures.path("mrc/EMD-3197.map")));
        }
        assertThat(Volumes.read(gz).data()).containsExactly(Volumes.read(Fixtures.path("mrc/EMD-3197.map")).data());
        Path bz = Files.copy(Fixtures.path("mrc/EMD-3197.map.bz2"), dir.resolve("bz.map"));
        assertThat(Volumes.readHeader(bz).nx()).isEqualTo(20);
    }

    @Test
    void validatorChecksFileSizeAndStatistics() throws IOException {
        Path good = dir.resolve("good.mrc");
        Volumes.write(Volume.gaussianNoise(5, 4, 3, 1), good);
        byte[] bytes = Files.readAllBytes(good);
        Path longer = Files.write(dir.resolve("longer.mrc"), Arrays.copyOf(bytes, bytes.length + 8));
        assertThat(MrcValidator.validate(longer)).containsExactly(
                "File is larger than expected: " + (bytes.length + 8) + " bytes on disk but the header describes " + bytes.length);
        Path shorter = Files.write(dir.resolve("shorter.mrc"), Arrays.copyOf(bytes, bytes.length - 8));
        assertThat(MrcValidator.validate(shorter)).singleElement().asString().startsWith("File is smaller than expected");
        byte[] stats = bytes.clone();
        ByteBuffer.wrap(stats).order(ByteOrder.LITTLE_ENDIAN).putFloat(76, -100f).putFloat(216, 50f);
        Path wrongStats = Files.write(dir.resolve("stats.mrc"), stats);
        assertThat(MrcValidator.validate(wrongStats)).hasSize(2)
                .anyMatch(p -> p.startsWith("Data statistics appear to be inaccurate: RMS deviation"))
                .anyMatch(p -> p.startsWith("Data statistics appear to be inaccurate: minimum"));
    }
}
