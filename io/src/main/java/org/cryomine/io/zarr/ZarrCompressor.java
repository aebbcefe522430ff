package org.cryomine.io.zarr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * A Zarr v2 chunk compressor (the {@code compressor} of {@code .zarray}, numcodecs' ids): Blosc (lz4, lz4hc,
 * zstd, zlib inside), zstd, zlib, gzip, or none. Immutable and thread-safe.
 */
public interface ZarrCompressor {

    /**
     * The decompressed bytes of one chunk.
     *
     * @param expected the chunk's size in bytes
     * @throws IllegalArgumentException when the bytes are corrupt or decode to another size
     */
    byte[] decode(byte[] compressed, int expected);

    /** The compressed bytes of one chunk whose values are {@code itemSize} bytes wide. */
    byte[] encode(byte[] raw, int itemSize);

    /** The {@code compressor} entry of {@code .zarray} (null for none). */
    ObjectNode toJson();

    /** No compression ({@code "compressor": null}). */
    ZarrCompressor NONE = new ZarrCompressor() {
        @Override
        public byte[] decode(byte[] compressed, int expected) {
            return compressed;
        }

        @Override
        public byte[] encode(byte[] raw, int itemSize) {
            return raw;
        }

        @Override
        public ObjectNode toJson() {
            return null;
        }

        @Override
        public String toString() {
            return "none";
        }
    };

    /**
     * Blosc with LZ4 and byte shuffle, as the CryoET Data Portal writes its tomograms (clevel 5; blocks of
     * 128 KiB, not split; see {@link Blosc}).
     */
    static ZarrCompressor bloscLz4() {
        return new Blosc("lz4", 5, Blosc.SHUFFLE, 0);
    }

    /**
     * Blosc with another compressor inside ("lz4", "lz4hc" (written as LZ4 blocks), "zstd", "zlib") and shuffle
     * 0 (none), 1 (byte) or 2 (bit).
     */
    static ZarrCompressor blosc(String cname, int clevel, int shuffle) {
        if (!java.util.List.of("lz4", "lz4hc", "zstd", "zlib").contains(cname) || shuffle < 0) {
            throw new IllegalArgumentException("Blosc compressor must be lz4, lz4hc, zstd or zlib with shuffle 0, 1 "
                    + "or 2, got " + cname + ", " + shuffle);
        }
        return new Blosc(cname, clevel, shuffle, 0);
    }

    /** Zstandard (numcodecs {@code zstd}; aircompressor's single level, recorded as 3). */
    static ZarrCompressor zstd() {
        return new Zlib.Zstd();
    }

    /** zlib ({@code gzip} false) or gzip streams at a level 0-9. */
    static ZarrCompressor zlib(int level, boolean gzip) {
        return new Zlib(level, gzip);
    }

    /**
     * The compressor a {@code .zarray} names.
     *
     * @throws IllegalArgumentException for an unknown id or settings, saying which are supported
     */
    static ZarrCompressor fromJson(JsonNode node) {
        if (node == null || node.isNull()) {
            return NONE;
        }
        String id = node.path("id").asText("").toLowerCase(Locale.ROOT);
        switch (id) {
            case "blosc":
                return new Blosc(node.path("cname").asText("lz4"), node.path("clevel").asInt(5),
                        node.path("shuffle").asInt(Blosc.SHUFFLE), node.path("blocksize").asInt(0));
            case "zstd":
                return new Zlib.Zstd();
            case "zlib":
            case "gzip":
                return new Zlib(node.path("level").asInt(1), id.equals("gzip"));
            default:
                throw new IllegalArgumentException("compressor '" + id + "' is not supported (supported: blosc with "
                        + "lz4, lz4hc, zstd or zlib inside; zstd; zlib; gzip; none)");
        }
    }

    /** A fresh JSON object with {@code "id": id}. */
    static ObjectNode json(String id) {
        return JsonNodeFactory.instance.objectNode().put("id", id);
    }
}
