package org.cryomine.io.mrc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The 1024-byte MRC2014 main header, field by field as stored (columns, rows, sections: no axis
 * re-ordering here). Parsed with {@link #parse} in a given byte order and encoded with {@link #encode}.
 * Mutable; used inside this package by the reader, writer and validator.
 */
final class MrcHeader {

    static final int SIZE = 1024;
    /** IMOD's stamp at byte 152; imodFlags bit 0 then says whether mode-0 bytes are signed. */
    static final int IMOD_STAMP = 1146047817;
    static final Set<Integer> KNOWN_MODES = Set.of(0, 1, 2, 3, 4, 6, 12, 101);
    static final Set<Integer> READABLE_MODES = Set.of(0, 1, 2, 6, 12, 101);

    int nx;
    int ny;
    int nz;
    int mode;
    int nxstart;
    int nystart;
    int nzstart;
    int mx;
    int my;
    int mz;
    final float[] cella = new float[3];
    final float[] cellb = new float[3];
    int mapc;
    int mapr;
    int maps;
    float dmin;
    float dmax;
    float dmean;
    int ispg;
    int nsymbt;
    byte[] exttyp = new byte[4];
    int nversion;
    int imodStamp;
    int imodFlags;
    final float[] origin = new float[3];
    byte[] map = new byte[4];
    byte[] machst = new byte[4];
    float rms;
    int nlabl;
    final String[] labels = new String[10];
    ByteOrder order = ByteOrder.LITTLE_ENDIAN;

    /** Parses {@code bytes} (at least 1024) in the given byte order; never throws for odd values. */
    static MrcHeader parse(byte[] bytes, ByteOrder order) {
        ByteBuffer b = ByteBuffer.wrap(bytes, 0, SIZE).order(order);
        MrcHeader h = new MrcHeader();
        h.order = order;
        h.nx = b.getInt(0);
        h.ny = b.getInt(4);
        h.nz = b.getInt(8);
        h.mode = b.getInt(12);
        h.nxstart = b.getInt(16);
        h.nystart = b.getInt(20);
        h.nzstart = b.getInt(24);
        h.mx = b.getInt(28);
        h.my = b.getInt(32);
        h.mz = b.getInt(36);
        for (int i = 0; i < 3; i++) {
            h.cella[i] = b.getFloat(40 + 4 * i);
            h.cellb[i] = b.getFloat(52 + 4 * i);
            h.origin[i] = b.getFloat(196 + 4 * i);
        }
        h.mapc = b.getInt(64);
        h.mapr = b.getInt(68);
        h.maps = b.getInt(72);
        h.dmin = b.getFloat(76);
        h.dmax = b.getFloat(80);
        h.dmean = b.getFloat(84);
        h.ispg = b.getInt(88);
        h.nsymbt = b.getInt(92);
        System.arraycopy(bytes, 104, h.exttyp, 0, 4);
        h.nversion = b.getInt(108);
        h.imodStamp = b.getInt(152);
        h.imodFlags = b.getInt(156);
        System.arraycopy(bytes, 208, h.map, 0, 4);
        System.arraycopy(bytes, 212, h.machst, 0, 4);
        h.rms = b.getFloat(216);
        h.nlabl = b.getInt(220);
        for (int i = 0; i < 10; i++) {
            h.labels[i] = new String(bytes, 224 + 80 * i, 80, StandardCharsets.ISO_8859_1);
        }
        return h;
    }

    /** The header as 1024 bytes in {@link #order}. */
    byte[] encode() {
        byte[] bytes = new byte[SIZE];
        ByteBuffer b = ByteBuffer.wrap(bytes).order(order);
        b.putInt(0, nx).putInt(4, ny).putInt(8, nz).putInt(12, mode);
        b.putInt(16, nxstart).putInt(20, nystart).putInt(24, nzstart);
        b.putInt(28, mx).putInt(32, my).putInt(36, mz);
        for (int i = 0; i < 3; i++) {
            b.putFloat(40 + 4 * i, cella[i]).putFloat(52 + 4 * i, cellb[i]).putFloat(196 + 4 * i, origin[i]);
        }
        b.putInt(64, mapc).putInt(68, mapr).putInt(72, maps);
        b.putFloat(76, dmin).putFloat(80, dmax).putFloat(84, dmean);
        b.putInt(88, ispg).putInt(92, nsymbt);
        System.arraycopy(exttyp, 0, bytes, 104, 4);
        b.putInt(108, nversion).putInt(152, imodStamp).putInt(156, imodFlags);
        System.arraycopy(map, 0, bytes, 208, 4);
        System.arraycopy(machst, 0, bytes, 212, 4);
        b.putFloat(216, rms).putInt(220, nlabl);
        for (int i = 0; i < 10; i++) {
            if (labels[i] != null) {
                byte[] text = labels[i].getBytes(StandardCharsets.ISO_8859_1);
                System.arraycopy(text, 0, bytes, 224 + 80 * i, Math.min(80, text.length));
            }
        }
        return bytes;
    }

    /** Byte order named by the machine stamp, or null when the stamp is not one MRC2014 allows. */
    static ByteOrder orderFromStamp(byte[] bytes) {
        int a = bytes[212] & 0xff;
        int b = bytes[213] & 0xff;
        if (a == 0x44 && (b == 0x44 || b == 0x41)) {
            return ByteOrder.LITTLE_ENDIAN;
        }
        if (a == 0x11 && b == 0x11) {
            return ByteOrder.BIG_ENDIAN;
        }
        return null;
    }

    /** The stamp as "0x44 0x44 0x00 0x00". */
    String stampText() {
        return String.format("0x%02x 0x%02x 0x%02x 0x%02x", machst[0], machst[1], machst[2], machst[3]);
    }

    /** Whether this header makes sense in its byte order: a known mode and plausible sizes. */
    boolean plausible() {
        return KNOWN_MODES.contains(mode) && nx > 0 && ny > 0 && nz > 0 && nx < (1 << 24) && ny < (1 << 24)
                && nz < (1 << 24) && nsymbt >= 0 && axisMappingValid();
    }

    boolean axisMappingValid() {
        int seen = 0;
        for (int m : new int[] {mapc, mapr, maps}) {
            if (m >= 1 && m <= 3) {
                seen |= 1 << m;
            }
        }
        return seen == 0b1110;
    }

    boolean hasMapId() {
        return map[0] == 'M' && map[1] == 'A' && map[2] == 'P';
    }

    /** Whether mode-0 bytes are signed: yes (MRC2014) unless IMOD's stamp is present without its signed flag. */
    boolean signedBytes() {
        return imodStamp != IMOD_STAMP || (imodFlags & 1) == 1;
    }

    String exttypText() {
        return new String(exttyp, StandardCharsets.ISO_8859_1).replace("\0", "").trim();
    }

    /** Labels that contain text (trailing blanks and NULs removed), in order. */
    List<String> labelTexts() {
        List<String> out = new ArrayList<>();
        for (String label : labels) {
            String t = stripTrailing(label);
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    static String stripTrailing(String s) {
        return s.replace('\0', ' ').stripTrailing();
    }

    /** Bytes per row of the data block (mode 101 packs two values per byte, rows start on a byte). */
    long rowBytes() {
        return mode == 101 ? (nx + 1L) / 2 : (long) nx * bytesPerValue(mode);
    }

    /**
     * Bytes of the data block, multiplied exactly; -1 when nx, ny or nz is not positive or the size does not
     * fit in a long (a corrupt header: 2^21 x 2^21 x 2^22 float32 wraps around to a small number otherwise).
     */
    long dataBytes() {
        if (nx <= 0 || ny <= 0 || nz <= 0) {
            return -1;
        }
        try {
            return Math.multiplyExact(Math.multiplyExact(rowBytes(), (long) ny), (long) nz);
        } catch (ArithmeticException e) {
            return -1;
        }
    }

    /**
     * Bytes the whole file needs (header, extended header, data block), exactly; -1 when a size is not
     * positive, nsymbt is negative or the total does not fit in a long.
     */
    long fileBytes() {
        long data = dataBytes();
        if (data < 0 || nsymbt < 0) {
            return -1;
        }
        try {
            return Math.addExact(SIZE + (long) nsymbt, data);
        } catch (ArithmeticException e) {
            return -1;
        }
    }

    /** nx * ny * nz exactly; -1 when a size is not positive or the product does not fit in a long. */
    long voxelCount() {
        if (nx <= 0 || ny <= 0 || nz <= 0) {
            return -1;
        }
        try {
            return Math.multiplyExact(Math.multiplyExact((long) nx, (long) ny), (long) nz);
        } catch (ArithmeticException e) {
            return -1;
        }
    }

    static int bytesPerValue(int mode) {
        switch (mode) {
            case 0: return 1;
            case 1: case 6: case 12: return 2;
            case 2: case 3: return 4;
            case 4: return 8;
            default: return 1;
        }
    }
}
