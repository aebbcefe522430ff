package org.cryomine.nn;

/**
 * How {@link TrainedAutoencoder#encode(java.util.List, CodeAveraging)} turns a subvolume into a code.
 */
public enum CodeAveraging {

    /** The code of the subvolume as it is: the paper's. */
    NONE,

    /**
     * The mean of the codes of the subvolume's eight axis flips ({@link org.cryomine.core.Flips}). The result
     * does not change when the subvolume is flipped, so mirror images of one structure get one code; the
     * flips keep a missing wedge about y, so the wedge stays where training saw it. Suited to an autoencoder
     * trained with {@link Autoencoder3D#flipAugmentation()}; eight times the encoding work.
     */
    FLIPS
}
