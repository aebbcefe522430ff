package org.cryomine.io.mrc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.cryomine.core.CryomineException;
import org.cryomine.core.Volume;
import org.cryomine.io.Fixtures;
import org.cryomine.io.ReadOptions;
import org.cryomine.io.VolumeFormatException;
import org.cryomine.io.Volumes;
import org.cryomine.io.WriteOptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad files give VolumeFormatException naming the file and the problem; permissive mode reads what it can. */
class MrcErrorsTest {

    @TempDir
    Path dir;
    Path good;
    Volume volume;

    @BeforeEach
    void writeGoodFile() {
        volume = Volume.gaussianNoise(9, 7, 6, 3);
        good = dir.resolve("good.mrc");
        Volumes.write(volume, good);
    }

    private Path corrupt(String name, int offset, int value) throws IOException {
        byte[] bytes = Files.readAllBytes(good);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, value);
        return Files.write(dir.resolve(name), bytes);
    }

    private static void fails(Path file, String... words) {
        assertThatThrownBy(() -> Volumes.read(file)).isInstanceOf(VolumeFormatException.class)
                .hasMessageContaining(file.toString()).hasMessageContainingAll(words);
    }

    @Test
    void truncatedFile() throws IOException {
        byte[] bytes = Files.readAllBytes(good);
        Path cut = Files.write(dir.resolve("cut.mrc"), Arrays.copyOf(bytes, bytes.length - 100));
        fails(cut, "truncated", "permissive");
        Volume partial = Volumes.read(cut, ReadOptions.STRICT.withPermissive(true));
        float[] d = partial.data();
        assertThat(Arrays.copyOf(d, d.length - 25)).containsExactly(Arrays.copyOf(volume.data(), d.length - 25));
        assertThat(d[d.length - 1]).isZero();
        Path header = Files.write(dir.resolve("header.mrc"), Arrays.copyOf(bytes, 500));
        fails(header, "too short for the 1024-byte MRC header");
    }

    @Test
    void badMode() throws IOException {
        fails(corrupt("mode7.mrc", 12, 7), "unsupported MRC mode 7");
        fails(corrupt("mode4.mrc", 12, 4), "complex");
    }

    @Test
    void negativeSizes() throws IOException {
        fails(corrupt("neg.mrc", 0, -5), "sizes must be positive", "nx=-5");
        assertThat(MrcValidator.validate(dir.resolve("neg.mrc"))).contains("Header field 'nx' is negative: -5");
        fails(corrupt("zero.mrc", 8, 0), "nz=0");
        fails(corrupt("negext.mrc", 92, -4), "nsymbt");
    }

    @Test
    void wrongStamps() throws IOException {
        // a big-endian stamp on a little-endian file: the header only makes sense little-endian, read so
        Path swapped = corrupt("swapped.mrc", 212, 0x00001111);
        assertThat(Volumes.read(swapped).data()).containsExactly(volume.data());
        // an unknown stamp: the heuristic finds the byte order, the validator complains
        Path unknown = corrupt("unknown.mrc", 212, 0x0000abab);
        assertThat(Volumes.read(unknown).data()).containsExactly(volume.data());
        assertThat(MrcValidator.validate(unknown)).containsExactly("Invalid machine stamp: 0xab 0xab 0x00 0x00");
        // an unknown stamp on a header that makes sense in neither order
        Path hopeless = corrupt("hopeless.mrc", 212, 0x0000abab);
        byte[] b = Files.readAllBytes(hopeless);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(12, 0x7f7f7f7f);
        Files.write(hopeless, b);
        fails(hopeless, "machine stamp 0xab 0xab 0x00 0x00", "either byte order");
    }

    @Test
    void missingMapIdNeedsPermissiveMode() throws IOException {
        Path noId = corrupt("noid.mrc", 208, 0);
        fails(noId, "'MAP '", "permissive");
        assertThat(Volumes.read(noId, ReadOptions.STRICT.withPermissive(true)).data()).containsExactly(volume.data());
        assertThat(MrcValidator.validate(noId)).singleElement().asString().startsWith("Map ID string is incorrect");
    }

    @Test
    void badAxisMapping() throws IOException {
        Path bad = corrupt("axes.mrc", 64, 2);
        fails(bad, "invalid axis mapping", "2, 2, 3");
        assertThat(MrcValidator.validate(bad)).anyMatch(p -> p.startsWith("Invalid axis mapping"));
        assertThat(Volumes.read(bad, ReadOptions.STRICT.withPermissive(true)).data()).containsExactly(volume.data());
    }

    @Test
    void randomBytesEmptyFilesAndPictures() throws IOException {
        byte[] random = new byte[3000];
        new SplittableRandom(1).nextBytes(random);
        Path bin = Files.write(dir.resolve("noise.bin"), random);
        fails(bin, "not a volume file");
        Path mrc = Files.write(dir.resolve("noise.mrc"), random);
        fails(mrc, "machine stamp");
        Path empty = Files.write(dir.resolve("empty.mrc"), new byte[0]);
        fails(empty, "too short");
        Path png = dir.resolve("picture.png");
        ImageIO.write(new BufferedImage(20, 10, BufferedImage.TYPE_BYTE_GRAY), "png", png.toFile());
        fails(png, "it is a PNG image");
        fails(dir.resolve("missing.mrc"), "no such file");
    }

    @Test
    void imageStackIsNotTakenForATomogram() {
        Path stack = Fixtures.path("mrc/image_stack.mrcs");
        fails(stack, "image stack", "allowStacks");
        assertThat(Volumes.read(stack, ReadOptions.STRICT.withAllowStacks(true)).nz()).isEqualTo(6);
    }

    @Test
    void writerRefusesToOverwriteAndLeavesNoTemporaryFiles() throws IOException {
        assertThatThrownBy(() -> Volumes.write(volume, good)).isInstanceOf(CryomineException.class)
                .hasMessageContaining("exists");
        Volume other = Volume.filled(3, 3, 3, 1f);
        Volumes.write(other, good, WriteOptions.defaults().withOverwrite(true));
        assertThat(Volumes.read(good).shape()).containsExactly(3, 3, 3);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("good.mrc");
        }
    }

    @Test
    void integerModesRefuseValuesThatDoNotFit() {
        Volume v = Volume.filled(2, 2, 2, 1f);
        v.set(1, 0, 1, 300f);
        assertThatThrownBy(() -> Volumes.write(v, dir.resolve("int8.mrc"), WriteOptions.defaults().withMode(0)))
                .isInstanceOf(CryomineException.class).hasMessageContaining("(1, 0, 1)").hasMessageContaining("mode 0");
        assertThat(dir.resolve("int8.mrc")).doesNotExist();
    }
}
