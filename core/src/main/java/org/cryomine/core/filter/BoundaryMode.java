package org.cryomine.core.filter;

/**
 * How a filter extends a volume beyond its faces, with the names and meaning of scipy.ndimage's
 * {@code mode} argument (for a line {@code a b c d}).
 */
public enum BoundaryMode {
    /** {@code d c b a | a b c d | d c b a}: the edge voxel is repeated (scipy's default, 'reflect'). */
    REFLECT,
    /** {@code d c b | a b c d | c b a}: reflection about the edge voxel's centre ('mirror'). */
    MIRROR,
    /** {@code a a a | a b c d | d d d}: the edge voxel extends ('nearest'). */
    NEAREST,
    /** {@code k k k | a b c d | k k k}: a constant, by default 0 ('constant'). */
    CONSTANT,
    /** {@code b c d | a b c d | a b c}: periodic ('wrap'). */
    WRAP;

    /**
     * The index inside [0, n) that position {@code i} reads, or -1 for {@link #CONSTANT} outside.
     */
    public int map(int i, int n) {
        if (i >= 0 && i < n) {
            return i;
        }
        switch (this) {
            case REFLECT: {
                if (n == 1) {
                    return 0;
                }
                int period = 2 * n;
                int m = Math.floorMod(i, period);
                return m < n ? m : period - 1 - m;
            }
            case MIRROR: {
                if (n == 1) {
                    return 0;
                }
                int period = 2 * n - 2;
                int m = Math.floorMod(i, period);
                return m < n ? m : period - m;
            }
            case NEAREST:
                return i < 0 ? 0 : n - 1;
            case WRAP:
                return Math.floorMod(i, n);
            case CONSTANT:
            default:
                return -1;
        }
    }
}
