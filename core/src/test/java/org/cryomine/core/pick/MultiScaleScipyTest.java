package org.cryomine.core.pick;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cryomine.core.ProgressListener;
import org.cryomine.core.Volume;
import org.cryomine.core.testing.TestMrc;
import org.junit.jupiter.api.Test;

/**
 * The scale-space maxima of the multi-scale search against scipy 1.10.1 (gaussian_filter, maximum_filter and
 * minimum_filter over the scale stack; the script is in test resources scipy/PROVENANCE.md).
 */
class MultiScaleScipyTest {

    @Test
    void sameMaximaAndScoresAsScipy() throws IOException {
        Volume input = TestMrc.read("/scipy/input.mrc");
        Map<String, Double> expected = new HashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                MultiScaleScipyTest.class.getResourceAsStream("/scipy/multiscale_maxima.csv"), StandardCharsets.UTF_8))) {
            r.lines().filter(l -> !l.startsWith("#") && !l.startsWith("x,")).forEach(l -> {
                String[] f = l.split(",");
                expected.put(f[0] + "," + f[1] + "," + f[2] + "," + Double.parseDouble(f[3]), Double.parseDouble(f[4]));
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        assertThat(expected).hasSize(343);
        List<Peak> found = MultiScaleDog.candidates(input, 1, new double[] {1.5, 2.25, 3.375}, 1.1, 1.25, true,
                Double.NEGATIVE_INFINITY, false, 2, ProgressListener.NONE).candidates();
        double top = expected.values().stream().mapToDouble(Math::abs).max().orElseThrow();
        int matched = 0;
        for (Peak p : found) {
            Double score = expected.get(p.x() + "," + p.y() + "," + p.z() + "," + p.sigma());
            assertThat(score).as("scipy has the maximum %s", p).isNotNull();
            assertThat(Math.abs(score - p.score())).as("score of %s", p).isLessThan(1e-5 * top);
            matched++;
        }
        assertThat(matched).isEqualTo(expected.size());
    }
}
