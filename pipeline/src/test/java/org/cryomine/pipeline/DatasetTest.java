package org.cryomine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cryomine.core.CryomineException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listing a dataset's tomograms: files, folders, globs, text and STAR lists; names; every problem at once. */
class DatasetTest {

    @TempDir
    Path dir;

    private Path touch(String name) throws Exception {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, "x");
        return p;
    }

    @Test
    void filesFoldersGlobsAndListsExpandInOrder() throws Exception {
        touch("data/TS_02.mrc");
        touch("data/TS_01.mrc");
        touch("data/notes.txt");
        touch("other/b.rec");
        Files.writeString(dir.resolve("list.txt"), "# tomograms\nother/b.rec\n\ndata/TS_01.mrc  # the first\n");
        Files.writeString(dir.resolve("tomograms.star"), """
                data_global

                loop_
                _rlnTomoName #1
                _rlnTomoReconstructedTomogram #2
                lamella1 data/TS_02.mrc
                """);
        assertThat(Dataset.parse(List.of(dir.resolve("data").toString())).names()).containsExactly("TS_01", "TS_02");
        assertThat(Dataset.parse(List.of(dir.resolve("data") + "/TS_*.mrc")).names()).containsExactly("TS_01", "TS_02");
        assertThat(Dataset.parse(List.of(dir.resolve("list.txt").toString())).names()).containsExactly("b", "TS_01");
        Dataset star = Dataset.parse(List.of(dir.resolve("tomograms.star").toString()));
        assertThat(star.names()).containsExactly("lamella1");
        assertThat(star.tomograms().get(0).path()).isEqualTo(dir.resolve("data/TS_02.mrc").toAbsolutePath());
        assertThat(Dataset.nameOf(Path.of("a/emd_1.map.gz"))).isEqualTo("emd_1");
    }

    @Test
    void everyMissingFileAndRepeatedNameIsReportedBeforeWork() throws Exception {
        touch("a/t.mrc");
        touch("b/t.mrc");
        Files.writeString(dir.resolve("list.txt"), "gone.mrc\n");
        assertThatThrownBy(() -> Dataset.parse(List.of(dir.resolve("nothing.mrc").toString(),
                dir.resolve("list.txt").toString(), dir.resolve("empty") + "/*.mrc")))
                .isInstanceOf(CryomineException.class)
                .hasMessageContaining("nothing.mrc does not exist")
                .hasMessageContaining("gone.mrc (line 1 of")
                .hasMessageContaining("the folder of the glob");
        assertThatThrownBy(() -> Dataset.parse(List.of(dir.resolve("a/t.mrc").toString(), dir.resolve("b/t.mrc").toString())))
                .isInstanceOf(CryomineException.class).hasMessageContaining("'t'").hasMessageContaining("rlnTomoName");
        assertThatThrownBy(() -> new Dataset(List.of())).hasMessageContaining("no tomogram");
        assertThatThrownBy(() -> new Dataset.Tomogram("a b", Path.of("x"))).hasMessageContaining("letters, digits");
    }
}
