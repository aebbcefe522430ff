package org.cryomine.core;

/**
 * The eight axis flips of a volume (identity, x, y, z and their combinations): augmentation that keeps a
 * missing wedge about the y axis a wedge about the y axis, unlike arbitrary rotations.
 */
public final class Flips {

    /** Number of distinct flips. */
    public static final int COUNT = 8;

    private Flips() {
    }

    /**
     * A new volume: {@code v} flipped along x when bit 0 of {@code flip} is set, along y for bit 1, along z
     * for bit 2. {@code v} is not modified; the result keeps its voxel size and origin.
     */
    public static Volume apply(Volume v, int flip) {
        if (flip < 0 || flip >= COUNT) {
            throw new IllegalArgumentException("flip must be 0 to 7, got " + flip);
        }
        boolean fx = (flip & 1) != 0;
        boolean fy = (flip & 2) != 0;
        boolean fz = (flip & 4) != 0;
        int nx = v.nx();
        int ny = v.ny();
        int nz = v.nz();
        float[] src = v.data();
        float[] out = new float[src.length];
        int i = 0;
        for (int z = 0; z < nz; z++) {
            int sz = fz ? nz - 1 - z : z;
            for (int y = 0; y < ny; y++) {
                int sy = fy ? ny - 1 - y : y;
                int row = nx * (sy + ny * sz);
                for (int x = 0; x < nx; x++) {
                    out[i++] = src[row + (fx ? nx - 1 - x : x)];
                }
            }
        }
        return Volume.wrap(out, nx, ny, nz, v.voxelSize(), v.origin());
    }

    /**
     * A new volume: the mean of {@code v}'s eight flips, the same for {@code v} and any of its flips (the
     * voxel at (x, y, z) averages the voxels at (+-x, +-y, +-z) about the centre). {@code v} is not modified.
     */
    public static Volume average(Volume v) {
        float[] sum = new float[v.voxelCount()];
        for (int flip = 0; flip < COUNT; flip++) {
            float[] d = apply(v, flip).data();
            for (int i = 0; i < sum.length; i++) {
                sum[i] += d[i];
            }
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= COUNT;
        }
        return Volume.wrap(sum, v.nx(), v.ny(), v.nz(), v.voxelSize(), v.origin());
    }

    /**
     * The eight axis flips of every volume, computed when asked for: element {@code 8 i + f} is flip {@code f} of
     * {@code volumes.get(i)}. Nothing is copied until an element is read; {@code volumes} is not modified.
     */
    public static java.util.List<Volume> views(java.util.List<Volume> volumes) {
        return new java.util.AbstractList<>() {
            @Override
            public Volume get(int index) {
                return apply(volumes.get(index / COUNT), index % COUNT);
            }

            @Override
            public int size() {
                return volumes.size() * COUNT;
            }
        };
    }
}
