package org.cryomine.pipeline.report;

import java.util.Objects;

/**
 * A downsampled overview of one tomogram for the selection report, with the positions of the picks in it, so that
 * the page can draw a cluster's members on orthogonal slices and a member's box.
 *
 * @param name       the tomogram's name (as in {@code picks.star})
 * @param nx         width of the downsampled volume, in overview voxels
 * @param ny         height of the downsampled volume, in overview voxels
 * @param nz         depth of the downsampled volume, in overview voxels
 * @param bin        tomogram voxels per overview voxel along each axis (1 or more)
 * @param columns    the mosaic's columns: its z-slices are laid out row by row, {@code columns} per row
 * @param mosaicPng  8-bit grey PNG of every z-slice of the downsampled volume (x fastest, then y), dense matter dark
 * @param boxSize    edge of a subvolume box, in tomogram voxels
 * @param positions  (x, y, z) centre of each pick of this tomogram, in tomogram voxels
 * @param clusters   cluster of each pick, same order as {@code positions}
 */
public record TomogramOverview(String name, int nx, int ny, int nz, int bin, int columns, byte[] mosaicPng, int boxSize,
                               int[][] positions, int[] clusters) {

    public TomogramOverview {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mosaicPng, "mosaicPng");
        if (nx < 1 || ny < 1 || nz < 1 || bin < 1 || columns < 1 || boxSize < 1) {
            throw new IllegalArgumentException("overview sizes must be positive, got " + nx + "x" + ny + "x" + nz
                    + ", bin " + bin + ", " + columns + " columns, box " + boxSize);
        }
        if (positions.length != clusters.length) {
            throw new IllegalArgumentException(positions.length + " positions but " + clusters.length + " clusters");
        }
        mosaicPng = mosaicPng.clone();
        positions = deepCopy(positions);
        clusters = clusters.clone();
        for (int[] p : positions) {
            if (p.length != 3) {
                throw new IllegalArgumentException("a position needs (x, y, z), got " + p.length + " numbers");
            }
        }
    }

    /** A copy of the PNG bytes. */
    @Override
    public byte[] mosaicPng() {
        return mosaicPng.clone();
    }

    /** A copy of the positions. */
    @Override
    public int[][] positions() {
        return deepCopy(positions);
    }

    /** A copy of the clusters. */
    @Override
    public int[] clusters() {
        return clusters.clone();
    }

    private static int[][] deepCopy(int[][] a) {
        int[][] out = new int[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].clone();
        }
        return out;
    }
}
