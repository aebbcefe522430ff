package org.cryomine.io.mrc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.cryomine.core.Volume;
import org.cryomine.io.ReadOptions;
import org.cryomine.io.VolumeFormatException;
import org.cryomine.io.VolumeHeader;
import org.cryomine.io.Volumes;
import org.cryomine.io.WriteOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded fuzzing of the MRC read API (issue 19): {@value #CASES} files made from valid files of every
 * readable mode (and permuted axes, extended headers, 4-bit packing) by mutating header fields (huge,
 * negative and boundary sizes, axis maps, extended header sizes, modes, stamps), truncating, appending and
 * scribbling junk, or replacing the file with junk. Each goes through seven calls: strict and permissive
 * {@code read}, {@code readHeader}, {@code readRegion} (a random region inside the header's sizes, often
 * at the far corner), statistics, the extended header and the validator. Every call must return or throw
 * {@link VolumeFormatException}; never another exception or error. Each case must allocate less than
 * {@value #MAX_ALLOCATED_MIB} MiB (the files are at most a few KB) and take less than 2 s; a region that
 * was read equals the same part of the whole volume.
 */
class MrcFuzzTest {

    static final int CASES = 1500;
    static final long MAX_ALLOCATED_MIB = 64;
    private static final long SEED = 20261204L;
    private static final ReadOptions PERMISSIVE = new ReadOptions(true, true);
    private static final int[] SIZES = {0, -1, 1, 2, 3, 255, 4096, 65535, 1 << 20, (1 << 21) - 1, 1 << 21, 1 << 22,
            (1 << 24) - 1, 1 << 24, 1 << 28, 1 << 30, Integer.MAX_VALUE, Integer.MIN_VALUE, 12_000_000};
    private static final int[] MODES = {0, 1, 2, 3, 4, 6, 12, 101, -1, 5, 100, 1 << 16};
    private static final int[] NSYMBT = {0, 1, 3, 80, 1023, 1024, 4096, 1 << 20, 1 << 30, Integer.MAX_VALUE, -1,
            Integer.MIN_VALUE};

    @TempDir
    Path dir;

    @Test
    void hostileFilesGiveAResultOrAVolumeFormatExceptionCheaply() throws IOException {
        List<byte[]> bases = bases();
        SplittableRandom random = new SplittableRandom(SEED);
        com.sun.management.ThreadMXBean threads = threadBean();
        int[] outcomes = new int[2];
        for (int i = 0; i < CASES; i++) {
            byte[] bytes = mutate(bases.get(random.nextInt(bases.size())).clone(), random);
            if (random.nextInt(20) == 0) {
                bytes = gzip(bytes);
            }
            Path file = Files.write(dir.resolve("case" + i + (random.nextInt(8) == 0 ? ".mrcs" : ".mrc")), bytes);
            long allocated0 = allocated(threads);
            long t0 = System.nanoTime();
            exercise(file, i, random, outcomes);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            long mib = (allocated(threads) - allocated0) >> 20;
            assertThat(ms).as("case %d (%d bytes) took %d ms", i, bytes.length, ms).isLessThan(2000);
            assertThat(mib).as("case %d (%d bytes) allocated %d MiB", i, bytes.length, mib)
                    .isLessThan(MAX_ALLOCATED_MIB);
            Files.delete(file);
        }
        // the mutations are mixed so that both outcomes are common
        assertThat(outcomes[0]).as("calls that returned").isGreaterThan(CASES);
        assertThat(outcomes[1]).as("calls refused").isGreaterThan(CASES);
    }

    private void exercise(Path file, int i, SplittableRandom random, int[] outcomes) {
        Volume whole = null;
        for (ReadOptions options : new ReadOptions[] {ReadOptions.STRICT, PERMISSIVE}) {
            whole = call(file, i, "read " + options, outcomes, () -> Volumes.read(file, options));
        }
        VolumeHeader strictHeader = call(file, i, "readHeader", outcomes, () -> Volumes.readHeader(file));
        VolumeHeader h = call(file, i, "readHeader permissive", outcomes, () -> Volumes.readHeader(file, PERMISSIVE));
        if (h != null) {
            int[] n = {h.nx(), h.ny(), h.nz()};
            int[] lo = new int[3];
            int[] size = new int[3];
            for (int a = 0; a < 3; a++) {
                size[a] = 1 + random.nextInt(Math.min(n[a], 8));
                lo[a] = random.nextBoolean() ? n[a] - size[a] : random.nextInt(n[a] - size[a] + 1);
            }
            Volume region = call(file, i, "readRegion", outcomes, () -> Volumes.readRegion(file, PERMISSIVE, lo[0],
                    lo[1], lo[2], size[0], size[1], size[2]));
            if (region != null && whole != null) {
                for (int z = 0; z < size[2]; z++) {
                    for (int y = 0; y < size[1]; y++) {
                        for (int x = 0; x < size[0]; x++) {
                            assertThat(Float.floatToIntBits(region.get(x, y, z)))
                                    .as("case %d voxel (%d, %d, %d) of the region at %s", i, x, y, z, Arrays.toString(lo))
                                    .isEqualTo(Float.floatToIntBits(whole.get(lo[0] + x, lo[1] + y, lo[2] + z)));
                        }
                    }
                }
            }
        }
        assertThat(strictHeader == null || h != null).as("case %d: strict header read but not permissive", i).isTrue();
        call(file, i, "statistics", outcomes, () -> Volumes.statistics(file, PERMISSIVE));
        call(file, i, "extended header", outcomes, () -> MrcFormat.readExtendedHeader(file, PERMISSIVE));
        call(file, i, "validate", outcomes, () -> MrcValidator.validate(file));
    }

    private static <T> T call(Path file, int i, String what, int[] outcomes, java.util.function.Supplier<T> call) {
        try {
            T result = call.get();
            outcomes[0]++;
            return result;
        } catch (VolumeFormatException expected) {
            assertThat(expected.getMessage()).startsWith(file.toString());
            outcomes[1]++;
            return null;
        } catch (RuntimeException | Error other) {
            throw new AssertionError("case " + i + " " + what + " of " + file.getFileName() + " threw " + other, other);
        }
    }

    private List<byte[]> bases() throws IOException {
        List<byte[]> bases = new ArrayList<>();
        for (int mode : new int[] {0, 1, 2, 6, 12}) {
            Volume v = Volume.fromFunction(7, 5, 4, (x, y, z) -> (x * 7 + y * 3 + z) % 50);
            Path f = dir.resolve("base" + mode + ".mrc");
            Volumes.write(v, f, WriteOptions.defaults().withMode(mode));
            bases.add(Files.readAllBytes(f));
        }
        Path thin = dir.resolve("thin.mrc");
        Volumes.write(Volume.fromFunction(1, 1, 300, (x, y, z) -> z), thin);
        bases.add(Files.readAllBytes(thin));
        bases.add(raw(MrcSpecialCasesTest.header(9, 3, 2, 101), 0, 5 * 3 * 2));
        MrcHeader permuted = MrcSpecialCasesTest.header(5, 4, 3, 2);
        permuted.mapc = 3;
        permuted.mapr = 1;
        permuted.maps = 2;
        bases.add(raw(permuted, 0, 5 * 4 * 3 * 4));
        MrcHeader extended = MrcSpecialCasesTest.header(4, 3, 2, 1);
        extended.nsymbt = 160;
        extended.exttyp = "CCP4".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        extended.order = ByteOrder.BIG_ENDIAN;
        extended.machst = new byte[] {0x11, 0x11, 0, 0};
        bases.add(raw(extended, 160, 4 * 3 * 2 * 2));
        return bases;
    }

    private static byte[] raw(MrcHeader h, int ext, int data) {
        byte[] bytes = Arrays.copyOf(h.encode(), MrcHeader.SIZE + ext + data);
        for (int i = MrcHeader.SIZE; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31 + 7);
        }
        return bytes;
    }

    private static byte[] mutate(byte[] b, SplittableRandom r) {
        if (r.nextInt(25) == 0) { // junk from the first byte
            byte[] junk = new byte[r.nextInt(4096)];
            r.nextBytes(junk);
            return junk;
        }
        ByteOrder order = r.nextInt(4) == 0 ? ByteOrder.BIG_ENDIAN : MrcHeader.orderFromStamp(b) == ByteOrder.BIG_ENDIAN
                ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        ByteBuffer h = ByteBuffer.wrap(b).order(order);
        int edits = r.nextInt(1, 5);
        for (int e = 0; e < edits; e++) {
            switch (r.nextInt(10)) {
                case 0: // one size
                    h.putInt(4 * r.nextInt(3), pick(SIZES, r));
                    break;
                case 1: // all three sizes huge or odd
                    for (int a = 0; a < 3; a++) {
                        h.putInt(4 * a, r.nextBoolean() ? pick(SIZES, r) : r.nextInt(1, 1 << 24));
                    }
                    break;
                case 2: { // axis map: a permutation, or nonsense
                    int[] map = r.nextInt(3) == 0 ? new int[] {r.nextInt(-1, 5), r.nextInt(-1, 5), r.nextInt(-1, 5)}
                            : permutation(r);
                    h.putInt(64, map[0]).putInt(68, map[1]).putInt(72, map[2]);
                    break;
                }
                case 3: // extended header size
                    h.putInt(92, r.nextBoolean() ? pick(NSYMBT, r) : r.nextInt(0, 4096));
                    break;
                case 4: // mode
                    h.putInt(12, pick(MODES, r));
                    break;
                case 5: // stamp, map ID, space group, mx/my/mz
                    int field = r.nextInt(4);
                    if (field == 0) {
                        b[212 + r.nextInt(2)] = (byte) r.nextInt(256);
                    } else if (field == 1) {
                        b[208 + r.nextInt(4)] = (byte) r.nextInt(256);
                    } else if (field == 2) {
                        h.putInt(88, r.nextBoolean() ? r.nextInt(-2, 700) : 0);
                    } else {
                        h.putInt(28 + 4 * r.nextInt(3), pick(SIZES, r));
                    }
                    break;
                case 6: // truncate
                    b = Arrays.copyOf(b, r.nextInt(b.length + 1));
                    h = ByteBuffer.wrap(b).order(order);
                    break;
                case 7: // append bytes
                    b = Arrays.copyOf(b, b.length + r.nextInt(1, 3000));
                    h = ByteBuffer.wrap(b).order(order);
                    break;
                case 8: // junk over a stretch
                    if (b.length > 0) {
                        int from = r.nextInt(b.length);
                        for (int k = from; k < Math.min(b.length, from + r.nextInt(1, 300)); k++) {
                            b[k] = (byte) r.nextInt(256);
                        }
                    }
                    break;
                default: // a random header word
                    h.putInt(4 * r.nextInt(56), r.nextInt());
            }
            if (b.length < MrcHeader.SIZE) {
                break; // the header is gone; further field edits would not fit
            }
        }
        return b;
    }

    private static int[] permutation(SplittableRandom r) {
        int[] p = {1, 2, 3};
        for (int i = 2; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static int pick(int[] values, SplittableRandom r) {
        return values[r.nextInt(values.length)];
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    static com.sun.management.ThreadMXBean threadBean() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean
                && bean.isThreadAllocatedMemorySupported()) {
            bean.setThreadAllocatedMemoryEnabled(true);
            return bean;
        }
        return null; // not HotSpot: allocation is then not checked
    }

    static long allocated(com.sun.management.ThreadMXBean bean) {
        return bean == null ? 0 : bean.getCurrentThreadAllocatedBytes();
    }
}
