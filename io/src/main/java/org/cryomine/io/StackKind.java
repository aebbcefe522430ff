package org.cryomine.io;

/** Whether a file holds one volume or a stack (MRC2014 space group 0 or 401-630). */
public enum StackKind {
    /** A single volume (a tomogram, a map). */
    VOLUME,
    /** A stack of 2-D images (MRC space group 0 with one section per cell, or a {@code .mrcs} file). */
    IMAGE_STACK,
    /** A stack of volumes (MRC space group 401-630): nz / mz volumes one after another. */
    VOLUME_STACK
}
