package org.cryomine.io.star;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
}
