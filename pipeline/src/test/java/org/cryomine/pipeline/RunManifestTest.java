package org.cryomine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunManifestTest {

    @TempDir
    Path run;

    private static ObjectNode params(int seed) {
        ObjectNode p = RunManifest.newParameters();
        p.put("seed", seed);
        return p;
    }

    @Test
    void finishedStagesSurviveReopeningAndChangedParametersRedoThem() throws Exception {
        RunManifest m = RunManifest.openOrCreate(run);
        Files.writeString(run.resolve("picks.star"), "x");
        m.markDone("pick", params(1), List.of("picks.star"));
        m.markDone("train", params(1), List.of());
        RunManifest again = RunManifest.open(run);
        assertThat(again.isDone("pick", params(1))).isTrue();
        assertThat(again.isDone("pick", params(2))).isFalse();
        // an output that disappeared means the stage must be redone
        Files.delete(run.resolve("picks.star"));
        assertThat(again.isDone("pick", params(1))).isFalse();
    }

    @Test
    void invalidatingAStageForgetsTheLaterOnes() throws Exception {
        RunManifest m = RunManifest.openOrCreate(run);
        m.markDone("pick", params(1), List.of());
        m.markDone("train", params(1), List.of());
        m.markDone("cluster", params(1), List.of());
        m.invalidateFrom("train");
        RunManifest again = RunManifest.open(run);
        assertThat(again.isDone("pick", params(1))).isTrue();
        assertThat(again.isDone("train", params(1))).isFalse();
        assertThat(again.isDone("cluster", params(1))).isFalse();
    }

    @Test
    void inputsAreRecordedWithTheirChecksum() throws Exception {
        Path input = run.resolve("in.bin");
        Files.writeString(input, "abc");
        RunManifest m = RunManifest.openOrCreate(run.resolve("r"));
        m.recordInput("tomogram", input);
        // SHA-256("abc") from FIPS 180-2, appendix B.1
        assertThat(RunManifest.open(run.resolve("r")).inputChecksum("tomogram"))
                .contains("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(m.inputPath("tomogram")).contains(input.toAbsolutePath());
    }

    @Test
    void notARunDirectoryIsExplained() throws Exception {
        assertThatThrownBy(() -> RunManifest.open(run)).hasMessageContaining("not a cryomine run directory");
        Files.writeString(run.resolve("manifest.json"), "{\"format\": \"other/9\"}");
        assertThatThrownBy(() -> RunManifest.open(run)).hasMessageContaining("other/9");
    }

    @Test
    void aZarrStoreIsHashedByItsFilesAndTheirPaths() throws Exception {
        Path store = Files.createDirectories(run.resolve("t.zarr/0/0/0"));
        Files.writeString(run.resolve("t.zarr/.zgroup"), "{}");
        Files.writeString(store.resolve("0"), "abc");
        String first = RunManifest.sha256(run.resolve("t.zarr"));
        assertThat(first).hasSize(64).isEqualTo(RunManifest.sha256(run.resolve("t.zarr")));
        // a chunk's content and a chunk's place both count
        Files.writeString(store.resolve("0"), "abd");
        String changed = RunManifest.sha256(run.resolve("t.zarr"));
        assertThat(changed).isNotEqualTo(first);
        Files.move(store.resolve("0"), store.resolve("1"));
        assertThat(RunManifest.sha256(run.resolve("t.zarr"))).isNotEqualTo(changed);
        // a plain file: SHA-256 of its bytes (sha256sum of "abc")
        Files.writeString(run.resolve("f"), "abc");
        assertThat(RunManifest.sha256(run.resolve("f")))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
