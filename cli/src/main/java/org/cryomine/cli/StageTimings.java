package org.cryomine.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.cryomine.nn.EpochResult;
import org.cryomine.pipeline.PipelineListener;

/**
 * Where a command's wall time goes, by stage, for {@code --timings}. Time is cut into consecutive laps with no gap:
 * each {@link #lap} (and each progress call of a {@link #listen listened} library operation) ends the lap that began
 * at the previous one and adds its length to the stage it names, since a library stage reports a unit of work when
 * the unit is done. The first lap begins when the command started ({@link #commandStarted}, else when this object
 * was made); the JVM's own start-up (from the process's start to {@code main}) is a row of its own when
 * {@code main} ran in this JVM. So the rows add up to the command's wall time, up to the printing of the table.
 * Thread-safe (stages may report from several threads).
 */
final class StageTimings {

    /** The row of the time from the JVM's start to {@code main}. */
    static final String JVM_START = "jvm start-up";

    private static volatile long mainStartMillis = -1;
    private static volatile long commandStartNanos = -1;

    private final Map<String, Long> nanos = new LinkedHashMap<>();
    private final long origin;
    private long last;

    StageTimings() {
        long start = commandStartNanos;
        commandStartNanos = -1; // one command per start
        origin = start >= 0 ? start : System.nanoTime();
        last = origin;
    }

    /** Called first thing in {@code main}: the JVM's start-up ends here. */
    static void mainStarted() {
        mainStartMillis = System.currentTimeMillis();
    }

    /** Called when a command line starts executing, at {@code nanos} ({@link System#nanoTime}): the first lap begins there. */
    static void commandStarted(long nanos) {
        commandStartNanos = nanos;
    }

    /** Ends the current lap and adds it to {@code stage}. */
    synchronized void lap(String stage) {
        long now = System.nanoTime();
        nanos.merge(stage, now - last, Long::sum);
        last = now;
    }

    /** Seconds in each stage so far, in the order the stages first appeared (a copy). */
    synchronized Map<String, Double> seconds() {
        Map<String, Double> out = new LinkedHashMap<>();
        nanos.forEach((k, v) -> out.put(k, v / 1e9));
        return out;
    }

    /**
     * {@code delegate} with every stage report, training batch ("training") and epoch ending a lap before it is
     * passed on; cancellation is the delegate's.
     */
    PipelineListener listen(PipelineListener delegate) {
        return new PipelineListener() {
            @Override
            public void onProgress(String stage, long done, long total) {
                lap(stage);
                delegate.onProgress(stage, done, total);
            }

            @Override
            public void onBatch(int epoch, int batch, int batches, float loss) {
                lap("training");
                delegate.onBatch(epoch, batch, batches, loss);
            }

            @Override
            public void onEpoch(EpochResult result) {
                lap("training");
                delegate.onEpoch(result);
            }

            @Override
            public boolean isCancelled() {
                return delegate.isCancelled();
            }
        };
    }

    /**
     * Ends the last lap as {@code stage} and prints the table (stage, wall seconds, share of the total) with a
     * total row to {@code err}. The JVM's start-up is read from the runtime's management bean, only here.
     */
    void print(PrintWriter err, String stage) {
        lap(stage);
        Map<String, Double> rows = new LinkedHashMap<>();
        long main = mainStartMillis;
        if (main >= 0) {
            long jvm = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
            rows.put(JVM_START, Math.max(0, main - jvm) / 1e3);
        }
        rows.putAll(seconds());
        err.print(table(rows));
        err.flush();
    }

    /** The table of {@code rows} (stage to seconds), with shares and a total row; one line each. */
    static String table(Map<String, Double> rows) {
        double total = rows.values().stream().mapToDouble(Double::doubleValue).sum();
        int width = Math.max(5, rows.keySet().stream().mapToInt(String::length).max().orElse(0));
        StringBuilder sb = new StringBuilder();
        String format = "%-" + width + "s  %9s  %6s%n";
        sb.append(String.format(Locale.ROOT, format, "stage", "seconds", "share"));
        rows.forEach((k, v) -> sb.append(String.format(Locale.ROOT, format, k, String.format(Locale.ROOT, "%.3f", v),
                String.format(Locale.ROOT, "%.1f%%", total > 0 ? 100 * v / total : 0))));
        sb.append(String.format(Locale.ROOT, format, "total", String.format(Locale.ROOT, "%.3f", total), "100.0%"));
        return sb.toString();
    }
}
