package org.cryomine.core.pick;

/**
 * Which sign dense matter has in a tomogram. In cryo-ET, high electron density is dark (large negative
 * values): {@link #DARK} is the default. Some reconstructions (and the real microtubule fixtures) are
 * inverted: {@link #BRIGHT}.
 */
public enum Contrast {
    /** Dense matter is negative: particles are minima of the DoG response. */
    DARK,
    /** Dense matter is positive: particles are maxima of the DoG response. */
    BRIGHT;

    /** +1 for BRIGHT, -1 for DARK: multiplying a value by this makes dense matter positive. */
    public int sign() {
        return this == BRIGHT ? 1 : -1;
    }
}
