package org.cryomine.core;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes files so that a crash never leaves a half-written file under the final name: the content goes to
 * a temporary file in the same directory, which is then renamed. An existing file is replaced only when
 * the caller asks.
 */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /** Writes the bytes that {@code content} produces to {@code target}. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code content} to {@code target} through a temporary file and an atomic rename.
     *
     * @param overwrite whether an existing {@code target} may be replaced
     * @throws CryomineException when {@code target} exists and {@code overwrite} is false; nothing is written then
     */
    public static void write(Path target, boolean overwrite, Content content) throws IOException {
        requireWritable(target, overwrite);
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".part");
        try {
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                content.writeTo(out);
            }
            moveIntoPlace(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes a UTF-8 string to {@code target} atomically, as {@link #write}. */
    public static void writeString(Path target, boolean overwrite, String text) throws IOException {
        write(target, overwrite, out -> out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /**
     * Throws unless {@code target} may be written: it must not exist unless {@code overwrite}, and must not
     * be a directory.
     */
    public static void requireWritable(Path target, boolean overwrite) {
        if (Files.isDirectory(target)) {
            throw new CryomineException(target + " is a directory; give a file name to write");
        }
        if (!overwrite && Files.exists(target)) {
            throw new CryomineException(target + " exists; ask to overwrite it (--force) or choose another name");
        }
    }

    /** Renames a finished temporary file onto {@code target}, atomically where the file system can. */
    public static void moveIntoPlace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
