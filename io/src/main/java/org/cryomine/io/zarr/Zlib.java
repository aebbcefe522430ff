package org.cryomine.io.zarr;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.airlift.compress.MalformedInputException;
import io.airlift.compress.zstd.ZstdCompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.InflaterInputStream;

/** numcodecs' {@code zlib} and {@code gzip} codecs through {@link java.util.zip}. */
final class Zlib implements ZarrCompressor {

    private final int level;
    private final boolean gzip;

    Zlib(int level, boolean gzip) {
        if (level < 0 || level > 9) {
            throw new IllegalArgumentException("zlib/gzip level must be 0-9, got " + level);
        }
        this.level = level;
        this.gzip = gzip;
    }

    @Override
    public byte[] decode(byte[] compressed, int expected) {
        try (InputStream in = gzip ? new GZIPInputStream(new ByteArrayInputStream(compressed))
                : new InflaterInputStream(new ByteArrayInputStream(compressed))) {
            return Chunks.exactly(in.readNBytes(expected + 1), expected, toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt " + this + " chunk: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] encode(byte[] raw, int itemSize) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length / 2 + 64);
        try (var out = gzip ? new GZIPOutputStream(bytes) { { def.setLevel(level); } }
                : new DeflaterOutputStream(bytes, new Deflater(level))) {
            out.write(raw);
        } catch (IOException e) {
            throw new IllegalStateException(e); // in memory: cannot happen
        }
        return bytes.toByteArray();
    }

    @Override
    public ObjectNode toJson() {
        return ZarrCompressor.json(gzip ? "gzip" : "zlib").put("level", level);
    }

    @Override
    public String toString() {
        return (gzip ? "gzip" : "zlib") + "(level " + level + ")";
    }

    /** numcodecs' {@code zstd}: one Zstandard frame per chunk (aircompressor, pure Java). */
    static final class Zstd implements ZarrCompressor {

        @Override
        public byte[] decode(byte[] compressed, int expected) {
            return decodeFrame(compressed, 0, compressed.length, expected, "zstd");
        }

        static byte[] decodeFrame(byte[] in, int off, int len, int expected, String what) {
            byte[] out = new byte[expected];
            try {
                int n = new ZstdDecompressor().decompress(in, off, len, out, 0, expected);
                return Chunks.exactly(n == expected ? out : Arrays.copyOf(out, n), expected, what);
            } catch (MalformedInputException | IndexOutOfBoundsException e) {
                throw new IllegalArgumentException("corrupt " + what + " data: " + e.getMessage(), e);
            }
        }

        @Override
        public byte[] encode(byte[] raw, int itemSize) {
            return compress(raw, 0, raw.length);
        }

        static byte[] compress(byte[] raw, int off, int len) {
            ZstdCompressor c = new ZstdCompressor();
            byte[] out = new byte[c.maxCompressedLength(len)];
            int n = c.compress(raw, off, len, out, 0, out.length);
            return Arrays.copyOf(out, n);
        }

        @Override
        public ObjectNode toJson() {
            return ZarrCompressor.json("zstd").put("level", 3);
        }

        @Override
        public String toString() {
            return "zstd";
        }
    }
}
