package org.cryomine.core.pick;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.cryomine.core.BoundaryPolicy;
import org.cryomine.core.ProgressListener;
import org.cryomine.core.Volume;

/**
 * Sliding-window extraction: cubic boxes whose centres lie on a regular grid with spacing {@code step},
 * the first centre at {@code boxSize / 2} along each axis. With {@link BoundaryPolicy#SKIP} (default) only
 * boxes entirely inside the tomogram are returned; with FILL_MEAN or MIRROR the grid continues while the
 * box starts inside the tomogram. Immutable; sizes in voxels.
 */
public final class GridExtractor {

    private final int boxSize;
    private final int step;
    private final BoundaryPolicy boundary;

    private GridExtractor(int boxSize, int step, BoundaryPolicy boundary) {
        if (boxSize < 4 || boxSize % 4 != 0) {
            throw new IllegalArgumentException("box size must be a positive multiple of 4 voxels, got " + boxSize);
        }
        if (step < 1) {
            throw new IllegalArgumentException("grid step must be at least 1 voxel, got " + step);
        }
        this.boxSize = boxSize;
        this.step = step;
        this.boundary = Objects.requireNonNull(boundary, "boundary");
    }

    /** Box 32, step 16 (half-overlapping), SKIP. */
    public static GridExtractor withDefaults() {
        return new GridExtractor(32, 16, BoundaryPolicy.SKIP);
    }

    public GridExtractor withBoxSize(int voxels) {
        return new GridExtractor(voxels, step, boundary);
    }

    public GridExtractor withStep(int voxels) {
        return new GridExtractor(boxSize, voxels, boundary);
    }

    public GridExtractor withBoundary(BoundaryPolicy policy) {
        return new GridExtractor(boxSize, step, policy);
    }

    public int boxSize() {
        return boxSize;
    }

    public int step() {
        return step;
    }

    /** The box centres along one axis of length n. */
    private int[] centres(int n) {
        List<Integer> c = new ArrayList<>();
        for (int x = boxSize / 2; ; x += step) {
            int start = x - boxSize / 2;
            boolean ok = boundary == BoundaryPolicy.SKIP ? start + boxSize <= n : start < n;
            if (!ok) {
                break;
            }
            c.add(x);
        }
        return c.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The box centres (x, y, z) in voxels that {@link #extract(Volume, String, ProgressListener)} would cut,
     * in the same order, without cutting them.
     */
    public List<int[]> positions(Volume tomogram) {
        Objects.requireNonNull(tomogram, "tomogram");
        List<int[]> out = new ArrayList<>();
        for (int z : centres(tomogram.nz())) {
            for (int y : centres(tomogram.ny())) {
                for (int x : centres(tomogram.nx())) {
                    out.add(new int[] {x, y, z});
                }
            }
        }
        return out;
    }

    /** The boxes in z, y, x order (x fastest), score 0; the tomogram is not modified. */
    public List<Subvolume> extract(Volume tomogram, String sourceName, ProgressListener listener) {
        Objects.requireNonNull(tomogram, "tomogram");
        int[] xs = centres(tomogram.nx());
        int[] ys = centres(tomogram.ny());
        int[] zs = centres(tomogram.nz());
        float fill = boundary == BoundaryPolicy.FILL_MEAN ? (float) tomogram.statistics().mean() : 0f;
        long total = (long) xs.length * ys.length * zs.length;
        List<Subvolume> out = new ArrayList<>();
        long done = 0;
        for (int z : zs) {
            listener.checkCancelled();
            for (int y : ys) {
                for (int x : xs) {
                    tomogram.box(x, y, z, boxSize, boxSize, boxSize, boundary, fill)
                            .ifPresent(v -> out.add(new Subvolume(sourceName, x, y, z, 0, v)));
                    listener.onProgress("grid", ++done, total);
                }
            }
        }
        return out;
    }

    /** {@link #extract(Volume, String, ProgressListener)} with source "tomogram" and no listener. */
    public List<Subvolume> extract(Volume tomogram) {
        return extract(tomogram, "tomogram", ProgressListener.NONE);
    }
}
