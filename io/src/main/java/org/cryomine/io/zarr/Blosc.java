package org.cryomine.io.zarr;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.airlift.compress.MalformedInputException;
import io.airlift.compress.lz4.Lz4Compressor;
import io.airlift.compress.lz4.Lz4Decompressor;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * numcodecs' {@code blosc} codec: the Blosc1 frame as c-blosc 1.x writes it. A 16-byte little-endian header
 * (version, versionlz, flags, typesize, nbytes, blocksize, cbytes; flags bit 0 byte shuffle, bit 1 memcpyed,
 * bit 2 bit shuffle, bit 4 blocks not split, bits 5-7 the compressor: 0 blosclz, 1 lz4/lz4hc, 2 snappy,
 * 3 zlib, 4 zstd), then unless memcpyed one int32 start offset per block, and per block (split into typesize
 * streams unless bit 4 is set or it is the last, short block) streams of an int32 size and the compressed
 * bytes (raw when the size equals the stream's length). Reads lz4, lz4hc, zlib and zstd blocks (blosclz and
 * snappy are refused); writes lz4, zstd or zlib blocks of 128 KiB, not split, with the configured shuffle.
 */
final class Blosc implements ZarrCompressor {

    static final int NOSHUFFLE = 0;
    static final int SHUFFLE = 1;
    static final int BITSHUFFLE = 2;
    private static final int HEADER = 16;
    private static final int BLOCK = 128 << 10;
    private static final List<String> NAMES = List.of("blosclz", "lz4", "snappy", "zlib", "zstd");

    private final String cname;
    private final int clevel;
    private final int shuffle;
    private final int blocksize;

    Blosc(String cname, int clevel, int shuffle, int blocksize) {
        if (!List.of("lz4", "lz4hc", "zstd", "zlib", "blosclz", "snappy").contains(cname)) {
            throw new IllegalArgumentException("unknown Blosc compressor '" + cname + "'");
        }
        if (shuffle < -1 || shuffle > 2) {
            throw new IllegalArgumentException("Blosc shuffle must be -1 (auto), 0, 1 or 2, got " + shuffle);
        }
        this.cname = cname;
        this.clevel = clevel;
        this.shuffle = shuffle;
        this.blocksize = blocksize;
    }

    @Override
    public byte[] decode(byte[] in, int expected) {
        try {
            return decodeFrame(in, expected);
        } catch (IndexOutOfBoundsException | NegativeArraySizeException e) {
            throw new IllegalArgumentException("Blosc chunk of " + in.length + " bytes is truncated or its offsets are "
                    + "corrupt (" + e.getMessage() + ")", e);
        }
    }

    private byte[] decodeFrame(byte[] in, int expected) {
        if (in.length < HEADER) {
            throw new IllegalArgumentException("Blosc chunk of " + in.length + " bytes is shorter than its header");
        }
        ByteBuffer b = ByteBuffer.wrap(in).order(ByteOrder.LITTLE_ENDIAN);
        int flags = in[2] & 0xff;
        int typesize = in[3] & 0xff;
        int nbytes = b.getInt(4);
        int bsize = b.getInt(8);
        int cbytes = b.getInt(12);
        if (nbytes != expected || cbytes > in.length || typesize < 1) {
            throw new IllegalArgumentException("Blosc header says " + nbytes + " bytes from " + cbytes + " (typesize "
                    + typesize + "), expected " + expected + " from at most " + in.length + ": corrupt chunk");
        }
        byte[] out = new byte[nbytes];
        if ((flags & 0x2) != 0) {
            System.arraycopy(in, HEADER, out, 0, nbytes);
            return out;
        }
        int compressor = flags >>> 5;
        if (compressor != 1 && compressor != 3 && compressor != 4) {
            throw new IllegalArgumentException("Blosc blocks compressed with " + (compressor < NAMES.size()
                    ? NAMES.get(compressor) : "compressor #" + compressor) + " cannot be read (supported: lz4, lz4hc, "
                    + "zlib, zstd); re-encode the store with one of those");
        }
        if (bsize < 1) {
            throw new IllegalArgumentException("Blosc block size " + bsize + " is not positive: corrupt chunk");
        }
        int nblocks = (int) ((nbytes + (long) bsize - 1) / bsize);
        byte[] tmp = new byte[Math.min(bsize, nbytes)];
        for (int j = 0; j < nblocks; j++) {
            boolean last = j == nblocks - 1 && nbytes % bsize != 0;
            int size = last ? nbytes % bsize : bsize;
            int splits = (flags & 0x10) == 0 && !last ? typesize : 1;
            int stream = size / splits;
            int src = b.getInt(HEADER + 4 * j);
            for (int s = 0; s < splits; s++) {
                int cb = b.getInt(src);
                src += 4;
                if (cb == stream) {
                    System.arraycopy(in, src, tmp, s * stream, stream);
                } else {
                    decompress(compressor, in, src, cb, tmp, s * stream, stream);
                }
                src += cb;
            }
            if ((flags & 0x1) != 0 && typesize > 1) {
                Shuffle.unshuffle(tmp, size, typesize, out, j * bsize);
            } else if ((flags & 0x4) != 0) {
                Shuffle.bitunshuffle(tmp, size, typesize, out, j * bsize);
            } else {
                System.arraycopy(tmp, 0, out, j * bsize, size);
            }
        }
        return out;
    }

    private static void decompress(int compressor, byte[] in, int off, int len, byte[] out, int outOff, int n) {
        int got;
        try {
            if (compressor == 1) {
                got = new Lz4Decompressor().decompress(in, off, len, out, outOff, n);
            } else if (compressor == 4) {
                byte[] d = Zlib.Zstd.decodeFrame(in, off, len, n, "Blosc-zstd");
                System.arraycopy(d, 0, out, outOff, n);
                got = n;
            } else {
                Inflater inflater = new Inflater();
                inflater.setInput(in, off, len);
                got = inflater.inflate(out, outOff, n);
                inflater.end();
            }
        } catch (MalformedInputException | DataFormatException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("corrupt Blosc block: " + e.getMessage(), e);
        }
        if (got != n) {
            throw new IllegalArgumentException("Blosc block decodes to " + got + " bytes, expected " + n);
        }
    }

    @Override
    public byte[] encode(byte[] raw, int itemSize) {
        int nbytes = raw.length;
        int bsize = Math.max(itemSize, Math.min(BLOCK, nbytes) / itemSize * itemSize);
        int nblocks = (nbytes + bsize - 1) / bsize;
        int code = cname.startsWith("lz4") ? 1 : cname.equals("zlib") ? 3 : 4;
        int shuffleFlag = shuffle == BITSHUFFLE ? 0x4 : shuffle == NOSHUFFLE ? 0 : 0x1;
        ByteArrayOutputStream body = new ByteArrayOutputStream(nbytes / 2 + 64);
        int[] starts = new int[nblocks];
        byte[] shuffled = new byte[Math.min(bsize, nbytes)];
        int headerBytes = HEADER + 4 * nblocks;
        for (int j = 0; j < nblocks; j++) {
            int size = Math.min(bsize, nbytes - j * bsize);
            if (shuffleFlag == 0x1) {
                Shuffle.shuffle(raw, j * bsize, size, itemSize, shuffled);
            } else if (shuffleFlag == 0x4) {
                Shuffle.bitshuffle(raw, j * bsize, size, itemSize, shuffled);
            } else {
                System.arraycopy(raw, j * bsize, shuffled, 0, size);
            }
            byte[] c = compress(code, shuffled, size);
            starts[j] = headerBytes + body.size();
            boolean stored = c.length >= size;
            body.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(stored ? size : c.length).array());
            body.write(stored ? shuffled : c, 0, stored ? size : c.length);
        }
        boolean memcpyed = headerBytes + body.size() >= nbytes + HEADER;
        int total = memcpyed ? nbytes + HEADER : headerBytes + body.size();
        ByteBuffer out = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        out.put((byte) 2).put((byte) 1).put((byte) (memcpyed ? 0x2 | 0x10 | code << 5 : shuffleFlag | 0x10 | code << 5))
                .put((byte) itemSize).putInt(nbytes).putInt(bsize).putInt(total);
        if (memcpyed) {
            return out.put(raw).array();
        }
        for (int s : starts) {
            out.putInt(s);
        }
        return out.put(body.toByteArray()).array();
    }

    private byte[] compress(int code, byte[] data, int n) {
        if (code == 4) {
            return Zlib.Zstd.compress(data, 0, n);
        }
        if (code == 3) {
            Deflater d = new Deflater(Math.max(0, Math.min(9, clevel)));
            d.setInput(data, 0, n);
            d.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(n / 2 + 64);
            byte[] buf = new byte[1 << 16];
            while (!d.finished()) {
                out.write(buf, 0, d.deflate(buf));
            }
            d.end();
            return out.toByteArray();
        }
        Lz4Compressor c = new Lz4Compressor();
        byte[] out = new byte[c.maxCompressedLength(n)];
        int len = c.compress(data, 0, n, out, 0, out.length);
        return java.util.Arrays.copyOf(out, len);
    }

    @Override
    public ObjectNode toJson() {
        return ZarrCompressor.json("blosc").put("cname", cname).put("clevel", clevel).put("shuffle", shuffle)
                .put("blocksize", blocksize);
    }

    @Override
    public String toString() {
        return "blosc(" + cname + ", clevel " + clevel + ", shuffle " + shuffle + ")";
    }
}
