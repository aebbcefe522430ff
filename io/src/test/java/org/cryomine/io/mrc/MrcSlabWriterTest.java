package org.cryomine.io.mrc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.cryomine.core.CryomineException;
import org.cryomine.core.Vec3;
import org.cryomine.core.Volume;
import org.cryomine.core.VoxelSize;
import org.cryomine.io.PeerPrograms;
import org.cryomine.io.SlabWriter;
import org.cryomine.io.Volumes;
import org.cryomine.io.WriteOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link MrcSlabWriter} through {@link Volumes#openSlabWriter}: the same bytes as {@link Volumes#write} of the
 * whole volume, and no file at the destination when anything goes wrong.
 */
class MrcSlabWriterTest {

    @TempDir
    Path dir;

    static final VoxelSize VOXEL = new VoxelSize(2.5, 3.0, 3.5);
    static final Vec3 ORIGIN = new Vec3(10, -20, 30.5);

    /** Labels 0..3 for mode 0, Gaussian values otherwise, on a 13 x 9 x 11 grid. */
    static Volume sample(int mode, int nx, int ny, int nz) {
        SplittableRandom r = new SplittableRandom(31 + mode);
        Volume v = Volume.fromFunction(nx, ny, nz, (x, y, z) -> {
            double g = r.nextGaussian();
            switch (mode) {
                case 0: return r.nextInt(4);
                case 1: return (float) Math.rint(3000 * g);
                case 6: return (float) Math.rint(Math.abs(3000 * g));
                default: return (float) (100 + 2.5 * g);
            }
        });
        return v.withVoxelSize(VOXEL).withOrigin(ORIGIN);
    }

    /** Writes {@code v} in slabs of the given depths, cycling through them. */
    static void stream(Volume v, Path file, WriteOptions options, int... depths) {
        try (SlabWriter w = Volumes.openSlabWriter(file, v.nx(), v.ny(), v.nz(), v.voxelSize(), v.origin(), options)) {
            int z = 0;
            for (int i = 0; z < v.nz(); i++) {
                int d = Math.min(depths[i % depths.length], v.nz() - z);
                w.write(v.crop(0, 0, z, v.nx(), v.ny(), d));
                z += d;
            }
        }
    }

    @ParameterizedTest(name = "mode {0}")
    @ValueSource(ints = {0, 1, 2, 6, 12})
    void streamedFileHasTheBytesOfTheWholeWrite(int mode) throws IOException {
        Volume v = sample(mode, 13, 9, 11);
        WriteOptions options = WriteOptions.defaults().withMode(mode).withLabels(List.of("slab test"));
        Path whole = dir.resolve("whole.mrc");
        Path streamed = dir.resolve("streamed.mrc");
        Volumes.write(v, whole, options);
        stream(v, streamed, options, 3, 1, 4);
        assertThat(Files.readAllBytes(streamed)).isEqualTo(Files.readAllBytes(whole));
        assertThat(MrcValidator.validate(streamed)).isEmpty();
        assertThat(onlyFiles()).containsExactlyInAnyOrder("whole.mrc", "streamed.mrc");
    }

    @Test
    void oneSliceAtATimeOverALargerFloatVolumeGivesTheSameBytes() throws IOException {
        // 64 slabs combined by Chan's formula: rms agrees with the two-pass value to the float32 bit here
        Volume v = sample(2, 96, 80, 64);
        Path whole = dir.resolve("whole.mrc");
        Path streamed = dir.resolve("streamed.mrc");
        Volumes.write(v, whole, WriteOptions.defaults());
        stream(v, streamed, WriteOptions.defaults(), 1);
        assertThat(Files.readAllBytes(streamed)).isEqualTo(Files.readAllBytes(whole));
    }

    @Test
    void imageStackHeaderAsTheWholeWrite() throws IOException {
        Volume v = sample(2, 8, 8, 5);
        Path whole = dir.resolve("whole.mrcs");
        Path streamed = dir.resolve("streamed.mrcs");
        Volumes.write(v, whole, WriteOptions.defaults());
        stream(v, streamed, WriteOptions.defaults(), 2);
        assertThat(Files.readAllBytes(streamed)).isEqualTo(Files.readAllBytes(whole));
    }

    @Test
    void wrongSlabSizeIsRefusedAndLeavesNoFile() {
        Path file = dir.resolve("labels.mrc");
        SlabWriter w = Volumes.openSlabWriter(file, 8, 6, 4, VOXEL, ORIGIN, WriteOptions.defaults().withMode(0));
        w.write(Volume.zeros(8, 6, 1));
        assertThatThrownBy(() -> w.write(Volume.zeros(8, 7, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a slab must be 8x6 in x and y").hasMessageContaining("got 8x7x1");
        assertThat(onlyFiles()).isEmpty();
        assertThatThrownBy(() -> w.write(Volume.zeros(8, 6, 1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("aborted");
        w.close(); // safe after an abort
        assertThat(onlyFiles()).isEmpty();
    }

    @Test
    void tooManySlicesAreRefusedAndLeaveNoFile() {
        Path file = dir.resolve("labels.mrc");
        assertThatThrownBy(() -> {
            try (SlabWriter w = Volumes.openSlabWriter(file, 8, 6, 4, VOXEL, ORIGIN, WriteOptions.defaults())) {
                w.write(Volume.zeros(8, 6, 3));
                w.write(Volume.zeros(8, 6, 2));
            }
        }).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a slab of 2 z-slices does not fit: 3 of the file's 4 slices are written already");
        assertThat(onlyFiles()).isEmpty();
    }

    @Test
    void closingEarlyFailsAndLeavesNoFile() {
        Path file = dir.resolve("labels.mrc");
        SlabWriter w = Volumes.openSlabWriter(file, 8, 6, 4, VOXEL, ORIGIN, WriteOptions.defaults());
        w.write(Volume.zeros(8, 6, 3));
        assertThat(w.slicesWritten()).isEqualTo(3);
        assertThatThrownBy(w::close).isInstanceOf(CryomineException.class)
                .hasMessageContaining("closed after 3 of 4 z-slices");
        assertThat(onlyFiles()).isEmpty();
        w.close(); // a second close does nothing
    }

    @Test
    void anExceptionInsideTryWithResourcesLeavesNoFile() {
        Path file = dir.resolve("labels.mrc");
        assertThatThrownBy(() -> {
            try (SlabWriter w = Volumes.openSlabWriter(file, 8, 6, 4, VOXEL, ORIGIN, WriteOptions.defaults())) {
                w.write(Volume.zeros(8, 6, 2));
                throw new IllegalStateException("the segmentation failed");
            }
        }).isInstanceOf(IllegalStateException.class).hasMessage("the segmentation failed")
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
        assertThat(onlyFiles()).isEmpty();
    }

    @Test
    void valueOutsideTheModeNamesTheVoxelInFileCoordinates() {
        Path file = dir.resolve("labels.mrc");
        SlabWriter w = Volumes.openSlabWriter(file, 4, 3, 5, VOXEL, ORIGIN, WriteOptions.defaults().withMode(0));
        w.write(Volume.zeros(4, 3, 2));
        Volume bad = Volume.zeros(4, 3, 2);
        bad.set(1, 2, 1, 300);
        assertThatThrownBy(() -> w.write(bad)).isInstanceOf(CryomineException.class)
                .hasMessageContaining("value 300.0 at voxel (1, 2, 3) does not fit MRC mode 0");
        assertThat(onlyFiles()).isEmpty();
    }

    @Test
    void existingFileIsRefusedAtOnceUnlessOverwriteAndKeptWhenAnOverwriteFails() throws IOException {
        Path file = dir.resolve("labels.mrc");
        Files.writeString(file, "keep me");
        assertThatThrownBy(() -> Volumes.openSlabWriter(file, 4, 3, 2, VOXEL, ORIGIN, WriteOptions.defaults()))
                .isInstanceOf(CryomineException.class).hasMessageContaining("file exists");
        SlabWriter w = Volumes.openSlabWriter(file, 4, 3, 2, VOXEL, ORIGIN, WriteOptions.defaults().withOverwrite(true));
        w.write(Volume.zeros(4, 3, 1));
        assertThatThrownBy(w::close).isInstanceOf(CryomineException.class);
        assertThat(Files.readString(file)).isEqualTo("keep me");
        assertThat(onlyFiles()).containsExactly("labels.mrc");

        Volume v = sample(2, 4, 3, 2);
        stream(v, file, WriteOptions.defaults().withOverwrite(true), 1);
        assertThat(Volumes.read(file).data()).containsExactly(v.data());
    }

    @Test
    void writingAfterCloseIsRefused() {
        Path file = dir.resolve("v.mrc");
        SlabWriter w = Volumes.openSlabWriter(file, 4, 3, 1, VOXEL, ORIGIN, WriteOptions.defaults());
        w.write(Volume.zeros(4, 3, 1));
        w.close();
        w.close();
        assertThatThrownBy(() -> w.write(Volume.zeros(4, 3, 1))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThat(Volumes.readHeader(file).nz()).isEqualTo(1);
    }

    @Test
    void streamedFilePassesMrcfileValidate() throws IOException {
        assumeTrue(PeerPrograms.pythonHas("mrcfile", "numpy"),
                "skipped: /usr/bin/python3 with mrcfile is not installed (Debian: python3-mrcfile)");
        Volume v = sample(0, 20, 16, 12);
        Path file = dir.resolve("labels.mrc");
        stream(v, file, WriteOptions.defaults().withMode(0), 5);
        PeerPrograms.Result result = PeerPrograms.python(String.join("\n",
                "import sys, io, mrcfile, numpy as np",
                "buf = io.StringIO()",
                "ok = mrcfile.validate(sys.argv[1], print_file=buf)",
                "if not ok: print('INVALID ' + buf.getvalue()); sys.exit(3)",
                "m = mrcfile.open(sys.argv[1])",
                "print(m.data.shape, int(m.data.astype(np.int64).sum()))"), file.toString());
        assertThat(result.exitCode).as(result.out).isZero();
        double sum = 0;
        for (float f : v.data()) {
            sum += f;
        }
        assertThat(result.out.strip()).isEqualTo("(12, 16, 20) " + (long) sum);
    }

    private List<String> onlyFiles() {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
