package org.cryomine.segmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.SplittableRandom;
import org.cryomine.core.CryomineException;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of the selection reader (issue "Reliability"): mutated selection files either read as a valid
 * selection that writes back and reads to itself, or are refused with a {@link CryomineException}; nothing else
 * escapes.
 */
class SelectionFuzzTest {

    private static final String VALID = "{\"groups\": [{\"name\": \"membrane\", \"clusters\": [3, 17]}, "
            + "{\"name\": \"large globule\", \"clusters\": [5, 9, 0]}]}";
    private static final String[] JUNK = {"-", "1e3", "2.5", "null", "\"x\"", "[", "]", "{", "}", ",", ":", "99999999999",
        "-1", "\"groups\"", "\"clusters\": [1]", "true", "\u0000", "\\", "\"name\"", "[[1]]", " "};
    private static final int CASES = 3000;

    @Test
    void mutatedSelectionsReadValidlyOrAreRefusedClearly() {
        SplittableRandom random = new SplittableRandom(20261204);
        int valid = 0;
        for (int n = 0; n < CASES; n++) {
            String text = mutate(VALID, random, 1 + random.nextInt(3));
            try {
                Selection s = Selection.fromJson(text, "case " + n);
                assertThat(Selection.fromJson(s.toJson(), "round trip").groups()).as(text).isEqualTo(s.groups());
                valid++;
            } catch (CryomineException expected) {
                assertThat(expected.getMessage()).as(text).startsWith("case " + n);
            } catch (RuntimeException e) {
                fail("case " + n + " (" + text + ") escaped as " + e, e);
            }
        }
        assertThat(valid).as("some mutations stay valid").isBetween(1, CASES - 1);
    }

    private static String mutate(String s, SplittableRandom random, int edits) {
        StringBuilder b = new StringBuilder(s);
        for (int e = 0; e < edits && b.length() > 0; e++) {
            int at = random.nextInt(b.length());
            switch (random.nextInt(4)) {
                case 0 -> b.deleteCharAt(at);
                case 1 -> b.insert(at, JUNK[random.nextInt(JUNK.length)]);
                case 2 -> {
                    int end = Math.min(b.length(), at + 1 + random.nextInt(12));
                    b.insert(end, b.substring(at, end));
                }
                default -> {
                    int digit = b.indexOf(String.valueOf(random.nextInt(10)), at);
                    if (digit >= 0) {
                        b.replace(digit, digit + 1, JUNK[random.nextInt(JUNK.length)]);
                    }
                }
            }
        }
        return b.toString();
    }
}
