package org.cryomine.nn;

/** Versions written into model directories. */
final class NnVersion {

    /** cryomine's version. */
    static final String LIBRARY = "0.1.0-SNAPSHOT";
    /** Version of the model directory layout (model.json + TensorFlow checkpoint); bumped on incompatible change. */
    static final int FORMAT = 1;

    private NnVersion() {
    }
}
