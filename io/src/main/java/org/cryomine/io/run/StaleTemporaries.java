package org.cryomine.io.run;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cryomine.core.CryomineException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the temporary files and folders that killed runs of cryomine leave in a folder (not in its
 * sub-folders). The names it knows, and when each is removed:
 * <ul>
 *   <li>{@code NAME.tmp-PID-DIGITS} files and folders (core's {@code AtomicFiles} and every writer going through
 *       it, cluster's model files, OME-Zarr stores, nn's model saving): when process PID is gone;</li>
 *   <li>{@code .NAME<digits>.tmp} files (temporaries of versions before the PID was in the name),
 *       {@code NAME.json.tmp} files (nn's JSON files), {@code NAME.part} folders (the
 *       segmentation model being trained) and {@code boxes-<digits>.f32} scratch files: these carry no PID, so
 *       they are removed when nothing in them changed for {@link #MAX_AGE} (a day).</li>
 * </ul>
 * Anything else is left alone, and so are symbolic links' targets. The PID test assumes the folder is not
 * shared with runs on another host; call it while holding the folder's {@link RunLock}, so that no other run
 * of this folder is writing its temporaries.
 */
public final class StaleTemporaries {

    /** Age after which a temporary without a PID in its name counts as left behind. */
    public static final Duration MAX_AGE = Duration.ofDays(1);

    private static final Logger LOG = LoggerFactory.getLogger(StaleTemporaries.class);
    private static final Pattern WITH_PID = Pattern.compile(".+\\.tmp-(\\d{1,18})--?\\d+");
    private static final List<Pattern> WITHOUT_PID = List.of(Pattern.compile("\\..+\\d+\\.tmp"),
            Pattern.compile(".+\\.json\\.tmp"), Pattern.compile(".+\\.part"), Pattern.compile("boxes-\\d+\\.f32"));

    private StaleTemporaries() {
    }

    /**
     * Removes the stale temporaries directly in {@code dir} (see the class comment); returns what it removed.
     *
     * @throws CryomineException when {@code dir} cannot be listed or a stale temporary cannot be removed
     */
    public static List<Path> clean(Path dir) {
        return clean(dir, Instant.now());
    }

    /** As {@link #clean(Path)}, with "now" given (for tests). */
    static List<Path> clean(Path dir, Instant now) {
        List<Path> removed = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return removed;
        }
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(entries::add);
        } catch (IOException e) {
            throw new CryomineException(dir + ": cannot list the folder to remove stale temporaries: " + e, e);
        }
        for (Path p : entries) {
            Optional<String> why = stale(p, now);
            if (why.isPresent()) {
                try {
                    deleteTree(p);
                } catch (IOException e) {
                    throw new CryomineException(p + ": cannot remove this temporary left by a killed run: " + e, e);
                }
                LOG.info("removed {}: {}", p, why.get());
                removed.add(p);
            }
        }
        return removed;
    }

    /** Why {@code p} is a stale temporary, or empty when it is not one (or may still be in use). */
    static Optional<String> stale(Path p, Instant now) {
        String name = p.getFileName().toString();
        Matcher m = WITH_PID.matcher(name);
        boolean folder = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
        if (m.matches() && !Files.isSymbolicLink(p)) {
            long pid = Long.parseLong(m.group(1));
            boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
            return alive ? Optional.empty() : Optional.of("its process " + pid + " is gone");
        }
        boolean known = false;
        for (int i = 0; i < WITHOUT_PID.size(); i++) {
            // NAME.part is a folder; the others are files
            if (WITHOUT_PID.get(i).matcher(name).matches() && folder == (i == 2)) {
                known = true;
            }
        }
        if (!known) {
            return Optional.empty();
        }
        try {
            Instant last = lastModified(p);
            return Duration.between(last, now).compareTo(MAX_AGE) > 0
                    ? Optional.of("unchanged since " + last + ", more than " + MAX_AGE.toHours() + " h") : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // gone meanwhile, or unreadable: leave it
        }
    }

    /** The newest modification time of {@code p} and, for a folder, of everything in it. */
    private static Instant lastModified(Path p) throws IOException {
        Instant[] newest = {Instant.MIN};
        Files.walkFileTree(p, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                newest[0] = max(newest[0], attrs.lastModifiedTime().toInstant());
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                newest[0] = max(newest[0], attrs.lastModifiedTime().toInstant());
                return FileVisitResult.CONTINUE;
            }
        });
        return newest[0];
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** Deletes {@code p} and, for a folder, everything in it; links are removed, not followed. */
    private static void deleteTree(Path p) throws IOException {
        Files.walkFileTree(p, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(f);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.deleteIfExists(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
