package org.cryomine.io.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Temporary names as written by core's AtomicFiles, nn's ModelDirs and Json, cli's SegmentationTraining and BoxStore. */
class StaleTemporariesTest {

    @TempDir
    Path dir;

    private static long deadPid() {
        for (long pid = 3_999_999; pid > 3_000_000; pid--) {
            if (ProcessHandle.of(pid).isEmpty()) {
                return pid;
            }
        }
        throw new IllegalStateException("no free pid found");
    }

    private Path folder(String name, Instant modified) throws IOException {
        Path p = Files.createDirectories(dir.resolve(name).resolve("variables"));
        Path f = Files.writeString(p.resolve("model.index"), "x");
        Files.setLastModifiedTime(f, FileTime.from(modified));
        Files.setLastModifiedTime(p, FileTime.from(modified));
        Files.setLastModifiedTime(dir.resolve(name), FileTime.from(modified));
        return dir.resolve(name);
    }

    private Path file(String name, Instant modified) throws IOException {
        Path f = Files.writeString(dir.resolve(name), "x");
        Files.setLastModifiedTime(f, FileTime.from(modified));
        return f;
    }

    @Test
    void removesOnlyTemporariesOfDeadProcessesOrOlderThanADay() throws IOException {
        Instant now = Instant.now();
        Instant old = now.minus(Duration.ofHours(30));
        Instant fresh = now.minus(Duration.ofHours(2));
        long dead = deadPid();
        long me = ProcessHandle.current().pid();
        Path deadModel = folder("model.tmp-" + dead + "-123456789", fresh);
        Path deadNegative = folder("ae.tmp-" + dead + "--98765", fresh);
        Path liveModel = folder("model.tmp-" + me + "-123456789", old);
        Path deadAtomic = file(".x.mrc.tmp-" + dead + "-1", fresh); // AtomicFiles' name: a killed convert's file
        Path liveAtomic = file(".y.mrc.tmp-" + me + "-1", old);
        Path oldAtomic = file(".picks.star8213409234.tmp", old);
        Path freshAtomic = file(".tomo.mrc77123.tmp", fresh);
        Path oldJson = file("state.json.tmp", old);
        Path oldPart = folder("seg.part", old);
        Path busyPart = folder("busy.part", old);
        Files.writeString(busyPart.resolve("variables/new.data"), "written an hour ago");
        Files.setLastModifiedTime(busyPart.resolve("variables/new.data"), FileTime.from(now.minus(Duration.ofHours(1))));
        Path oldBoxes = file("boxes-4412.f32", old);
        List<Path> userFiles = List.of(file("notes.tmp", old), file("tomo.mrc", old), folder("model", old),
                file("download.part", old), file("boxes-a.f32", old), file(".hidden.tmp", old));

        List<Path> removed = StaleTemporaries.clean(dir, now);

        assertThat(removed).containsExactlyInAnyOrder(deadModel, deadNegative, deadAtomic, oldAtomic, oldJson, oldPart,
                oldBoxes);
        for (Path p : removed) {
            assertThat(p).doesNotExist();
        }
        for (Path p : List.of(liveModel, liveAtomic, freshAtomic, busyPart)) {
            assertThat(p).exists();
        }
        for (Path p : userFiles) {
            assertThat(p).exists();
        }
        assertThat(StaleTemporaries.clean(dir, now)).isEmpty();
    }

    @Test
    void aLinkIsRemovedButNotItsTarget() throws IOException {
        Path target = Files.createDirectories(dir.resolve("elsewhere"));
        Path kept = Files.writeString(target.resolve("precious.mrc"), "x");
        Path work = Files.createDirectories(dir.resolve("work"));
        Path link = Files.createSymbolicLink(work.resolve(".out9.tmp"), kept);
        Path dirLink = Files.createSymbolicLink(work.resolve("m.tmp-" + deadPid() + "-1"), target);
        List<Path> removed = StaleTemporaries.clean(work, Instant.now().plus(Duration.ofDays(2)));
        assertThat(removed).containsExactly(link);
        assertThat(kept).exists();
        assertThat(dirLink).exists();
        assertThat(StaleTemporaries.clean(dir.resolve("missing"))).isEmpty();
    }

    @Test
    void recognisesTheNamesAtomicFilesReallyUses() throws IOException {
        Path tmp = org.cryomine.core.AtomicFiles.createTemporarySibling(dir.resolve("out.mrc").toAbsolutePath());
        // it names this process, which is alive: never stale, however old
        assertThat(StaleTemporaries.stale(tmp, Instant.now())).isEmpty();
        assertThat(StaleTemporaries.stale(tmp, Instant.now().plus(Duration.ofDays(2)))).isEmpty();
        // the same name written by a process that is gone is stale at once
        String dead = tmp.getFileName().toString().replace("-" + ProcessHandle.current().pid() + "-", "-" + deadPid() + "-");
        Path killed = Files.writeString(dir.resolve(dead), "half");
        assertThat(StaleTemporaries.stale(killed, Instant.now())).isPresent();
    }
}
