package org.cryomine.io.mrc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.cryomine.core.Volume;
import org.cryomine.io.Fixtures;
import org.cryomine.io.ReadOptions;
import org.cryomine.io.VolumeFormatException;
import org.cryomine.io.VolumeHeader;
import org.cryomine.io.Volumes;
import org.cryomine.io.WriteOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded property test: 400 files made by corrupting headers and data of valid files (bit flips, special
 * values in header fields, truncation, extra bytes, gzip damage) are read strictly and permissively,
 * by region and validated; the only exception ever thrown is {@link VolumeFormatException}.
 */
class CorruptFilesPropertyTest {

    private static final int[] SPECIAL = {0, -1, 1, 2, 3, 4, 7, 12, 101, Integer.MAX_VALUE, Integer.MIN_VALUE,
            1 << 20, 1 << 30, 0x44440000, 0x11110000, 20141, 401, 1024};

    @TempDir
    Path dir;

    @Test
    void corruptFilesOnlyEverThrowVolumeFormatException() throws IOException {
        List<byte[]> bases = new ArrayList<>();
        for (int mode : new int[] {0, 1, 2, 6, 12}) {
            Volume v = Volume.fromFunction(7, 5, 4, (x, y, z) -> (x * 7 + y * 3 + z) % 50);
            Path f = dir.resolve("base" + mode + ".mrc");
            Volumes.write(v, f, WriteOptions.defaults().withMode(mode));
            bases.add(Files.readAllBytes(f));
        }
        bases.add(Files.readAllBytes(Fixtures.path("mrc/bigendian_exthdr.mrc")));
        bases.add(Files.readAllBytes(Fixtures.path("mrc/image_stack.mrcs")));
        bases.add(Files.readAllBytes(Fixtures.path("mrc/gzipped_float32.mrc.gz")));
        SplittableRandom random = new SplittableRandom(20261125L);
        int succeeded = 0;
        int failed = 0;
        for (int i = 0; i < 400; i++) {
            byte[] bytes = corrupt(bases.get(random.nextInt(bases.size())).clone(), random);
            Path file = Files.write(dir.resolve("case" + i + ".mrc"), bytes);
            for (ReadOptions options : new ReadOptions[] {ReadOptions.STRICT, new ReadOptions(true, true)}) {
                try {
                    VolumeHeader h = Volumes.readHeader(file, options);
                    Volume v = Volumes.read(file, options);
                    assertThat(v.shape()).containsExactly(h.nx(), h.ny(), h.nz());
                    Volumes.readRegion(file, options, h.nx() / 2, h.ny() / 2, h.nz() / 2,
                            (h.nx() + 1) / 2, (h.ny() + 1) / 2, (h.nz() + 1) / 2);
                    succeeded++;
                } catch (VolumeFormatException expected) {
                    assertThat(expected.getMessage()).startsWith(file.toString());
                    failed++;
                } catch (RuntimeException | Error other) {
                    throw new AssertionError("case " + i + " (" + options + ") threw " + other, other);
                }
            }
            List<String> problems = MrcValidator.validate(file);
            assertThat(problems).isNotNull();
        }
        assertThat(succeeded).isPositive();
        assertThat(failed).isPositive();
    }

    private static byte[] corrupt(byte[] b, SplittableRandom r) {
        int edits = r.nextInt(1, 4);
        for (int e = 0; e < edits; e++) {
            switch (r.nextInt(6)) {
                case 0: // flip bits in the first 224 header bytes (the numeric fields)
                    b[r.nextInt(Math.min(224, b.length))] ^= (byte) (1 << r.nextInt(8));
                    break;
                case 1: { // a special value in a header word
                    if (b.length >= 224) {
                        ByteBuffer.wrap(b).order(r.nextBoolean() ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN)
                                .putInt(4 * r.nextInt(56), SPECIAL[r.nextInt(SPECIAL.length)]);
                    }
                    break;
                }
                case 2: // truncate
                    b = Arrays.copyOf(b, r.nextInt(b.length + 1));
                    break;
                case 3: { // extra bytes
                    byte[] longer = Arrays.copyOf(b, b.length + r.nextInt(1, 300));
                    b = longer;
                    break;
                }
                case 4: // random data bytes anywhere
                    for (int k = 0; k < 20 && b.length > 0; k++) {
                        b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                    }
                    break;
                default: // random bytes over a whole stretch
                    if (b.length > 0) {
                        int from = r.nextInt(b.length);
                        int to = Math.min(b.length, from + r.nextInt(1, 200));
                        for (int k = from; k < to; k++) {
                            b[k] = (byte) r.nextInt(256);
                        }
                    }
            }
        }
        return b;
    }
}
