package org.cryomine.cli;

import java.io.PrintWriter;
import org.cryomine.pipeline.PipelineListener;
import picocli.CommandLine.Option;

/**
 * {@code --timings} of {@code pick}, {@code mine}, {@code train-seg}, {@code segment} and {@code embed} (a picocli
 * mixin): a table of where the command's wall time went, by stage, on stderr after the command's output. Without the
 * option every method here does nothing.
 */
final class TimingOptions {

    @Option(names = "--timings",
            description = "After the command, print where its time went by stage (wall seconds and share) to stderr.")
    boolean timings;

    private StageTimings stages;

    /** Starts timing (when asked): the time until now, the command line's parsing and set-up, is "set-up". */
    void begin() {
        if (timings) {
            stages = new StageTimings();
            stages.lap("set-up");
        }
    }

    /** Ends the current lap (when timing) as {@code stage}: a part of the command that is not a library stage. */
    void lap(String stage) {
        if (stages != null) {
            stages.lap(stage);
        }
    }

    /** {@code listener}, timed by stage when timing. */
    PipelineListener listen(PipelineListener listener) {
        return stages == null ? listener : stages.listen(listener);
    }

    /** Prints the table (when timing), the last lap as {@code stage}. */
    void print(PrintWriter err, String stage) {
        if (stages != null) {
            stages.print(err, stage);
        }
    }
}
