package org.cryomine.cli;

import java.io.PrintWriter;
import org.cryomine.nn.EpochResult;
import org.cryomine.nn.TrainingListener;
import org.cryomine.pipeline.PipelineListener;

/**
 * Turns library progress into one-line progress bars on the command line's error stream (so standard
 * output stays clean for results). On a terminal the bar is redrawn at most ten times a second; when the
 * error stream is a file or a pipe, only a stage's completion is written, one line each.
 */
final class ConsoleProgress implements PipelineListener {

    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final boolean quiet;
    private final boolean interactive = System.console() != null;
    private String lastStage = "";
    private long lastDraw;

    ConsoleProgress(PrintWriter err, boolean quiet) {
        this.err = err;
        this.quiet = quiet;
    }

    @Override
    public synchronized void onProgress(String stage, long done, long total) {
        if (quiet) {
            return;
        }
        long now = System.nanoTime();
        boolean finished = done >= total;
        if (!finished && (!interactive || stage.equals(lastStage) && now - lastDraw < 100_000_000L)) {
            return;
        }
        if (!stage.equals(lastStage) && !lastStage.isEmpty()) {
            err.println();
        }
        lastStage = stage;
        lastDraw = now;
        int filled = total <= 0 ? WIDTH : (int) Math.min(WIDTH, WIDTH * done / total);
        err.print((interactive ? "\r" : "") + String.format("%-24s [%s%s] %d/%d", stage, "#".repeat(filled), " ".repeat(WIDTH - filled), done, total));
        if (finished) {
            err.println();
            lastStage = "";
        }
        err.flush();
    }

    /** Never cancels (Ctrl-C ends the whole program). */
    @Override
    public boolean isCancelled() {
        return false;
    }

    @Override
    public void onBatch(int epoch, int batch, int batches, float loss) {
        if (interactive) { // elsewhere the per-epoch summary line says enough
            onProgress("epoch " + epoch, batch, batches);
        }
    }

    @Override
    public synchronized void onEpoch(EpochResult r) {
        if (quiet) {
            return;
        }
        err.printf("epoch %d: loss %.4f, validation %.4f%s, about %.0f s left%n", r.epoch(), r.loss(), r.validationLoss(),
                r.improved() ? " (best)" : "", r.remainingSecondsEstimate());
        err.flush();
    }
}
