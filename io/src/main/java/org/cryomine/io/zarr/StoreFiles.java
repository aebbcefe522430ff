package org.cryomine.io.zarr;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import org.cryomine.core.AtomicFiles;
import org.cryomine.core.CryomineException;

/**
 * Directory stores written the way {@link AtomicFiles} writes files: into a hidden temporary folder beside
 * the destination, renamed into place at the end; an existing store is replaced only when asked, and only
 * when it is a Zarr store (or a file), never an arbitrary folder.
 */
final class StoreFiles {

    private StoreFiles() {
    }

    /** Whether {@code dir} is a Zarr v2 store (holds .zgroup or .zarray). */
    static boolean isStore(Path dir) {
        return Files.isRegularFile(dir.resolve(".zgroup")) || Files.isRegularFile(dir.resolve(".zarray"));
    }

    /** Throws unless {@code target} may be written (absent, or replaceable and {@code overwrite}). */
    static void requireWritable(Path target, boolean overwrite) {
        if (!Files.exists(target)) {
            return;
        }
        if (!overwrite) {
            throw AtomicFiles.exists(target, null);
        }
        if (Files.isDirectory(target) && !isStore(target)) {
            throw new CryomineException(target + " is a directory that is not a Zarr store; it is not replaced. "
                    + "Give another name");
        }
    }

    /** A fresh hidden temporary folder beside {@code target}. */
    static Path createTemporarySibling(Path target) throws IOException {
        Files.createDirectories(target.getParent());
        return Files.createTempDirectory(target.getParent(),
                org.cryomine.core.AtomicFiles.temporaryName(target.getFileName().toString()));
    }

    /** Renames the finished {@code tmp} folder onto {@code target}, replacing it (see class) when allowed. */
    static void publish(Path tmp, Path target, boolean overwrite) throws IOException {
        if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        requireWritable(target, overwrite);
        Path old = null;
        if (Files.exists(target)) {
            old = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".old.");
            Files.delete(old);
            move(target, old);
        }
        move(tmp, target);
        deleteTree(old);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    /** Removes a folder we created, with everything in it (null: nothing); failures are ignored. */
    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // best-effort clean-up of our own temporary folder
        }
    }
}
