package org.cryomine.pipeline;

import org.cryomine.core.ProgressListener;
import org.cryomine.nn.TrainingListener;

/**
 * The one listener of every pipeline operation: stage progress ({@link ProgressListener#onProgress}) and network
 * training ({@link TrainingListener#onBatch}, {@link TrainingListener#onEpoch}); either may cancel. The command
 * line turns these calls into progress bars; a Java caller may pass {@link #NONE}.
 */
public interface PipelineListener extends ProgressListener, TrainingListener {

    /** Ignores all progress and never cancels. */
    PipelineListener NONE = (stage, done, total) -> { };

    @Override
    default boolean isCancelled() {
        return false;
    }
}
