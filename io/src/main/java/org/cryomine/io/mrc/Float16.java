package org.cryomine.io.mrc;

/**
 * IEEE 754 half-precision (binary16) conversion, which Java 17 lacks. {@link #fromFloat} rounds to the
 * nearest representable value with ties to even (as numpy's {@code astype(float16)}), gives ±infinity
 * above 65504 (after rounding), produces subnormals down to 2^-24, and keeps NaN a (quiet) NaN.
 */
public final class Float16 {

    /** Largest finite half-precision value. */
    public static final float MAX_VALUE = 65504f;

    private Float16() {
    }

    /** The float value of the half-precision bits {@code h} (exact: every half is a float). */
    public static float toFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0) {
            float v = mant * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
    }

    /** The half-precision bits nearest to {@code f} (round half to even). */
    public static short fromFloat(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int exp = (bits >>> 23) & 0xff;
        int mant = bits & 0x7fffff;
        if (exp == 0xff) {
            if (mant == 0) {
                return (short) (sign | 0x7c00);
            }
            return (short) (sign | 0x7e00 | (mant >>> 13));
        }
        if (exp == 0) {
            return (short) sign; // float zero or float subnormal: far below half's smallest subnormal
        }
        int e = exp - 127 + 15;
        if (e >= 0x1f) {
            return (short) (sign | 0x7c00);
        }
        if (e <= 0) {
            int shift = 14 - e;
            if (shift > 24) {
                return (short) sign;
            }
            int m = mant | 0x800000;
            int rounded = m >>> shift;
            int rem = m & ((1 << shift) - 1);
            int half = 1 << (shift - 1);
            if (rem > half || (rem == half && (rounded & 1) == 1)) {
                rounded++;
            }
            return (short) (sign | rounded);
        }
        int h = (e << 10) | (mant >>> 13);
        int rem = mant & 0x1fff;
        if (rem > 0x1000 || (rem == 0x1000 && (h & 1) == 1)) {
            h++; // may carry into the exponent, up to infinity (0x7c00): correct
        }
        return (short) (sign | h);
    }
}
