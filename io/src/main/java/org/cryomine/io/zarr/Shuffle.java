package org.cryomine.io.zarr;

/**
 * Blosc's byte shuffle (byte j of every element together, then the block's last bytes that make no whole
 * element) and bit shuffle (bitshuffle's layout: bit k of byte j of element i at bit i % 8 of byte
 * (8 j + k) n / 8 + i / 8, for blocks of n elements with n a multiple of 8; other blocks are left as they
 * are, as c-blosc 1.x does).
 */
final class Shuffle {

    private Shuffle() {
    }

    /** Shuffles {@code size} bytes of {@code src} from {@code off} into {@code dst[0..size)}. */
    static void shuffle(byte[] src, int off, int size, int ts, byte[] dst) {
        int n = size / ts;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < ts; j++) {
                dst[j * n + i] = src[off + i * ts + j];
            }
        }
        System.arraycopy(src, off + n * ts, dst, n * ts, size - n * ts);
    }

    /** Undoes {@link #shuffle}: {@code src[0..size)} into {@code dst} from {@code off}. */
    static void unshuffle(byte[] src, int size, int ts, byte[] dst, int off) {
        int n = size / ts;
        for (int j = 0; j < ts; j++) {
            for (int i = 0; i < n; i++) {
                dst[off + i * ts + j] = src[j * n + i];
            }
        }
        System.arraycopy(src, n * ts, dst, off + n * ts, size - n * ts);
    }

    /** Bit-shuffles {@code size} bytes of {@code src} from {@code off} into {@code dst[0..size)}. */
    static void bitshuffle(byte[] src, int off, int size, int ts, byte[] dst) {
        int n = size / ts;
        if (n % 8 != 0) {
            System.arraycopy(src, off, dst, 0, size);
            return;
        }
        java.util.Arrays.fill(dst, 0, n * ts, (byte) 0);
        int row = n / 8;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < ts; j++) {
                int v = src[off + i * ts + j];
                for (int k = 0; k < 8; k++) {
                    if ((v >>> k & 1) != 0) {
                        dst[(8 * j + k) * row + (i >>> 3)] |= (byte) (1 << (i & 7));
                    }
                }
            }
        }
        System.arraycopy(src, off + n * ts, dst, n * ts, size - n * ts);
    }

    /** Undoes {@link #bitshuffle}: {@code src[0..size)} into {@code dst} from {@code off}. */
    static void bitunshuffle(byte[] src, int size, int ts, byte[] dst, int off) {
        int n = size / ts;
        if (n % 8 != 0) {
            System.arraycopy(src, 0, dst, off, size);
            return;
        }
        int row = n / 8;
        for (int i = 0; i < n; i++) {
            int bit = i & 7;
            int col = i >>> 3;
            for (int j = 0; j < ts; j++) {
                int v = 0;
                for (int k = 0; k < 8; k++) {
                    v |= (src[(8 * j + k) * row + col] >>> bit & 1) << k;
                }
                dst[off + i * ts + j] = (byte) v;
            }
        }
        System.arraycopy(src, n * ts, dst, off + n * ts, size - n * ts);
    }
}
