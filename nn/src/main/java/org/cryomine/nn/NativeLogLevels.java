package org.cryomine.nn;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * The minimum log levels that TensorFlow's native libraries hold, found and rewritten in the running process.
 * TensorFlow's logger (tsl) reads {@code TF_CPP_MIN_LOG_LEVEL} once, when it logs its first line (while the
 * library loads), and caches it; the second logger inside it (Abseil's, which prints the MLIR lines) reads no
 * environment variable at all. Both levels are plain {@code int}s in the libraries' data, named in their ELF
 * symbol tables ({@code .symtab}; the released TensorFlow Java 1.1.0 libraries are not stripped), so they are
 * located with {@link ElfSymbols} and written through JavaCPP.
 *
 * <p>Where a library lacks the symbols (another TensorFlow build) or the system is not Linux, {@link #locate()}
 * finds nothing and the levels stay as TensorFlow set them. Levels: 0 = INFO, 1 = WARNING, 2 = ERROR,
 * 3 = FATAL, for both loggers.
 */
final class NativeLogLevels {

    /** The libraries whose levels are set; each holds its own copy of both loggers. */
    static final List<String> LIBRARIES = List.of("libtensorflow_framework.so.2", "libtensorflow_cc.so.2");

    /** tsl's minimum level: a function-local static in {@code tsl::internal::LogMessage::~LogMessage()}. */
    static final String TSL_LEVEL = "_ZZN3tsl8internal10LogMessageD1EvE13min_log_level";
    /** The static's initialisation guard (first byte non-zero once initialised). */
    static final String TSL_GUARD = "_ZGVZN3tsl8internal10LogMessageD1EvE13min_log_level";
    /** Abseil's minimum level, {@code absl::<lts>::(anonymous namespace)::min_log_level} (an atomic int). */
    static final ElfSymbols.Wanted ABSL_LEVEL = new ElfSymbols.Wanted("_ZN4absl",
            s -> s.endsWith("_GLOBAL__N_113min_log_levelE") || s.endsWith("_GLOBAL__N_113min_log_levelE.0"));

    /** Addresses of one library's levels in this process; 0 where a symbol was not found. */
    record Cells(String library, long tslLevel, long tslGuard, long abslLevel) {
    }

    private static final class Raw extends Pointer {
        Raw(long address) {
            this.address = address;
        }
    }

    private NativeLogLevels() {
    }

    /**
     * The levels of every loaded TensorFlow library; empty when not on Linux, when TensorFlow is not loaded, or
     * when the symbols are missing. Reads the libraries' symbol tables (memory-mapped; ~0.1 to 0.5 s).
     */
    static List<Cells> locate() throws IOException {
        List<Cells> out = new ArrayList<>();
        for (String lib : LIBRARIES) {
            ElfSymbols.Mapped m = ElfSymbols.find(lib);
            if (m == null) {
                continue;
            }
            long[] a = ElfSymbols.objects(m, ElfSymbols.SYMTAB, List.of(ElfSymbols.Wanted.exactly(TSL_LEVEL),
                    ElfSymbols.Wanted.exactly(TSL_GUARD), ABSL_LEVEL));
            boolean tsl = a[0] != 0 && a[1] != 0;
            if (tsl || a[2] != 0) {
                out.add(new Cells(lib, tsl ? a[0] : 0, tsl ? a[1] : 0, a[2]));
            }
        }
        return out;
    }

    /** Sets tsl's and Abseil's minimum level in every located library. */
    static void apply(List<Cells> cells, int tslLevel, int abslLevel) {
        for (Cells c : cells) {
            if (c.tslLevel() != 0) {
                new IntPointer(new Raw(c.tslLevel())).put(0, tslLevel);
                BytePointer guard = new BytePointer(new Raw(c.tslGuard()));
                if (guard.get(0) == 0) {
                    guard.put(0, (byte) 1); // initialised: the first log line will not read the environment again
                }
            }
            if (c.abslLevel() != 0) {
                new IntPointer(new Raw(c.abslLevel())).put(0, abslLevel);
            }
        }
    }

    /** tsl's current level in {@code c}, or -1 where not located (for tests). */
    static int tslLevel(Cells c) {
        return c.tslLevel() == 0 ? -1 : new IntPointer(new Raw(c.tslLevel())).get(0);
    }

    /** Abseil's current level in {@code c}, or -1 where not located (for tests). */
    static int abslLevel(Cells c) {
        return c.abslLevel() == 0 ? -1 : new IntPointer(new Raw(c.abslLevel())).get(0);
    }
}
