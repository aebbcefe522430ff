package org.cryomine.io.run;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.cryomine.core.CryomineException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An exclusive lock on a run folder, so that two runs never write the same folder. The lock is the file
 * {@value #FILE_NAME} in the folder, holding the owner's PID, host, command and start time, locked with
 * {@link FileChannel#tryLock()} (which the operating system releases when the process dies) and, because
 * such locks belong to the whole JVM, also recorded in an in-process registry.
 *
 * <p>A second acquirer fails at once with a {@link CryomineException} naming the owner (PID, host, command,
 * since when). A lock file left by a process that is gone (same host, {@code ProcessHandle.of(pid)} empty,
 * or a live process of that PID started after the lock was taken: the PID was reused) is taken over with
 * a warning. A lock file of a live process, or of another host (whose processes cannot be checked), is
 * respected even when the file lock itself is free (file systems without working locks): the message says
 * to delete the file if that run is known to be gone.
 *
 * <p>{@link #close()} removes the lock file and releases the lock; calling it twice is safe. Thread-safe.
 */
public final class RunLock implements AutoCloseable {

    /** Name of the lock file in the run folder. */
    public static final String FILE_NAME = ".cryomine.lock";

    private static final Logger LOG = LoggerFactory.getLogger(RunLock.class);
    /** Run folders locked by this JVM (real paths), with their locks. */
    private static final Map<Path, RunLock> HELD = new HashMap<>();
    private static final int MAX_COMMAND = 300;
    private static final int ATTEMPTS = 5;

    private final Path folder;
    private final Path file;
    private final Owner owner;
    private final String token;
    private FileChannel channel;
    private FileLock lock;

    /**
     * Who holds a lock.
     *
     * @param pid     process id
     * @param host    host name
     * @param command what the process runs (e.g. "cryomine pipeline --config run.json")
     * @param since   when it took the lock
     */
    public record Owner(long pid, String host, String command, Instant since) {

        @Override
        public String toString() {
            return "process " + pid + " (" + command + ") on " + host + " since " + since;
        }
    }

    private RunLock(Path folder, Path file, Owner owner, String token) {
        this.folder = folder;
        this.file = file;
        this.owner = owner;
        this.token = token;
    }

    /**
     * Locks {@code runFolder} (created if missing) for this process.
     *
     * @param command what this process runs, shown to anyone who finds the folder locked (one line)
     * @throws CryomineException when another process, or another lock in this process, holds the folder, or
     *                           the lock file cannot be written
     */
    public static RunLock acquire(Path runFolder, String command) {
        Path folder;
        try {
            Files.createDirectories(runFolder);
            folder = runFolder.toRealPath();
        } catch (IOException e) {
            throw new CryomineException(runFolder + ": cannot create or open the run folder: " + e, e);
        }
        String oneLine = command == null || command.isBlank() ? "unknown command"
                : command.replaceAll("[\\r\\n\\t]+", " ").strip();
        if (oneLine.length() > MAX_COMMAND) {
            oneLine = oneLine.substring(0, MAX_COMMAND - 3) + "...";
        }
        synchronized (HELD) {
            RunLock mine = HELD.get(folder);
            if (mine != null) {
                throw busy(folder, mine.owner, " (this same process)");
            }
            RunLock lock = lockFile(folder, oneLine);
            HELD.put(folder, lock);
            return lock;
        }
    }

    private static RunLock lockFile(Path folder, String command) {
        Path file = folder.resolve(FILE_NAME);
        for (int attempt = 1; ; attempt++) {
            FileChannel ch = null;
            try {
                ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                FileLock fl;
                try {
                    fl = ch.tryLock();
                } catch (OverlappingFileLockException e) {
                    fl = null;
                }
                if (fl == null) {
                    Owner other = read(ch).orElse(null);
                    throw busy(folder, other, "");
                }
                Optional<Owner> previous = read(ch);
                if (previous.isPresent()) {
                    refuseUnlessStale(folder, previous.get());
                }
                Owner me = new Owner(ProcessHandle.current().pid(), Host.NAME, command,
                        Instant.now().truncatedTo(ChronoUnit.MILLIS));
                String token = UUID.randomUUID().toString();
                byte[] text = format(me, token).getBytes(StandardCharsets.UTF_8);
                ch.truncate(0);
                ch.write(ByteBuffer.wrap(text), 0);
                ch.force(true);
                // the file we locked may have been removed (and maybe re-created) by its previous owner's close
                // between our open and our lock: then it is not the lock file any more; try again
                if (!Files.readString(file, StandardCharsets.UTF_8).contains("token=" + token)) {
                    throw new NoSuchFileException(file.toString());
                }
                RunLock lock = new RunLock(folder, file, me, token);
                lock.channel = ch;
                lock.lock = fl;
                ch = null;
                return lock;
            } catch (NoSuchFileException e) {
                if (attempt >= ATTEMPTS) {
                    throw new CryomineException(folder + ": the lock file " + FILE_NAME + " keeps disappearing while "
                            + "being locked; another process is starting and stopping runs in this folder", e);
                }
            } catch (IOException e) {
                throw new CryomineException(file + ": cannot lock the run folder: " + e, e);
            } finally {
                closeQuietly(ch);
            }
        }
    }

    private static void refuseUnlessStale(Path folder, Owner previous) {
        if (!previous.host().equals(Host.NAME)) {
            throw new CryomineException(folder + " is locked by " + previous + " (another host, whose processes cannot "
                    + "be checked from here); if that run is gone, delete " + folder.resolve(FILE_NAME));
        }
        if (previous.pid() == ProcessHandle.current().pid()) {
            // left by a lock of this process that could not remove its file (HELD says none is held now)
            LOG.warn("{}: taking over a lock file left by this same process ({})", folder, previous);
            return;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(previous.pid());
        boolean sameProcess = process.isPresent() && process.get().isAlive()
                && process.get().info().startInstant().map(start -> !start.isAfter(previous.since())).orElse(true);
        if (sameProcess) {
            throw new CryomineException(folder + " is locked by " + previous + ", which is still running (its lock "
                    + "file is not locked: a file system without locks?); wait for it to finish or stop it, or delete "
                    + folder.resolve(FILE_NAME) + " if that process is not a cryomine run");
        }
        LOG.warn("{}: taking over a stale lock of {}: that process is gone (killed or crashed); its temporaries may "
                + "be left behind", folder, previous);
    }

    private static CryomineException busy(Path folder, Owner other, String note) {
        return new CryomineException(folder + " is in use by " + (other == null ? "another process (its lock file "
                + "holds no owner yet)" : other.toString()) + note + "; wait for that run to finish or stop it, or "
                + "use another folder");
    }

    /** The owner recorded in a lock file, if it holds one. */
    private static Optional<Owner> read(FileChannel ch) throws IOException {
        long size = ch.size();
        if (size == 0 || size > 64 * 1024) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.allocate((int) size);
        while (b.hasRemaining() && ch.read(b, b.position()) > 0) {
            // read it all
        }
        return parse(new String(b.array(), 0, b.position(), StandardCharsets.UTF_8));
    }

    static Optional<Owner> parse(String text) {
        Map<String, String> fields = new HashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                fields.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        try {
            return Optional.of(new Owner(Long.parseLong(fields.get("pid")), fields.getOrDefault("host", "?"),
                    fields.getOrDefault("command", "?"), Instant.parse(fields.get("since"))));
        } catch (NumberFormatException | DateTimeParseException | NullPointerException e) {
            return Optional.empty(); // a damaged lock file: no owner known
        }
    }

    private static String format(Owner o, String token) {
        return "# cryomine run lock: this folder is in use; removed when the run ends\n" + "pid=" + o.pid() + "\nhost="
                + o.host() + "\ncommand=" + o.command() + "\nsince=" + o.since() + "\ntoken=" + token + "\n";
    }

    /** The locked run folder (real path). */
    public Path folder() {
        return folder;
    }

    /** The lock file. */
    public Path file() {
        return file;
    }

    /** This process, as recorded in the lock file. */
    public Owner owner() {
        return owner;
    }

    /** Removes the lock file and releases the lock; safe to call twice. */
    @Override
    public void close() {
        synchronized (HELD) {
            if (channel == null) {
                return;
            }
            try {
                // remove the file while still holding the lock, so that no one locks a file about to vanish
                if (Files.readString(file, StandardCharsets.UTF_8).contains("token=" + token)) {
                    Files.deleteIfExists(file);
                }
            } catch (IOException e) {
                LOG.warn("{}: could not remove the lock file: {}", file, e.toString());
            } finally {
                try {
                    lock.release();
                } catch (IOException e) {
                    LOG.warn("{}: could not release the lock: {}", file, e.toString());
                }
                closeQuietly(channel);
                channel = null;
                HELD.remove(folder, this);
            }
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing more to release
            }
        }
    }

    /** This host's name, looked up once. */
    private static final class Host {
        static final String NAME = lookUp();

        private static String lookUp() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                String env = System.getenv("HOSTNAME");
                return env == null || env.isBlank() ? "localhost" : env;
            }
        }
    }
}
