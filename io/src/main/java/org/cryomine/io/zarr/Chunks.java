package org.cryomine.io.zarr;

import java.util.Arrays;

/** Small helpers shared by the chunk codecs. */
final class Chunks {

    private Chunks() {
    }

    /** {@code data} when it is {@code expected} bytes long; otherwise an exception naming {@code what}. */
    static byte[] exactly(byte[] data, int expected, String what) {
        if (data.length != expected) {
            throw new IllegalArgumentException(what + " chunk decodes to " + (data.length > expected ? "more than " : "")
                    + data.length + " bytes, expected " + expected);
        }
        return data;
    }

    /** The product of {@code sizes} as an int. */
    static int product(int[] sizes) {
        long p = 1;
        for (int s : sizes) {
            p *= s;
        }
        if (p > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(Arrays.toString(sizes) + " holds more than 2^31 values");
        }
        return (int) p;
    }
}
