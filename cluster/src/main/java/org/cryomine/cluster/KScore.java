package org.cryomine.cluster;

/**
 * Diagnostics of k-means with one k, one row of a {@link KSelection}.
 *
 * @param k                 number of clusters
 * @param inertia           sum of squared distances to the centres (lower is tighter; always falls with k)
 * @param silhouette        mean silhouette on the seeded sample, in [-1, 1], higher is better; NaN when undefined
 * @param calinskiHarabasz  variance ratio criterion on all points, higher is better; NaN when undefined
 * @param stability         mean adjusted Rand index between the runs with different seeds, 1 = always the same
 *                          partition; NaN when only one run was made
 */
public record KScore(int k, double inertia, double silhouette, double calinskiHarabasz, double stability) {

    /** Validates k. */
    public KScore {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
    }
}
