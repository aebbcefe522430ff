package org.cryomine.io.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cryomine.core.CryomineException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class RunLockTest {

    @TempDir
    Path dir;

    @Test
    void aSecondAcquirerInTheSameJvmFailsAtOnceNamingTheOwner() throws IOException {
        Path run = dir.resolve("run");
        try (RunLock first = RunLock.acquire(run, "cryomine pipeline --config a.json")) {
            assertThat(first.file()).exists();
            assertThat(Files.readString(first.file())).contains("pid=" + ProcessHandle.current().pid(),
                    "command=cryomine pipeline --config a.json");
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> RunLock.acquire(run, "cryomine segment"))
                    .isInstanceOf(CryomineException.class)
                    .hasMessageContaining("is in use by process " + ProcessHandle.current().pid())
                    .hasMessageContaining("(cryomine pipeline --config a.json)")
                    .hasMessageContaining("since " + first.owner().since());
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(1000);
            // another folder is independent
            try (RunLock other = RunLock.acquire(dir.resolve("other"), "x")) {
                assertThat(other.folder()).isNotEqualTo(first.folder());
            }
        }
        assertThat(run.resolve(RunLock.FILE_NAME)).doesNotExist();
        RunLock again = RunLock.acquire(run, "again");
        again.close();
        again.close(); // safe twice
        assertThat(run.resolve(RunLock.FILE_NAME)).doesNotExist();
    }

    @Test
    @Timeout(60)
    void aLockHeldByAnotherProcessIsRefusedAndTakenOverOnceThatProcessIsKilled() throws Exception {
        Path run = dir.resolve("run");
        Process holder = startHolder(run);
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertThat(line).as("holder output").startsWith("locked ");
            assertThatThrownBy(() -> RunLock.acquire(run, "me"))
                    .isInstanceOf(CryomineException.class)
                    .hasMessageContaining("process " + holder.pid() + " (RunLockHolder test)");
            holder.destroyForcibly();
            assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            holder.destroyForcibly();
        }
        // killed: its lock file is still there, naming a dead process, and is taken over
        assertThat(Files.readString(run.resolve(RunLock.FILE_NAME))).contains("pid=" + holder.pid());
        try (RunLock mine = RunLock.acquire(run, "me")) {
            assertThat(mine.owner().pid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(Files.readString(mine.file())).contains("command=me");
        }
    }

    @Test
    @Timeout(60)
    void aProcessThatEndsNormallyRemovesItsLock() throws Exception {
        Path run = dir.resolve("run");
        Process holder = startHolder(run);
        BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).startsWith("locked ");
        holder.getOutputStream().close();
        assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(holder.exitValue()).isZero();
        assertThat(run.resolve(RunLock.FILE_NAME)).doesNotExist();
    }

    @Test
    void staleAndLiveLockFilesWithoutAFileLock() throws IOException {
        // a lock file naming a process of this host that is gone is taken over
        Process done = new ProcessBuilder(javaBin(), "-version").redirectErrorStream(true).start();
        try {
            done.getInputStream().readAllBytes();
            done.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Path run = Files.createDirectories(dir.resolve("run"));
        RunLock probe = RunLock.acquire(dir.resolve("probe"), "probe");
        String host = Files.readString(probe.file()).lines().filter(l -> l.startsWith("host=")).findFirst().orElseThrow();
        probe.close();
        Path file = run.resolve(RunLock.FILE_NAME);
        Files.writeString(file, "pid=" + done.pid() + "\n" + host + "\ncommand=old run\nsince=2020-01-01T00:00:00Z\n");
        try (RunLock lock = RunLock.acquire(run, "new")) {
            assertThat(lock.owner().command()).isEqualTo("new");
        }
        // a live process of this host that started before the recorded time is respected
        ProcessHandle parent = ProcessHandle.current().parent().orElseThrow();
        Files.writeString(file, "pid=" + parent.pid() + "\n" + host + "\ncommand=live run\nsince=" + Instant.now() + "\n");
        assertThatThrownBy(() -> RunLock.acquire(run, "new")).isInstanceOf(CryomineException.class)
                .hasMessageContaining("live run").hasMessageContaining("still running");
        // ... but one that started after it holds a reused PID: stale
        Files.writeString(file, "pid=" + parent.pid() + "\n" + host + "\ncommand=old\nsince=2000-01-01T00:00:00Z\n");
        RunLock.acquire(run, "new").close();
        // another host cannot be checked: respected
        Files.writeString(file, "pid=1\nhost=elsewhere.example\ncommand=far run\nsince=2020-01-01T00:00:00Z\n");
        assertThatThrownBy(() -> RunLock.acquire(run, "new")).hasMessageContaining("another host")
                .hasMessageContaining("delete " + file.toRealPath());
        // a damaged lock file holds no owner: taken over
        Files.writeString(file, "garbage\u0000\n");
        RunLock.acquire(run, "new").close();
        assertThat(file).doesNotExist();
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Process startHolder(Path run) throws IOException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return new ProcessBuilder(List.of(javaBin(), "-cp", cp, RunLockHolder.class.getName(), run.toString()))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }
}
