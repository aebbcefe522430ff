package org.cryomine.core.metrics;

import java.util.Arrays;

/**
 * How well a clustering agrees with known classes, as the pipeline's quality table reports it. Each
 * cluster is read as its majority class (ties go to the smaller class number). Cluster and class numbers
 * are non-negative integers; both arrays hold one entry per item, in the same order.
 */
public final class ClusteringQuality {

    private final int[][] counts; // [cluster][class]
    private final int items;
    private final int[] majority;

    private ClusteringQuality(int[][] counts, int items) {
        this.counts = counts;
        this.items = items;
        this.majority = new int[counts.length];
        for (int c = 0; c < counts.length; c++) {
            int best = 0;
            for (int k = 1; k < counts[c].length; k++) {
                if (counts[c][k] > counts[c][best]) {
                    best = k;
                }
            }
            majority[c] = best;
        }
    }

    /**
     * Tallies cluster assignments against true classes.
     *
     * @throws IllegalArgumentException for arrays of different lengths, no items, or negative numbers
     */
    public static ClusteringQuality of(int[] assignments, int[] classes) {
        if (assignments.length != classes.length) {
            throw new IllegalArgumentException(assignments.length + " assignments but " + classes.length + " classes");
        }
        if (assignments.length == 0) {
            throw new IllegalArgumentException("no items to measure");
        }
        int clusters = Arrays.stream(assignments).max().getAsInt() + 1;
        int classCount = Arrays.stream(classes).max().getAsInt() + 1;
        int[][] counts = new int[clusters][classCount];
        for (int i = 0; i < assignments.length; i++) {
            if (assignments[i] < 0 || classes[i] < 0) {
                throw new IllegalArgumentException("item " + i + " has a negative cluster or class number");
            }
            counts[assignments[i]][classes[i]]++;
        }
        return new ClusteringQuality(counts, assignments.length);
    }

    /** Purity: the fraction of items whose class is their cluster's majority class (size-weighted). */
    public double purity() {
        long hits = 0;
        for (int c = 0; c < counts.length; c++) {
            hits += counts[c][majority[c]];
        }
        return (double) hits / items;
    }

    /**
     * Macro-averaged F1 over the classes present, predicting for each item its cluster's majority class.
     * A class that is no cluster's majority scores F1 = 0.
     */
    public double macroF1() {
        int classCount = counts[0].length;
        double sum = 0;
        int present = 0;
        for (int k = 0; k < classCount; k++) {
            long truth = 0;
            long predicted = 0;
            long hit = 0;
            for (int c = 0; c < counts.length; c++) {
                truth += counts[c][k];
                if (majority[c] == k) {
                    predicted += Arrays.stream(counts[c]).sum();
                    hit += counts[c][k];
                }
            }
            if (truth == 0) {
                continue;
            }
            present++;
            sum += hit == 0 ? 0 : 2.0 * hit / (truth + predicted);
        }
        return sum / present;
    }

    /**
     * The smallest number of clusters that together hold at least {@code fraction} of the items of class
     * {@code cls} (clusters taken richest in that class first); 0 when the class has no items.
     */
    public int clustersToCover(int cls, double fraction) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be in (0, 1], got " + fraction);
        }
        if (cls < 0 || cls >= counts[0].length) {
            return 0;
        }
        int[] inClass = new int[counts.length];
        long total = 0;
        for (int c = 0; c < counts.length; c++) {
            inClass[c] = counts[c][cls];
            total += inClass[c];
        }
        if (total == 0) {
            return 0;
        }
        Arrays.sort(inClass);
        long covered = 0;
        int used = 0;
        for (int c = inClass.length - 1; c >= 0 && covered < Math.ceil(fraction * total - 1e-9); c--) {
            covered += inClass[c];
            used++;
        }
        return used;
    }

    /** The majority class of each cluster (a copy), indexed by cluster number. */
    public int[] majorityClasses() {
        return majority.clone();
    }
}
