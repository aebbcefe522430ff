package org.cryomine.nn;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Predicate;

/**
 * Addresses of data symbols of shared libraries loaded in this process, from {@code /proc/self/maps} and the
 * libraries' ELF symbol tables. Linux only; ELF64 little-endian (x86-64, arm64). Used to reach TensorFlow's
 * cached log levels and the C library's environment, which Java has no API for.
 */
final class ElfSymbols {

    /** Section types: the full symbol table (absent from stripped files) and the dynamic one. */
    static final int SYMTAB = 2;
    static final int DYNSYM = 11;

    /** One wanted symbol: names starting with {@code prefix} (bytes compared first) and accepted by {@code name}. */
    record Wanted(String prefix, Predicate<String> name) {
        static Wanted exactly(String symbol) {
            return new Wanted(symbol, symbol::equals);
        }
    }

    private ElfSymbols() {
    }

    /**
     * The file and load address of the loaded library whose path ends with {@code "/" + fileName}, or null when
     * none is loaded or {@code /proc/self/maps} is unreadable (not Linux).
     */
    static Mapped find(String fileName) throws IOException {
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) {
            return null;
        }
        for (String line : Files.readAllLines(maps)) {
            // start-end perms offset dev inode path
            String[] f = line.trim().split("\\s+", 6);
            if (f.length == 6 && f[5].endsWith("/" + fileName) && Long.parseLong(f[2], 16) == 0) {
                return new Mapped(Path.of(f[5]),
                        Long.parseUnsignedLong(f[0].substring(0, f[0].indexOf('-')), 16));
            }
        }
        return null;
    }

    /** A library file and the address where its file offset 0 is mapped. */
    record Mapped(Path file, long start) {
    }

    /**
     * The run-time addresses of the first object symbols (STT_OBJECT) in section type {@code sectionType}
     * matching each wanted name, in order; 0 where not found. All zeros when the file is no ELF64 little-endian
     * library or lacks the section.
     */
    static long[] objects(Mapped lib, int sectionType, List<Wanted> wanted) throws IOException {
        long[] out = new long[wanted.size()];
        try (FileChannel ch = FileChannel.open(lib.file(), StandardOpenOption.READ)) {
            ByteBuffer h = read(ch, 0, 64);
            if (h.getInt(0) != 0x464C457F || h.get(4) != 2 || h.get(5) != 1) {
                return out; // not "\x7fELF", 64-bit, little-endian
            }
            long bias = bias(ch, h, lib.start());
            if (bias == Long.MIN_VALUE) {
                return out;
            }
            long shoff = h.getLong(0x28);
            int shentsize = h.getShort(0x3A) & 0xFFFF;
            int shnum = h.getShort(0x3C) & 0xFFFF;
            ByteBuffer sh = read(ch, shoff, shentsize * shnum);
            for (int i = 0; i < shnum; i++) {
                int o = i * shentsize;
                if (sh.getInt(o + 4) != sectionType) {
                    continue;
                }
                int link = sh.getInt(o + 40);
                MappedByteBuffer syms = ch.map(FileChannel.MapMode.READ_ONLY, sh.getLong(o + 24), sh.getLong(o + 32));
                MappedByteBuffer strs = ch.map(FileChannel.MapMode.READ_ONLY, sh.getLong(link * shentsize + 24),
                        sh.getLong(link * shentsize + 32));
                syms.order(ByteOrder.LITTLE_ENDIAN);
                scan(syms, strs, bias, wanted, out);
                break;
            }
        }
        return out;
    }

    /** Load bias: where the first PT_LOAD segment (file offset 0) is mapped minus its virtual address. */
    private static long bias(FileChannel ch, ByteBuffer h, long start) throws IOException {
        long phoff = h.getLong(0x20);
        int phentsize = h.getShort(0x36) & 0xFFFF;
        int phnum = h.getShort(0x38) & 0xFFFF;
        ByteBuffer ph = read(ch, phoff, phentsize * phnum);
        for (int i = 0; i < phnum; i++) {
            int o = i * phentsize;
            if (ph.getInt(o) == 1) { // PT_LOAD
                return ph.getLong(o + 8) == 0 ? start - ph.getLong(o + 16) : Long.MIN_VALUE;
            }
        }
        return Long.MIN_VALUE;
    }

    private static void scan(ByteBuffer syms, ByteBuffer strs, long bias, List<Wanted> wanted, long[] out) {
        byte[][] prefixes = new byte[wanted.size()][];
        for (int w = 0; w < prefixes.length; w++) {
            prefixes[w] = wanted.get(w).prefix().getBytes(StandardCharsets.US_ASCII);
        }
        int missing = prefixes.length;
        int n = syms.capacity() / 24;
        for (int i = 1; i < n && missing > 0; i++) {
            int o = i * 24;
            int name = syms.getInt(o);
            if ((syms.get(o + 4) & 0xF) != 1 || name <= 0 || name >= strs.capacity()) { // STT_OBJECT only
                continue;
            }
            for (int w = 0; w < prefixes.length; w++) {
                if (out[w] == 0 && startsAt(strs, name, prefixes[w]) && wanted.get(w).name().test(cString(strs, name))) {
                    out[w] = bias + syms.getLong(o + 8);
                    missing--;
                    break;
                }
            }
        }
    }

    private static boolean startsAt(ByteBuffer strs, int at, byte[] prefix) {
        if (at + prefix.length > strs.capacity()) {
            return false;
        }
        for (int j = 0; j < prefix.length; j++) {
            if (strs.get(at + j) != prefix[j]) {
                return false;
            }
        }
        return true;
    }

    private static String cString(ByteBuffer strs, int at) {
        int end = at;
        while (end < strs.capacity() && strs.get(end) != 0) {
            end++;
        }
        byte[] b = new byte[end - at];
        for (int j = 0; j < b.length; j++) {
            b[j] = strs.get(at + j);
        }
        return new String(b, StandardCharsets.US_ASCII);
    }

    private static ByteBuffer read(FileChannel ch, long at, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, at + b.position()) < 0) {
                throw new IOException("unexpected end of " + ch);
            }
        }
        return b.flip();
    }
}
