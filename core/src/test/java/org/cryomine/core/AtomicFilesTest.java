package org.cryomine.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void temporarySiblingsAreNewPrivateHiddenFilesNamedAfterTheTargetAndThisProcess() throws IOException {
        Path target = dir.resolve("sub/out.mrc").toAbsolutePath();
        java.util.Set<Path> made = new java.util.HashSet<>();
        for (int i = 0; i < 50; i++) {
            Path tmp = AtomicFiles.createTemporarySibling(target);
            assertThat(made.add(tmp)).as("a new name each time").isTrue();
            assertThat(tmp.getParent()).isEqualTo(target.getParent());
            assertThat(tmp.getFileName().toString())
                    .matches("\\.out\\.mrc\\.tmp-" + ProcessHandle.current().pid() + "-[0-9]+");
            assertThat(Files.size(tmp)).isZero();
            if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp))).isEqualTo("rw-------");
            }
        }
    }

    @Test
    void writesReadableFilesAndNeverOverwritesUnlessAsked() throws Exception {
        Path f = dir.resolve("a.txt");
        AtomicFiles.writeString(f, false, "one");
        assertThat(Files.readString(f)).isEqualTo("one");
        if (f.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-r--r--");
        }
        assertThatThrownBy(() -> AtomicFiles.writeString(f, false, "two")).isInstanceOf(CryomineException.class)
                .hasMessageContaining("exists");
        AtomicFiles.writeString(f, true, "two");
        assertThat(Files.readString(f)).isEqualTo("two");
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws Exception {
        Path f = dir.resolve("b.txt");
        AtomicFiles.writeString(f, false, "kept");
        assertThatThrownBy(() -> AtomicFiles.write(f, true, out -> {
            out.write("half".getBytes());
            throw new IOException("disk full");
        })).isInstanceOf(CryomineException.class).hasMessageContaining("disk full");
        assertThat(Files.readString(f)).isEqualTo("kept");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("b.txt");
        }
    }
}
