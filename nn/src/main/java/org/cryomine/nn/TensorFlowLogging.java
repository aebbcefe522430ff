package org.cryomine.nn;

import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.TensorFlow;

/**
 * Whether TensorFlow's native libraries print their INFO and WARNING lines to the process's standard error
 * ("Calling Java gradient function", the CPU feature notice, the MLIR lines). They are off by default: a
 * program using cryomine sees only TensorFlow's ERROR lines. Turn them on for debugging with the system
 * property {@code -Dcryomine.tfLogging=true} (read when cryomine first uses TensorFlow) or with
 * {@link #setVerbose(boolean)} (applies at once).
 *
 * <p>TensorFlow prints its oneDNN notice ("oneDNN custom operations are on") while its library loads, before
 * Java code can change its loggers, so cryomine also sets {@code TF_CPP_MIN_LOG_LEVEL=2} in the process's C
 * environment just before it loads TensorFlow, where it can (Linux, Java 17 to 23, TensorFlow not loaded by
 * other code first). Where it cannot, that one line remains unless {@code TF_CPP_MIN_LOG_LEVEL=2} is set before
 * the JVM starts. When {@code TF_CPP_MIN_LOG_LEVEL} is set in the environment and the property is not,
 * cryomine keeps that level and applies it to TensorFlow's second logger (Abseil's, which ignores the variable).
 *
 * <p>The setting is process-wide, since TensorFlow's loggers are. Linux only (see {@code NativeLogLevels}); on
 * other systems TensorFlow's own defaults stay and this class changes nothing. Thread-safe.
 */
public final class TensorFlowLogging {

    /** The system property that, set to {@code true}, lets TensorFlow's INFO and WARNING lines through. */
    public static final String PROPERTY = "cryomine.tfLogging";

    private static final Logger LOG = LoggerFactory.getLogger(TensorFlowLogging.class);
    /** tsl's and Abseil's level for ERROR (and FATAL) only, as TF_CPP_MIN_LOG_LEVEL=2. */
    private static final int QUIET = 2;
    private static final int VERBOSE = 0;

    /** null until the first TensorFlow use or an explicit call. */
    private static Boolean verbose;
    /** null until located (which loads TensorFlow). */
    private static List<NativeLogLevels.Cells> cells;
    private static boolean firstUseDone;

    private TensorFlowLogging() {
    }

    /**
     * Lets TensorFlow's native INFO and WARNING lines through ({@code true}) or keeps only its ERROR lines
     * ({@code false}, the default), from now on. Loads TensorFlow if it is not loaded yet.
     */
    public static synchronized void setVerbose(boolean on) {
        verbose = on;
        apply(on);
    }

    /** Whether TensorFlow's INFO and WARNING lines are let through (the property's value until set). */
    public static synchronized boolean isVerbose() {
        return verbose != null ? verbose : Boolean.getBoolean(PROPERTY);
    }

    /**
     * Called before cryomine's first TensorFlow graph: loads TensorFlow and applies the property (or an earlier
     * {@link #setVerbose} call) once.
     */
    static synchronized void beforeFirstUse() {
        if (firstUseDone) {
            return;
        }
        firstUseDone = true;
        if (verbose == null) {
            String p = System.getProperty(PROPERTY);
            Integer env = envLevel();
            if (p == null && env != null) {
                apply(env); // the user chose TensorFlow's level in the environment: Abseil's follows it
                return;
            }
            verbose = Boolean.parseBoolean(p);
        }
        apply(verbose);
    }

    /** TF_CPP_MIN_LOG_LEVEL as TensorFlow reads it (0 to 3; other text counts as 0), or null when unset. */
    private static Integer envLevel() {
        String v = System.getenv("TF_CPP_MIN_LOG_LEVEL");
        if (v == null) {
            return null;
        }
        try {
            return Math.max(0, Math.min(3, Integer.parseInt(v.trim())));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static void apply(boolean on) {
        apply(on ? VERBOSE : QUIET);
    }

    private static void apply(int level) {
        if (cells == null) {
            if (level >= QUIET && !tensorFlowLoaded()
                    && NativeEnvironment.putIfAbsent("TF_CPP_MIN_LOG_LEVEL", String.valueOf(level))) {
                LOG.debug("set TF_CPP_MIN_LOG_LEVEL={} in the process environment before TensorFlow loads", level);
            }
            TensorFlow.version(); // loads the native libraries (printing the oneDNN notice unless quietened)
            try {
                cells = NativeLogLevels.locate();
            } catch (IOException | RuntimeException e) {
                cells = List.of();
                LOG.debug("could not locate TensorFlow's native log levels: {}", e.toString());
            }
            if (cells.isEmpty()) {
                LOG.debug("TensorFlow's native log levels not found (not Linux, or another TensorFlow build); "
                        + "set TF_CPP_MIN_LOG_LEVEL=2 in the environment to quieten TensorFlow");
            }
        }
        NativeLogLevels.apply(cells, level, level);
        LOG.debug("TensorFlow native log level {} ({} libraries)", level, cells.size());
    }

    /** Whether other code loaded TensorFlow's libraries already (then the environment is read: leave it). */
    private static boolean tensorFlowLoaded() {
        try {
            return ElfSymbols.find(NativeLogLevels.LIBRARIES.get(0)) != null;
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    /** The located levels, for tests. */
    static synchronized List<NativeLogLevels.Cells> cells() {
        return cells == null ? List.of() : cells;
    }
}
