package org.cryomine.pipeline.report;

import java.util.List;
import java.util.Objects;

/**
 * What the selection report shows of one cluster. All pictures of one report must share one intensity
 * window so that clusters can be compared by eye.
 *
 * @param number     the cluster number (as in the selection file)
 * @param size       number of member subvolumes
 * @param centrePng  PNG of the decoded cluster centre (slices)
 * @param averagePng PNG of the average of the member subvolumes, or null
 * @param memberPngs PNGs of a few members (may be empty)
 * @param perTomogram members per tomogram, in the dataset's order, when the run spans several (else empty)
 */
public record ClusterCard(int number, int size, byte[] centrePng, byte[] averagePng, List<byte[]> memberPngs,
                          java.util.Map<String, Integer> perTomogram) {

    /** A card of a single-tomogram run. */
    public ClusterCard(int number, int size, byte[] centrePng, byte[] averagePng, List<byte[]> memberPngs) {
        this(number, size, centrePng, averagePng, memberPngs, java.util.Map.of());
    }

    public ClusterCard {
        Objects.requireNonNull(centrePng, "centrePng");
        memberPngs = List.copyOf(memberPngs);
        perTomogram = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(perTomogram));
        if (size < 0) {
            throw new IllegalArgumentException("cluster size must not be negative, got " + size);
        }
    }
}
