package org.cryomine.segmentation;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.cryomine.core.Volume;

/**
 * Embeds labelled images into a tomogram-sized label map (the paper's Figs. 5 and 7): the dense voxels of
 * each placed image (by a {@link DensityThreshold}) get the placement's label. Where placements overlap,
 * the voxel takes the label of the image that is densest there, so the result does not depend on the
 * order of the placements except for exact ties (then the earlier placement wins). Parts of an image that
 * fall outside the tomogram are ignored.
 */
public final class LabelEmbedder {

    private final DensityThreshold threshold;
    private final double[] labelLevels;

    /** One level, {@code threshold}'s, for every label. */
    public LabelEmbedder(DensityThreshold threshold) {
        this(threshold, List.of());
    }

    /**
     * A level per label: label {@code l} (1, 2, ...) is painted where denser than {@code groupLevels.get(l - 1)}
     * (standard deviations, dense side, e.g. from {@link GroupLevels}); labels beyond the list, or every label when
     * it is empty, use {@code threshold}'s level.
     */
    public LabelEmbedder(DensityThreshold threshold, List<Double> groupLevels) {
        this.threshold = Objects.requireNonNull(threshold, "threshold");
        this.labelLevels = groupLevels.stream().mapToDouble(Double::doubleValue).toArray();
        for (double l : labelLevels) {
            if (!Double.isFinite(l)) {
                throw new IllegalArgumentException("group levels must be finite, got " + groupLevels);
            }
        }
    }

    private double levelOf(int label) {
        return label >= 1 && label <= labelLevels.length ? labelLevels[label - 1] : threshold.level();
    }

    /**
     * A new label volume of {@code nx x ny x nz} voxels (0 background, labels as placed), with
     * {@code like}'s voxel size and origin when {@code like} is not null.
     */
    public Volume embed(int nx, int ny, int nz, List<Placement> placements, Volume like) {
        Canvas canvas = canvas(nx, ny, nz, like);
        placements.forEach(canvas::paint);
        return canvas.labels();
    }

    /** An empty label map to paint placements into one at a time (so they need not all be in memory). */
    public Canvas canvas(int nx, int ny, int nz, Volume like) {
        return new Canvas(nx, ny, nz, like);
    }

    /** A label map being painted; see {@link LabelEmbedder}. Not thread-safe. */
    public final class Canvas {
        private final Volume labels;
        private final float[] strength;

        private Canvas(int nx, int ny, int nz, Volume like) {
            Volume l = Volume.zeros(nx, ny, nz);
            this.labels = like == null ? l : l.withVoxelSize(like.voxelSize()).withOrigin(like.origin());
            this.strength = new float[labels.voxelCount()];
            Arrays.fill(strength, Float.NEGATIVE_INFINITY);
        }

        /** Paints the dense voxels of one placement. */
        public void paint(Placement p) {
            Volume img = p.image();
            int x0 = p.cx() - img.nx() / 2;
            int y0 = p.cy() - img.ny() / 2;
            int z0 = p.cz() - img.nz() / 2;
            float[] src = img.data();
            float[] out = labels.data();
            double level = levelOf(p.label());
            int i = 0;
            for (int z = 0; z < img.nz(); z++) {
                for (int y = 0; y < img.ny(); y++) {
                    for (int x = 0; x < img.nx(); x++, i++) {
                        if (!labels.contains(x0 + x, y0 + y, z0 + z)) {
                            continue;
                        }
                        double d = threshold.density(src[i]);
                        int t = labels.index(x0 + x, y0 + y, z0 + z);
                        if (d > level && d > strength[t]) {
                            strength[t] = (float) d;
                            out[t] = p.label();
                        }
                    }
                }
            }
        }

        /** The label map painted so far (live: later paints show in it). */
        public Volume labels() {
            return labels;
        }
    }
}
