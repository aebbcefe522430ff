package org.cryomine.io;

/** How voxel values are stored in a file; every type is read into float32. */
public enum DataType {
    /** Signed 8-bit integers (MRC mode 0, MRC2014's default). */
    INT8(8),
    /** Unsigned 8-bit integers (MRC mode 0 with IMOD's unsigned flag; TIFF 8-bit). */
    UINT8(8),
    /** Signed 16-bit integers (MRC mode 1). */
    INT16(16),
    /** Unsigned 16-bit integers (MRC mode 6; TIFF 16-bit). */
    UINT16(16),
    /** IEEE 754 single precision (MRC mode 2). */
    FLOAT32(32),
    /** IEEE 754 half precision (MRC mode 12). */
    FLOAT16(16),
    /** Unsigned 4-bit integers, two per byte (MRC mode 101, read-only). */
    UINT4(4),
    /** Signed 32-bit integers (Zarr {@code <i4}; read into float32, exact up to 2^24). */
    INT32(32),
    /** IEEE 754 double precision (Zarr {@code <f8}; read into float32, rounded). */
    FLOAT64(64);

    private final int bits;

    DataType(int bits) {
        this.bits = bits;
    }

    /** Bits per stored value. */
    public int bits() {
        return bits;
    }
}
