package org.cryomine.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.cryomine.core.Vec3;
import org.cryomine.core.Volume;
import org.cryomine.core.VoxelSize;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every {@link VolumeFormat} must keep (as mrcfile runs one test suite for every reader
 * backend): found by ServiceLoader, probes its own files and not others, header agrees with the data,
 * a region read equals the crop of the whole read, and a write/read round trip where a writer exists.
 * Each implementation's test extends this class.
 */
public abstract class VolumeFormatContract {

    @TempDir
    protected Path dir;

    /** The format under test. */
    protected abstract VolumeFormat format();

    /** A file this format reads (written into {@code dir}, or a fixture). */
    protected abstract Path sampleFile(Path dir) throws IOException;

    @Test
    void isFoundByServiceLoader() {
        assertThat(Volumes.formats()).anyMatch(f -> f.getClass() == format().getClass());
        assertThat(Volumes.format(format().id()).getClass()).isEqualTo(format().getClass());
        assertThat(format().extensions()).isNotEmpty().allMatch(e -> e.equals(e.toLowerCase()) && !e.startsWith("."));
    }

    @Test
    void probesItsOwnFilesAndNotOthers() throws IOException {
        Path file = sampleFile(dir);
        if (java.nio.file.Files.isDirectory(file)) {
            assertThat(format().claimsDirectory(file)).as("a directory store is claimed, not probed").isTrue();
            assertThat(format().claimsDirectory(dir)).as("an empty folder is not claimed").isFalse();
        } else {
            assertThat(format().probe(ByteSource.firstBytes(file, VolumeFormat.PROBE_BYTES))).isTrue();
        }
        assertThat(Volumes.formatFor(file).getClass()).isEqualTo(format().getClass());
        byte[] random = new byte[VolumeFormat.PROBE_BYTES];
        new SplittableRandom(11).nextBytes(random);
        assertThat(format().probe(random)).isFalse();
        assertThat(format().probe(new byte[0])).isFalse();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY), "png", png);
        assertThat(format().probe(png.toByteArray())).isFalse();
    }

    @Test
    void headerAgreesWithTheData() throws IOException {
        Path file = sampleFile(dir);
        VolumeHeader h = format().readHeader(file, ReadOptions.STRICT);
        Volume v = format().read(file, ReadOptions.STRICT);
        assertThat(v.shape()).containsExactly(h.nx(), h.ny(), h.nz());
        assertThat(v.voxelSize()).isEqualTo(h.voxelSizeOrDefault());
        assertThat(v.origin()).isEqualTo(h.origin());
        assertThat(h.format()).isEqualTo(format().id());
    }

    @Test
    void regionReadEqualsCropOfWholeRead() throws IOException {
        Path file = sampleFile(dir);
        Volume whole = format().read(file, ReadOptions.STRICT);
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 10; i++) {
            int sx = r.nextInt(1, whole.nx() + 1);
            int sy = r.nextInt(1, whole.ny() + 1);
            int sz = r.nextInt(1, whole.nz() + 1);
            int x0 = r.nextInt(whole.nx() - sx + 1);
            int y0 = r.nextInt(whole.ny() - sy + 1);
            int z0 = r.nextInt(whole.nz() - sz + 1);
            Volume region = format().readRegion(file, ReadOptions.STRICT, x0, y0, z0, sx, sy, sz);
            Volume crop = whole.crop(x0, y0, z0, sx, sy, sz);
            assertThat(region.shape()).containsExactly(sx, sy, sz);
            assertThat(region.data()).as("region at %d,%d,%d of %dx%dx%d", x0, y0, z0, sx, sy, sz)
                    .containsExactly(crop.data());
            assertThat(region.origin().x()).isCloseTo(crop.origin().x(), org.assertj.core.api.Assertions.within(1e-9));
        }
        assertThatThrownBy(() -> format().readRegion(file, ReadOptions.STRICT, 0, 0, 0, whole.nx() + 1, 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not inside");
    }

    @Test
    void writeReadRoundTrip() {
        assumeTrue(format().canWrite(), "format " + format().id() + " is read-only");
        Volume v = Volume.gaussianNoise(6, 5, 4, 9).withVoxelSize(new VoxelSize(1.5, 2, 2.5)).withOrigin(new Vec3(1, 2, 3));
        Path file = dir.resolve("roundtrip." + format().extensions().get(0));
        format().write(v, file, WriteOptions.defaults());
        Volume back = format().read(file, ReadOptions.STRICT);
        assertThat(back.shape()).containsExactly(6, 5, 4);
        assertThat(back.data()).containsExactly(v.data());
        assertThat(back.voxelSize()).isEqualTo(v.voxelSize());
        assertThat(back.origin()).isEqualTo(v.origin());
    }
}
