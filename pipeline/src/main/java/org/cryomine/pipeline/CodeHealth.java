package org.cryomine.pipeline;

import java.util.Locale;
import org.cryomine.core.CryomineException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the autoencoder's codes can be clustered: a code unit that takes the same value for every subvolume (a
 * dead ReLU unit, the paper's code's common failure) carries nothing, and codes whose units are all dead are the
 * same for every subvolume, which k-means cannot split.
 */
final class CodeHealth {

    private static final Logger LOG = LoggerFactory.getLogger(CodeHealth.class);

    private CodeHealth() {
    }

    /** Units (columns) of {@code codes} that take one value, within float rounding, for every row. */
    static int deadUnits(float[][] codes) {
        int dead = 0;
        for (int j = 0; j < codes[0].length; j++) {
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            for (float[] row : codes) {
                min = Math.min(min, row[j]);
                max = Math.max(max, row[j]);
            }
            if (max - min <= 1e-6f * Math.max(1f, Math.max(Math.abs(min), Math.abs(max)))) {
                dead++;
            }
        }
        return dead;
    }

    /**
     * Fails when every unit of {@code codes} is dead, saying what to change; logs a warning when more than half are.
     *
     * @param linearCode whether the code is linear (the advice differs)
     */
    static void check(float[][] codes, boolean linearCode) {
        int dead = deadUnits(codes);
        int units = codes[0].length;
        if (dead == units) {
            throw new CryomineException(String.format(Locale.ROOT, "the autoencoder's codes collapsed: all %d code units "
                    + "take one value for every one of the %d subvolumes, so clustering them means nothing. %s", units,
                    codes.length, linearCode ? "Train longer (--epochs), with a lower learning rate, or on more subvolumes"
                            : "Use a linear code (--linear-code, part of the recommended recipe): ReLU codes lose units "
                                    + "that stay zero"));
        }
        if (2 * dead > units) {
            LOG.warn("{} of the {} code units are dead (one value for every subvolume){}", dead, units,
                    linearCode ? "" : "; a linear code (--linear-code) keeps them alive");
        }
    }
}
