package org.cryomine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.cryomine.core.CryomineException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded fuzzing of the code, centroid and assignment CSV reader (issue "Reliability"): a mutated file reads as a
 * rectangular matrix of finite numbers, or is refused with a {@link CryomineException} naming the file; nothing else
 * escapes.
 */
class MatrixCsvFuzzTest {

    private static final String[] JUNK = {"nan", "Infinity", "1e999", "0x10", "1.5f", "", ",", "\n", "\r\n", "pick,",
        "code_9", "-", " ", "\"1\"", "1,2,3", "\u00a0", "TS_01"};
    private static final int CASES = 2000;

    @TempDir
    Path dir;

    @Test
    void mutatedCodeFilesReadAsFiniteRectangularMatricesOrAreRefused() throws Exception {
        Path file = dir.resolve("codes.csv");
        MatrixCsv.writeCodes(file, new float[][] {{1.5f, -2f, 0.25f}, {3f, 4.5f, -6f}, {7f, 8f, 9e-3f}},
                new String[] {"a", "a", "b"});
        String valid = Files.readString(file);
        String plain = MatrixCsv.format(new float[][] {{1, 2}, {3, 4}});
        SplittableRandom random = new SplittableRandom(41);
        int read = 0;
        for (int n = 0; n < CASES; n++) {
            String text = mutate(n % 2 == 0 ? valid : plain, random);
            Path f = Files.writeString(dir.resolve("case.csv"), text);
            try {
                float[][] m = MatrixCsv.read(f);
                assertThat(m.length).as(text).isPositive();
                for (float[] row : m) {
                    assertThat(row).as(text).hasSameSizeAs(m[0]);
                    for (float v : row) {
                        assertThat(Float.isFinite(v)).as(text).isTrue();
                    }
                }
                read++;
            } catch (CryomineException expected) {
                assertThat(expected.getMessage()).as(text).contains(f.toString());
            } catch (RuntimeException e) {
                fail("case " + n + " (" + text + ") escaped as " + e, e);
            }
        }
        assertThat(read).as("some mutations stay readable").isBetween(1, CASES - 1);
    }

    private static String mutate(String s, SplittableRandom random) {
        StringBuilder b = new StringBuilder(s);
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && b.length() > 0; e++) {
            int at = random.nextInt(b.length());
            switch (random.nextInt(3)) {
                case 0 -> b.deleteCharAt(at);
                case 1 -> b.insert(at, JUNK[random.nextInt(JUNK.length)]);
                default -> b.replace(at, Math.min(b.length(), at + 1 + random.nextInt(4)),
                        JUNK[random.nextInt(JUNK.length)]);
            }
        }
        return b.toString();
    }
}
