package org.cryomine.nn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What the CPU offers the networks: whether bfloat16 arithmetic runs natively (x86 AVX512_BF16 or AMX-BF16), so
 * that mixed-precision training and bfloat16 inference are faster than float32. Elsewhere oneDNN emulates
 * bfloat16 and it is slower, so recipes choose mixed precision only where {@link #fastBfloat16()} says so. Read
 * once from {@code /proc/cpuinfo} (Linux); false where it cannot be read.
 */
public final class CpuFeatures {

    private static final Pattern WORDS = Pattern.compile("\\s+");
    private static volatile Boolean fastBfloat16;

    private CpuFeatures() {
    }

    /** Whether this machine's CPU has native bfloat16 dot products (AVX512_BF16 or AMX-BF16 on every core's list). */
    public static boolean fastBfloat16() {
        Boolean b = fastBfloat16;
        if (b == null) {
            b = fastBfloat16(readCpuinfo());
            fastBfloat16 = b;
        }
        return b;
    }

    /**
     * Whether a {@code /proc/cpuinfo} text lists {@code avx512_bf16} or {@code amx_bf16} among the flags of its
     * first processor (false for null or no flags line).
     */
    static boolean fastBfloat16(String cpuinfo) {
        if (cpuinfo == null) {
            return false;
        }
        for (String line : cpuinfo.split("\n")) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("flags") && lower.contains(":")) {
                Set<String> flags = WORDS.splitAsStream(lower.substring(lower.indexOf(':') + 1).trim())
                        .collect(Collectors.toSet());
                return flags.contains("avx512_bf16") || flags.contains("amx_bf16");
            }
        }
        return false;
    }

    private static String readCpuinfo() {
        Path p = Path.of("/proc/cpuinfo");
        try {
            return Files.isReadable(p) ? Files.readString(p) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
