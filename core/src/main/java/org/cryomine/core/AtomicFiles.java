package org.cryomine.core;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files so that a crash never leaves a half-written file under the final name: the content goes to
 * a temporary file in the same directory, which is then renamed. An existing file is replaced only when
 * the caller asks. Every writer of cryomine goes through here.
 */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /** Writes the bytes of a file to an output stream. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code content} to {@code target} through a temporary file and an atomic rename; the
     * temporary file is removed if anything fails.
     *
     * @param overwrite whether an existing {@code target} may be replaced
     * @throws CryomineException when {@code target} exists and {@code overwrite} is false (nothing is written
     *                           then), or when writing fails
     */
    public static void write(Path target, boolean overwrite, Content content) {
        writeThroughTemporary(target, overwrite, tmp -> {
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                content.writeTo(out);
            }
        });
    }

    /** Writes the bytes of a file through its channel, with positional writes where it likes. */
    @FunctionalInterface
    public interface ChannelContent {
        void writeTo(FileChannel channel) throws IOException;
    }

    /**
     * As {@link #write(Path, boolean, Content)}, with the temporary file's {@link FileChannel} (open for writing, at
     * position 0) instead of a buffered stream: for large binary files written from direct buffers, without the
     * stream's copies. The content may write at any position; the file's length is what it leaves.
     */
    public static void writeChannel(Path target, boolean overwrite, ChannelContent content) {
        writeThroughTemporary(target, overwrite, tmp -> {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                content.writeTo(channel);
            }
        });
    }

    /** Fills a temporary file. */
    @FunctionalInterface
    private interface TemporaryWriter {
        void fill(Path tmp) throws IOException;
    }

    /** Checks {@code target}, fills a temporary sibling, renames it into place; removes it if anything fails. */
    private static void writeThroughTemporary(Path target, boolean overwrite, TemporaryWriter writer) {
        Path absolute = target.toAbsolutePath();
        requireWritable(target, overwrite);
        Path tmp = null;
        try {
            tmp = createTemporarySibling(absolute);
            writer.fill(tmp);
            publish(tmp, absolute, overwrite);
            tmp = null;
        } catch (FileAlreadyExistsException e) {
            throw exists(target, e);
        } catch (IOException e) {
            throw new CryomineException(target + ": cannot write: " + e, e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    /**
     * Creates an empty, private temporary file beside {@code absoluteTarget}, creating the directory if needed;
     * {@link #publish} later puts it in place. Its hidden name, {@code .NAME.tmp-PID-DIGITS}, names this process, so
     * that a later run can remove the temporaries of a killed one ({@link #temporaryName}).
     */
    public static Path createTemporarySibling(Path absoluteTarget) throws IOException {
        Path dir = absoluteTarget.getParent();
        Files.createDirectories(dir);
        // as Files.createTempFile names and creates them (prefix, an unsigned random long; new, owner-only), without
        // its SecureRandom, whose first use costs every command tens of milliseconds
        String prefix = temporaryName(absoluteTarget.getFileName().toString());
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve(prefix + Long.toUnsignedString(ThreadLocalRandom.current().nextLong()));
            try {
                return posix ? Files.createFile(tmp, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------"))) : Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 100) {
                    throw e;
                }
            }
        }
    }

    /** The prefix of this process's temporaries for a file named {@code name}: {@code .NAME.tmp-PID-}. */
    public static String temporaryName(String name) {
        return "." + name + ".tmp-" + ProcessHandle.current().pid() + "-";
    }

    /**
     * Gives a finished temporary file the usual rw-r--r-- permissions (temporary files are created private)
     * and renames it onto {@code target} ({@link #moveIntoPlace}).
     */
    public static void publish(Path tmp, Path target, boolean overwrite) throws IOException {
        if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
        }
        moveIntoPlace(tmp, target, overwrite);
    }

    /** Removes {@code file} (null: nothing) if it exists, ignoring failures: clean-up of our own temporary files. */
    public static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // best-effort clean-up of our own temporary file
        }
    }

    /** The error for a {@code target} that exists and may not be replaced. */
    public static CryomineException exists(Path target, Throwable cause) {
        return new CryomineException(target + ": file exists; choose another name or ask to overwrite (--force)",
                cause);
    }

    /** Writes a UTF-8 string to {@code target} atomically, as {@link #write}. */
    public static void writeString(Path target, boolean overwrite, String text) {
        write(target, overwrite, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Throws unless {@code target} may be written: it must not be a directory, and must not exist unless
     * {@code overwrite}.
     */
    public static void requireWritable(Path target, boolean overwrite) {
        if (Files.isDirectory(target)) {
            throw new CryomineException(target + " is a directory; give a file name to write");
        }
        if (!overwrite && Files.exists(target)) {
            throw exists(target, null);
        }
    }

    /** Renames a finished temporary file onto {@code target}, atomically where the file system can. */
    public static void moveIntoPlace(Path tmp, Path target, boolean overwrite) throws IOException {
        try {
            if (overwrite) {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                // ATOMIC_MOVE may replace silently on POSIX; requireWritable guards the common case
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
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
