package org.cryomine.io;

import java.nio.file.Path;
import org.cryomine.core.CryomineException;

/**
 * A volume file could not be read or written because its content is wrong (a corrupt header, a
 * truncated data block, an unknown format) or the I/O failed. The message names the file and the
 * problem.
 */
public class VolumeFormatException extends CryomineException {

    private static final long serialVersionUID = 1L;

    /** The problem with {@code file}, as "file: problem". */
    public VolumeFormatException(Path file, String problem) {
        super(file + ": " + problem);
    }

    /** The problem with {@code file}, as "file: problem", with its cause. */
    public VolumeFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
