package org.cryomine.io.zarr;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;
import org.cryomine.io.DataType;

/**
 * The Zarr v2 numeric dtypes cryomine reads ({@code i1 u1 i2 u2 i4 f4 f8}, either byte order) and writes
 * ({@code |i1 |u1 <i2 <u2 <f4}). Values are converted to and from float32.
 */
public enum ZarrDataType {
    INT8('i', 1, DataType.INT8, -128, 127),
    UINT8('u', 1, DataType.UINT8, 0, 255),
    INT16('i', 2, DataType.INT16, -32768, 32767),
    UINT16('u', 2, DataType.UINT16, 0, 65535),
    INT32('i', 4, DataType.INT32, Integer.MIN_VALUE, Integer.MAX_VALUE),
    FLOAT32('f', 4, DataType.FLOAT32, Double.NaN, Double.NaN),
    FLOAT64('f', 8, DataType.FLOAT64, Double.NaN, Double.NaN);

    private final char kind;
    private final int size;
    private final DataType dataType;
    private final double min;
    private final double max;

    ZarrDataType(char kind, int size, DataType dataType, double min, double max) {
        this.kind = kind;
        this.size = size;
        this.dataType = dataType;
        this.min = min;
        this.max = max;
    }

    /** Bytes per value. */
    public int size() {
        return size;
    }

    /** The format-neutral type. */
    public DataType dataType() {
        return dataType;
    }

    /** Whether values are integers (stored rounded, range-checked). */
    public boolean isInteger() {
        return kind != 'f';
    }

    /** The dtype of a type string such as {@code "<f4"} or {@code "|u1"}; null when not one of ours. */
    static ZarrDataType parse(String dtype) {
        if (dtype == null || dtype.length() != 3 || "<>|".indexOf(dtype.charAt(0)) < 0) {
            return null;
        }
        for (ZarrDataType t : values()) {
            if (t.kind == dtype.charAt(1) && dtype.charAt(2) == (char) ('0' + t.size)) {
                return t;
            }
        }
        return null;
    }

    /** The byte order a type string says ({@code '>'} big-endian; {@code '<'} and {@code '|'} little). */
    static ByteOrder order(String dtype) {
        return dtype.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }

    /** The type string this writes: little-endian, {@code '|'} for one byte. */
    String code() {
        return (size == 1 ? "|" : "<") + kind + size;
    }

    /** Decodes {@code n} values from {@code raw} into float32. */
    float[] toFloats(byte[] raw, ByteOrder order, int n) {
        ByteBuffer b = ByteBuffer.wrap(raw).order(order);
        float[] out = new float[n];
        switch (this) {
            case INT8: for (int i = 0; i < n; i++) out[i] = raw[i]; break;
            case UINT8: for (int i = 0; i < n; i++) out[i] = raw[i] & 0xff; break;
            case INT16: for (int i = 0; i < n; i++) out[i] = b.getShort(2 * i); break;
            case UINT16: for (int i = 0; i < n; i++) out[i] = b.getShort(2 * i) & 0xffff; break;
            case INT32: for (int i = 0; i < n; i++) out[i] = b.getInt(4 * i); break;
            case FLOAT32: b.asFloatBuffer().get(out); break;
            default: for (int i = 0; i < n; i++) out[i] = (float) b.getDouble(8 * i);
        }
        return out;
    }

    /**
     * Encodes values little-endian; integer types round to the nearest integer.
     *
     * @throws IllegalArgumentException naming the first value that does not fit
     */
    byte[] fromFloats(float[] values, int n) {
        ByteBuffer b = ByteBuffer.allocate(n * size).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            float v = values[i];
            if (!isInteger()) {
                if (size == 4) {
                    b.putFloat(v);
                } else {
                    b.putDouble(v);
                }
                continue;
            }
            double r = Math.rint(v);
            if (!(r >= min && r <= max)) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "value %s does not fit %s (integers "
                        + "%d..%d); write float32 or rescale first", v, code(), (long) min, (long) max));
            }
            switch (size) {
                case 1: b.put((byte) (int) r); break;
                case 2: b.putShort((short) (int) r); break;
                default: b.putInt((int) r);
            }
        }
        return b.array();
    }
}
