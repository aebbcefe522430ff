package org.cryomine.io.star;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cryomine.core.CryomineException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StarFileTest {

    @TempDir
    Path dir;

    @Test
    void keyValuePairsLoopsAndQuotesRoundTrip() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("rlnTomoSubTomosAre2DStacks", "1");
        values.put("cryomineNote", "two words");
        StarLoop loop = new StarLoop(List.of("a", "b"), List.of(List.of("1", "x y"), List.of("", "it's")));
        StarFile star = new StarFile(List.of(new StarBlock("general", values, List.of()),
                StarBlock.ofLoop("table", loop), new StarBlock("both", values, List.of(loop))));
        Path file = dir.resolve("t.star");
        star.write(file, false);
        assertThat(StarFile.read(file)).isEqualTo(star);
    }

    @Test
    void readsRowsSplitOverLinesAndComments() throws IOException {
        Path file = Files.writeString(dir.resolve("r.star"), String.join("\n",
                "# comment", "data_", "loop_", "_x #1", "_y #2", "_z #3", "1 2", "3   # rest of row", "4 5 6", "",
                "_after 7", ""));
        StarBlock b = StarFile.read(file).blocks().get(0);
        assertThat(b.name()).isEmpty();
        assertThat(b.loops().get(0).rows()).containsExactly(List.of("1", "2", "3"), List.of("4", "5", "6"));
        assertThat(b.values()).containsEntry("after", "7");
    }

    @Test
    void syntaxErrorsNameTheLine() throws IOException {
        Path quote = Files.writeString(dir.resolve("q.star"), "data_a\n_key \"open\n");
        assertThatThrownBy(() -> StarFile.read(quote)).hasMessageContaining("q.star:2: unclosed quote");
        Path text = Files.writeString(dir.resolve("t.star"), "data_a\n_key\n;\nlong\n;\n");
        assertThatThrownBy(() -> StarFile.read(text)).hasMessageContaining("no value after _key");
        assertThatThrownBy(() -> new StarLoop(List.of("a"), List.of(List.of("1", "2"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private Path star(String name, String... lines) throws IOException {
        return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
    }

    @Test
    void aByteOrderMarkAndCommentsAfterDataAndLoopAreAccepted() throws IOException {
        // from the fuzzer's list of valid files refused: a UTF-8 BOM, comments after data_name and loop_
        Path file = star("c.star", "\uFEFF# written by hand", "data_particles  # comment", "loop_ # a comment",
                "_a #1", "_b # second", "1 2 # row", "'x y' \"\"");
        StarBlock b = StarFile.read(file).block("particles").orElseThrow();
        assertThat(b.loops().get(0).columns()).containsExactly("a", "b");
        assertThat(b.loops().get(0).rows()).containsExactly(List.of("1", "2"), List.of("x y", ""));
    }

    @Test
    void aRowMissingAValueFollowedByOneWithAnExtraIsRefusedNotShifted() throws IOException {
        Path shifted = star("s.star", "data_", "loop_", "_a", "_b", "_c", "1 2 3", "4 5", "6 7 8 9", "10 11 12");
        assertThatThrownBy(() -> StarFile.read(shifted)).isInstanceOf(CryomineException.class)
                .hasMessageContaining("s.star:8: row 2 begun on line 7 with 2 of 3 values continues here with 4")
                .hasMessageContaining("columns a, b, c");
        Path extra = star("e.star", "data_", "loop_", "_a", "_b", "1 2", "3 4 5", "6");
        assertThatThrownBy(() -> StarFile.read(extra)).hasMessageContaining("e.star:6: row 2 has 3 values but the loop "
                + "has 2 columns");
        Path last = star("l.star", "data_", "loop_", "_a", "_b", "1 2", "3");
        assertThatThrownBy(() -> StarFile.read(last)).hasMessageContaining("l.star:6: the last row of the loop (row 2) "
                + "has 1 values but there are 2 columns");
        // several whole rows on one line are fine (STAR)
        Path packed = star("p.star", "data_", "loop_", "_a", "_b", "1 2 3 4", "5", "6");
        assertThat(StarFile.read(packed).blocks().get(0).loops().get(0).rows())
                .containsExactly(List.of("1", "2"), List.of("3", "4"), List.of("5", "6"));
    }

    @Test
    void duplicatedNamesAreRefused() throws IOException {
        Path column = star("d.star", "data_", "loop_", "_rlnCoordinateX #1", "_rlnCoordinateY #2",
                "_rlnCoordinateX #3", "1 2 3");
        assertThatThrownBy(() -> StarFile.read(column)).isInstanceOf(CryomineException.class)
                .hasMessageContaining("d.star:5: column _rlnCoordinateX appears twice in the loop (first on line 3)");
        Path key = star("k.star", "data_g", "_a 1", "_a 2");
        assertThatThrownBy(() -> StarFile.read(key)).hasMessageContaining("k.star:3: key _a appears twice");
        Path block = star("b.star", "data_g", "_a 1", "data_g", "_b 2");
        assertThatThrownBy(() -> StarFile.read(block)).hasMessageContaining("b.star:3: data block 'data_g' appears twice");
        assertThatThrownBy(() -> new StarLoop(List.of("a", "a"), List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void textThatIsNotStarIsRefusedWithTheLine() throws IOException {
        assertThatThrownBy(() -> StarFile.read(star("a.star", "data_x y"))).hasMessageContaining("a.star:1: unexpected 'y'");
        assertThatThrownBy(() -> StarFile.read(star("b.star", "data_", "loop_", "_a", "1 _b")))
                .hasMessageContaining("b.star:4: unquoted value '_b'");
        assertThatThrownBy(() -> StarFile.read(star("c.star", "data_", "_a 1 2")))
                .hasMessageContaining("c.star:2: more than one value after _a");
        assertThatThrownBy(() -> StarFile.read(star("d.star", "data_", "save_frame")))
                .hasMessageContaining("d.star:2: 'save_frame'");
        assertThatThrownBy(() -> StarFile.read(star("e.star", "data_", "loop_", "_a 1")))
                .hasMessageContaining("e.star:3: unexpected '1' after column _a");
    }
}
