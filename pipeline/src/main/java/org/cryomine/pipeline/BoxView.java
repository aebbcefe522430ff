package org.cryomine.pipeline;

import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import org.cryomine.core.BoundaryPolicy;
import org.cryomine.core.Volume;

/**
 * The boxes around a list of centres, cut from the tomogram only when asked for: a read-only list whose
 * {@code get(i)} extracts box i anew. Memory stays that of the tomogram however many boxes there are, so
 * a network can stream 10^5 subvolumes in batches. Boxes that leave the tomogram are filled with its mean.
 */
public final class BoxView extends AbstractList<Volume> {

    private final Volume tomogram;
    private final List<int[]> centres;
    private final int size;
    private final float fill;

    /**
     * @param tomogram the source (not copied; must not change while the view is used)
     * @param centres  box centres (x, y, z) in voxels
     * @param size     cubic box edge in voxels
     */
    public BoxView(Volume tomogram, List<int[]> centres, int size) {
        this.tomogram = Objects.requireNonNull(tomogram, "tomogram");
        this.centres = List.copyOf(centres);
        if (size < 1) {
            throw new IllegalArgumentException("box size must be positive, got " + size);
        }
        this.size = size;
        this.fill = (float) tomogram.statistics().mean();
    }

    @Override
    public Volume get(int index) {
        int[] c = centres.get(index);
        return tomogram.box(c[0], c[1], c[2], size, size, size, BoundaryPolicy.FILL_MEAN, fill).orElseThrow();
    }

    @Override
    public int size() {
        return centres.size();
    }
}
