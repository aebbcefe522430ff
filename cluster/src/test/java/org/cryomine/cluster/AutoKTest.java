package org.cryomine.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.cryomine.core.CryomineException;
import org.cryomine.core.ProgressListener;
import org.junit.jupiter.api.Test;

/** The automatic k: the silhouette's best k over a bounded range, on blobs whose number is known. */
class AutoKTest {

    /** {@code blobs} tight Gaussian blobs of {@code per} points each on a 4 x 4 grid, 3-D codes. */
    private static float[][] blobs(int blobs, int per, long seed) {
        Random r = new Random(seed);
        float[][] x = new float[blobs * per][];
        for (int b = 0; b < blobs; b++) {
            for (int i = 0; i < per; i++) {
                x[b * per + i] = new float[] {(float) (10 * (b % 4) + 0.5 * r.nextGaussian()),
                    (float) (10 * (b / 4) + 0.5 * r.nextGaussian()), (float) (0.5 * r.nextGaussian())};
            }
        }
        return x;
    }

    @Test
    void findsTheNumberOfWellSeparatedBlobsInTheRange() {
        for (int blobs : new int[] {9, 12, 16}) {
            AutoK.Choice c = AutoK.of(KMeansClusterer.of(2).withSeed(3).withThreads(1)).withRange(8, 20)
                    .choose(blobs(blobs, 60, blobs), ProgressListener.NONE);
            assertThat(c.k()).as(blobs + " blobs").isEqualTo(blobs);
            assertThat(c.diagnostics().scores()).extracting(KScore::k).startsWith(8).contains(blobs);
        }
    }

    @Test
    void theRangeShrinksToATenthOfThePointsAndTooFewPointsAreRefused() {
        AutoK.Choice c = AutoK.of(KMeansClusterer.of(2).withSeed(1).withThreads(1))
                .choose(blobs(12, 10, 5), ProgressListener.NONE); // 120 points: k from 8 to 12
        assertThat(c.diagnostics().scores()).extracting(KScore::k).containsExactly(8, 9, 10, 11, 12);
        assertThat(c.k()).isBetween(8, 12);
        assertThatThrownBy(() -> AutoK.of(KMeansClusterer.of(2)).choose(blobs(1, 15, 1), ProgressListener.NONE))
                .isInstanceOf(CryomineException.class).hasMessageContaining("too few").hasMessageContaining("--k");
        assertThatThrownBy(() -> AutoK.of(KMeansClusterer.of(2)).withRange(1, 5)).isInstanceOf(
                IllegalArgumentException.class);
    }

    @Test
    void theSameSeedGivesTheSameChoice() {
        float[][] x = blobs(10, 30, 9);
        AutoK auto = AutoK.of(KMeansClusterer.of(2).withSeed(4).withThreads(2));
        assertThat(auto.choose(x, ProgressListener.NONE)).isEqualTo(auto.choose(x, ProgressListener.NONE));
    }
}
