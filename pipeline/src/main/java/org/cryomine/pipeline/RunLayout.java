package org.cryomine.pipeline;

import java.nio.file.Path;

/** The files of a run directory; see {@link MiningPipeline}. */
public record RunLayout(Path root) {

    public static final String PICKS = "picks.star";
    public static final String CODES = "codes.csv";
    /** The codes k-means clustered when they were averaged over the axis flips ({@code mine --flip-averaged-codes}). */
    public static final String FLIP_AVERAGED_CODES = "codes-flip-averaged.csv";
    public static final String MODEL = "model";
    public static final String CHECKPOINT = "model-checkpoint";
    public static final String CLUSTERS = "clusters";
    public static final String CENTROIDS = CLUSTERS + "/centroids.csv";
    public static final String ASSIGNMENTS = CLUSTERS + "/assignments.csv";
    public static final String REPORT = "report.html";
    /** Folder of the per-tomogram files of a dataset run: {@code tomograms/NAME/picks.star}, {@code codes.csv}. */
    public static final String TOMOGRAMS = "tomograms";

    public Path picks() {
        return root.resolve(PICKS);
    }

    public Path codes() {
        return root.resolve(CODES);
    }

    public Path flipAveragedCodes() {
        return root.resolve(FLIP_AVERAGED_CODES);
    }

    public Path model() {
        return root.resolve(MODEL);
    }

    public Path checkpoint() {
        return root.resolve(CHECKPOINT);
    }

    public Path clusters() {
        return root.resolve(CLUSTERS);
    }

    public Path centroids() {
        return root.resolve(CENTROIDS);
    }

    public Path assignments() {
        return root.resolve(ASSIGNMENTS);
    }

    public Path report() {
        return root.resolve(REPORT);
    }

    /** A picture or map of one cluster, e.g. {@code clusters/centre_007.mrc}. */
    public Path clusterFile(String kind, int cluster, String extension) {
        return clusters().resolve(String.format("%s_%03d.%s", kind, cluster, extension));
    }
}
