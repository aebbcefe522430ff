package org.cryomine.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.cryomine.core.CryomineException;

/**
 * Writes a file through a temporary name in the same directory and an atomic rename, so that a crash
 * never leaves a half-written file under the final name; refuses to replace an existing file unless asked.
 */
public final class AtomicWrite {

    private AtomicWrite() {
    }

    /** Writes the content of a file to an output stream. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code content} to {@code target}.
     *
     * @throws CryomineException when {@code target} exists and {@code overwrite} is false, or the write fails
     */
    public static void write(Path target, boolean overwrite, Content content) {
        Path absolute = target.toAbsolutePath();
        if (!overwrite && Files.exists(absolute)) {
            throw new CryomineException(target + ": file exists; choose another name or ask to overwrite (--force)");
        }
        Path dir = absolute.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + absolute.getFileName(), ".tmp");
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                content.writeTo(out);
            }
            move(tmp, absolute, overwrite);
            tmp = null;
        } catch (FileAlreadyExistsException e) {
            throw new CryomineException(target + ": file exists; choose another name or ask to overwrite (--force)", e);
        } catch (IOException e) {
            throw new CryomineException(target + ": cannot write: " + e, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort clean-up of our own temporary file
                }
            }
        }
    }

    private static void move(Path tmp, Path target, boolean overwrite) throws IOException {
        try {
            if (overwrite) {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                // ATOMIC_MOVE may replace silently on POSIX; the existence check above guards the common case
            }
        } catch (AtomicMoveNotSupportedException e) {
            if (overwrite) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.move(tmp, target);
            }
        }
    }
}
