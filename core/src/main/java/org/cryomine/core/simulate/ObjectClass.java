package org.cryomine.core.simulate;

/** The classes of simulated objects, with their value in the label map (0 is background). */
public enum ObjectClass {
    /** Lipid bilayers: sheets (flat, curved, wavy), vesicles (spherical, ellipsoidal), tubes, mitochondria. Label 1. */
    MEMBRANE(1, "membrane"),
    /** Ribosome-like globules, 25-30 nm by default, of any {@link ParticleShape}. Label 2. */
    LARGE_GLOBULE(2, "large_globule"),
    /** Small globular complexes, 8-12 nm by default, of any {@link ParticleShape}. Label 3. */
    SMALL_GLOBULE(3, "small_globule"),
    /** A thick carbon support film with a straight edge. Label 4. */
    CARBON(4, "carbon"),
    /** Gold fiducial beads, 10 nm, very dense. Label 5. */
    GOLD(5, "gold");

    /** Label value of the background. */
    public static final int BACKGROUND_LABEL = 0;

    private final int label;
    private final String displayName;

    ObjectClass(int label, String displayName) {
        this.label = label;
        this.displayName = displayName;
    }

    /** The value of this class in the label map. */
    public int label() {
        return label;
    }

    /** A lower-case name for files and tables, e.g. {@code "large_globule"}. */
    public String displayName() {
        return displayName;
    }

    /** The class of a label value. */
    public static ObjectClass ofLabel(int label) {
        for (ObjectClass c : values()) {
            if (c.label == label) {
                return c;
            }
        }
        throw new IllegalArgumentException("no object class has label " + label + " (1..5; 0 is background)");
    }
}
