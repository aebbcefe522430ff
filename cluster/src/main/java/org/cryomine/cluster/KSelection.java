package org.cryomine.cluster;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * Diagnostics for choosing k: one {@link KScore} per k tried, in increasing k. Immutable.
 *
 * @param scores the rows, in increasing k (copied)
 */
public record KSelection(List<KScore> scores) {

    /** Copies and checks the rows. */
    public KSelection {
        scores = List.copyOf(Objects.requireNonNull(scores, "scores"));
        if (scores.isEmpty()) {
            throw new IllegalArgumentException("a k selection needs at least one k");
        }
    }

    /** The k with the highest silhouette, if any silhouette is defined (smallest k on ties). */
    public Optional<Integer> bestBySilhouette() {
        return best(KScore::silhouette);
    }

    /** The k with the highest Calinski-Harabasz index, if any is defined (smallest k on ties). */
    public Optional<Integer> bestByCalinskiHarabasz() {
        return best(KScore::calinskiHarabasz);
    }

    private Optional<Integer> best(ToDoubleFunction<KScore> measure) {
        return scores.stream().filter(s -> !Double.isNaN(measure.applyAsDouble(s)))
                .max(Comparator.comparingDouble(measure).thenComparing(KScore::k, Comparator.reverseOrder()))
                .map(KScore::k);
    }
}
