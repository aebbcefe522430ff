package org.cryomine.io.mrc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.cryomine.core.Volume;
import org.cryomine.io.Volumes;
import org.cryomine.io.WriteOptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every readable mode reads the same in big-endian order (header re-encoded, each value's bytes swapped). */
class BigEndianModesTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "mode {0}")
    @ValueSource(ints = {0, 1, 2, 6, 12})
    void bigEndianFilesReadLikeLittleEndianOnes(int mode) throws IOException {
        Volume v = Volume.fromFunction(5, 4, 3, (x, y, z) -> x + 5 * y + 20 * z - (mode == 6 ? 0 : 30));
        Path little = dir.resolve("little.mrc");
        Volumes.write(v, little, WriteOptions.defaults().withMode(mode));
        byte[] bytes = Files.readAllBytes(little);
        MrcHeader h = MrcHeader.parse(bytes, ByteOrder.LITTLE_ENDIAN);
        h.order = ByteOrder.BIG_ENDIAN;
        h.machst = new byte[] {0x11, 0x11, 0, 0};
        byte[] big = Arrays.copyOf(h.encode(), bytes.length);
        int width = MrcHeader.bytesPerValue(mode);
        for (int i = 1024; i < bytes.length; i += width) {
            for (int k = 0; k < width; k++) {
                big[i + k] = bytes[i + width - 1 - k];
            }
        }
        Path bigFile = Files.write(dir.resolve("big.mrc"), big);
        assertThat(Volumes.readHeader(bigFile).bigEndian()).isTrue();
        assertThat(Volumes.read(bigFile).data()).containsExactly(Volumes.read(little).data());
        assertThat(MrcValidator.validate(bigFile)).isEmpty();
        assertThat(ByteBuffer.wrap(big).order(ByteOrder.BIG_ENDIAN).getInt(12)).isEqualTo(mode);
    }
}
