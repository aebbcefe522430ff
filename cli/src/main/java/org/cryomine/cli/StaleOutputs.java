package org.cryomine.cli;

import java.nio.file.Path;
import org.cryomine.io.run.StaleTemporaries;

/**
 * The cleanup step of every command that writes files: temporaries that killed cryomine processes left beside
 * the output (hidden {@code .NAME.tmp-PID-...} files and folders of dead processes, older PID-less ones after a
 * day) are removed before the command writes, so they never accumulate.
 */
final class StaleOutputs {

    private StaleOutputs() {
    }

    /** Removes the stale temporaries in the folder that will hold {@code output}. */
    static void cleanBeside(Path output) {
        Path dir = output.toAbsolutePath().getParent();
        if (dir != null) {
            StaleTemporaries.clean(dir);
        }
    }
}
