package org.cryomine.io;

/**
 * How to read a volume file.
 *
 * @param permissive  read what can be read and log warnings (missing map ID, unknown machine stamp,
 *                    a bad axis mapping taken as 1,2,3, a short data block padded with zeros) instead of
 *                    failing; a file lacking more than 1 MiB and holding less than 1/16 of what its header
 *                    describes is still refused (a corrupt header), so that memory and time stay
 *                    proportional to the file's size
 * @param allowStacks read an image stack or a volume stack as one volume (images along z) instead of
 *                    failing, which protects against taking a stack of images for a tomogram
 */
public record ReadOptions(boolean permissive, boolean allowStacks) {

    /** Strict reading, stacks refused. */
    public static final ReadOptions STRICT = new ReadOptions(false, false);

    /** Strict reading. */
    public static ReadOptions defaults() {
        return STRICT;
    }

    /** A copy with permissive reading switched on or off. */
    public ReadOptions withPermissive(boolean value) {
        return new ReadOptions(value, allowStacks);
    }

    /** A copy that accepts (or refuses) stacks. */
    public ReadOptions withAllowStacks(boolean value) {
        return new ReadOptions(permissive, value);
    }
}
