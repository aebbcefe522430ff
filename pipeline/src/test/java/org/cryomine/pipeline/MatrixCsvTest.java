package org.cryomine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.cryomine.core.CryomineException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** codes.csv with its header and pick ids, read back as codes; files of runs before the header still read. */
class MatrixCsvTest {

    @TempDir
    Path dir;

    @Test
    void codesCarryAHeaderAndPickIdsAndReadBackAsCodes() throws Exception {
        Path file = dir.resolve("codes.csv");
        float[][] codes = {{1.5f, -2f}, {0.25f, 3e-5f}};
        MatrixCsv.writeCodes(file, codes, new String[] {"TS_01", "TS_02"});
        assertThat(Files.readAllLines(file)).containsExactly("pick,rlnTomoName,code_0,code_1", "0,TS_01,1.5,-2.0",
                "1,TS_02,0.25,3.0E-5");
        assertThat(MatrixCsv.read(file)).isDeepEqualTo(codes);
    }

    @Test
    void filesWithoutAHeaderReadEveryColumnAndBadHeadersAreRefused() throws Exception {
        Path legacy = Files.writeString(dir.resolve("old.csv"), "1,2\n3,4\n");
        assertThat(MatrixCsv.read(legacy)).isDeepEqualTo(new float[][] {{1, 2}, {3, 4}});
        Path noCodes = Files.writeString(dir.resolve("bad.csv"), "pick,rlnTomoName,x\n0,a,1\n");
        assertThatThrownBy(() -> MatrixCsv.read(noCodes)).isInstanceOf(CryomineException.class)
                .hasMessageContaining("without code_ columns");
        Path javaFloat = Files.writeString(dir.resolve("f.csv"), "1.5f,2\n");
        assertThatThrownBy(() -> MatrixCsv.read(javaFloat)).isInstanceOf(CryomineException.class)
                .hasMessageContaining("'1.5f' is not a decimal number");
        Path shortRow = Files.writeString(dir.resolve("short.csv"), "pick,rlnTomoName,code_0,code_1\n0,a,1\n");
        assertThatThrownBy(() -> MatrixCsv.read(shortRow)).isInstanceOf(CryomineException.class)
                .hasMessageContaining("line 2");
    }
}
