package org.cryomine.core.simulate;

/** How membrane sheets (flat, curved, wavy) are oriented in a simulated tomogram. */
public enum SheetOrientation {
    /** Normal drawn uniformly over the sphere (the default). */
    RANDOM,
    /** Standing: the normal lies in the xy plane, so the sheet contains the z (beam) direction. */
    UPRIGHT,
    /** Lying: the normal is along z, so the sheet is parallel to the xy plane (the hardest case for the wedge). */
    FLAT
}
