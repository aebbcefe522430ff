package org.cryomine.io.tiff;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.cryomine.core.Volume;
import org.cryomine.io.ReadOptions;
import org.cryomine.io.VolumeFormatException;
import org.cryomine.io.VolumeHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded fuzzing of the TIFF reader (issue 19): {@value #CASES} small multi-page TIFFs (8-, 16-bit integer
 * and 32-bit float, written here as baseline TIFF: one uncompressed strip per page) with IFD fields set to
 * huge, zero or random values, truncated, or scribbled over. {@code readHeader}, {@code read} and
 * {@code readRegion} must return or throw {@link VolumeFormatException}, allocate under 64 MiB per case and
 * take under 2 s.
 */
class TiffFuzzTest {

    static final int CASES = 400;
    private static final int[] HUGE = {0, 1, 65535, 1 << 16, 1 << 20, 1 << 30, Integer.MAX_VALUE, -1, 40000};
    private static final TiffFormat TIFF = new TiffFormat();

    @TempDir
    Path dir;

    @Test
    void hostileTiffsGiveAResultOrAVolumeFormatExceptionCheaply() throws IOException {
        SplittableRandom r = new SplittableRandom(20261206L);
        com.sun.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean()
                instanceof com.sun.management.ThreadMXBean b && b.isThreadAllocatedMemorySupported() ? b : null;
        int[] outcomes = new int[2];
        for (int i = 0; i < CASES; i++) {
            int bits = new int[] {8, 16, 32}[r.nextInt(3)];
            byte[] bytes = tiff(r.nextInt(1, 9), r.nextInt(1, 7), r.nextInt(1, 4), bits);
            bytes = mutate(bytes, r);
            Path file = Files.write(dir.resolve("case" + i + ".tif"), bytes);
            long a0 = threads == null ? 0 : threads.getCurrentThreadAllocatedBytes();
            long t0 = System.nanoTime();
            VolumeHeader h = call(i, outcomes, () -> TIFF.readHeader(file, ReadOptions.STRICT));
            call(i, outcomes, () -> TIFF.read(file, new ReadOptions(true, true)));
            if (h != null) {
                int sx = 1 + r.nextInt(Math.min(h.nx(), 4));
                int sy = 1 + r.nextInt(Math.min(h.ny(), 4));
                Volume region = call(i, outcomes, () -> TIFF.readRegion(file, new ReadOptions(true, true),
                        h.nx() - sx, h.ny() - sy, h.nz() - 1, sx, sy, 1));
                assertThat(region == null || region.nx() == sx).isTrue();
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            long mib = threads == null ? 0 : (threads.getCurrentThreadAllocatedBytes() - a0) >> 20;
            assertThat(ms).as("case %d took %d ms", i, ms).isLessThan(2000);
            assertThat(mib).as("case %d allocated %d MiB", i, mib).isLessThan(64);
            Files.delete(file);
        }
        assertThat(outcomes[0]).isPositive();
        assertThat(outcomes[1]).isPositive();
    }

    private static <T> T call(int i, int[] outcomes, Supplier<T> call) {
        try {
            T t = call.get();
            outcomes[0]++;
            return t;
        } catch (VolumeFormatException expected) {
            outcomes[1]++;
            return null;
        } catch (RuntimeException | Error other) {
            throw new AssertionError("case " + i + " threw " + other, other);
        }
    }

    /** A little-endian baseline TIFF of {@code pages} pages of nx x ny samples of {@code bits} bits. */
    static byte[] tiff(int nx, int ny, int pages, int bits) {
        int entries = 10;
        int ifdBytes = 2 + 12 * entries + 4;
        int dataBytes = nx * ny * bits / 8;
        ByteBuffer b = ByteBuffer.allocate(8 + pages * (ifdBytes + dataBytes)).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
        for (int p = 0; p < pages; p++) {
            int ifd = b.position();
            int data = ifd + ifdBytes;
            int next = p + 1 < pages ? data + dataBytes : 0;
            b.putShort((short) entries);
            entry(b, 256, 4, nx);
            entry(b, 257, 4, ny);
            entry(b, 258, 3, bits);
            entry(b, 259, 3, 1);
            entry(b, 262, 3, 1);
            entry(b, 273, 4, data);
            entry(b, 277, 3, 1);
            entry(b, 278, 4, ny);
            entry(b, 279, 4, dataBytes);
            entry(b, 339, 3, bits == 32 ? 3 : 1);
            b.putInt(next);
            for (int k = 0; k < dataBytes; k++) {
                b.put((byte) (k * 13 + p));
            }
        }
        return b.array();
    }

    private static void entry(ByteBuffer b, int tag, int type, int value) {
        b.putShort((short) tag).putShort((short) type).putInt(1);
        if (type == 3) {
            b.putShort((short) value).putShort((short) 0);
        } else {
            b.putInt(value);
        }
    }

    private static byte[] mutate(byte[] b, SplittableRandom r) {
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int edits = r.nextInt(1, 4);
        for (int e = 0; e < edits; e++) {
            switch (r.nextInt(5)) {
                case 0: { // a value of an entry of the first IFD (width, height, offsets, counts ...)
                    int entry = r.nextInt(10);
                    int at = 8 + 2 + 12 * entry + 8;
                    if (at + 4 <= b.length) {
                        bb.putInt(at, HUGE[r.nextInt(HUGE.length)]);
                    }
                    break;
                }
                case 1: { // an entry's type or count
                    int at = 8 + 2 + 12 * r.nextInt(10) + 2 + 2 * r.nextInt(2) * 1;
                    if (at + 4 <= b.length) {
                        bb.putShort(at, (short) r.nextInt(-2, 20));
                    }
                    break;
                }
                case 2:
                    b = Arrays.copyOf(b, r.nextInt(b.length + 1));
                    bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
                    break;
                case 3: // the next-IFD pointer or the first IFD offset
                    if (b.length >= 8) {
                        bb.putInt(4, r.nextBoolean() ? r.nextInt(0, b.length + 16) : 8);
                    }
                    break;
                default:
                    for (int k = 0; k < 10 && b.length > 0; k++) {
                        b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                    }
            }
        }
        return b;
    }
}
