package org.cryomine.core.simulate;

/**
 * The geometry of a simulated globule (large or small); whatever the shape, the object keeps its class
 * ({@link ObjectClass#LARGE_GLOBULE} or {@link ObjectClass#SMALL_GLOBULE}) and its recorded size is the diameter
 * of the ball that holds it.
 */
public enum ParticleShape {
    /** The default: a lumpy ball (large: two subunits, surface lumps, dense spots; small: a core and lumps). */
    LUMPY("globule"),
    /** A dumbbell: two overlapping balls of radius 0.55 R, centres 0.9 R apart, of slightly different density. */
    TWO_LOBED("two-lobed"),
    /** A prolate ellipsoid (rod) of semi-axes 0.45 R, 0.45 R and R. */
    ELONGATED("rod"),
    /** A spherical protein shell of outer radius R and wall max(1.5 voxels, 0.3 R), hollow inside. */
    HOLLOW("shell");

    private final String shapeName;

    ParticleShape(String shapeName) {
        this.shapeName = shapeName;
    }

    /** The name {@link SimulatedObject#shape()} records, e.g. {@code "two-lobed"}. */
    public String shapeName() {
        return shapeName;
    }
}
