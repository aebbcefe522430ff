package org.cryomine.io.zarr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.StringJoiner;
import org.cryomine.io.VolumeFormatException;

/**
 * One Zarr v2 array ({@code .zarray}: shape, chunks, dtype, compressor, fill_value, order C or F, no
 * filters, dimension_separator "." or "/"), read by region through the chunks the region touches (a missing
 * chunk reads as the fill value; edge chunks are stored whole, as Zarr does) and written chunk by chunk.
 * Indices and shapes are in the array's own axis order (z, y, x for OME-Zarr volumes). Immutable.
 */
final class ZarrArray {

    static final ObjectMapper JSON = new ObjectMapper();

    final Path dir;
    final int[] shape;
    final int[] chunks;
    final ZarrDataType type;
    final ByteOrder order;
    final ZarrCompressor compressor;
    final float fill;
    final boolean fortran;
    final String separator;
    private final int[] chunkStride;

    ZarrArray(Path dir, int[] shape, int[] chunks, ZarrDataType type, ByteOrder order, ZarrCompressor compressor,
              float fill, boolean fortran, String separator) {
        this.dir = dir;
        this.shape = shape.clone();
        this.chunks = chunks.clone();
        this.type = type;
        this.order = order;
        this.compressor = compressor;
        this.fill = fill;
        this.fortran = fortran;
        this.separator = separator;
        int nd = shape.length;
        chunkStride = new int[nd];
        for (int k = 0; k < nd; k++) {
            int d = fortran ? k : nd - 1 - k;
            chunkStride[d] = k == 0 ? 1 : chunkStride[fortran ? d - 1 : d + 1] * chunks[fortran ? d - 1 : d + 1];
        }
    }

    /** Reads {@code dir/.zarray}; a {@link VolumeFormatException} says what is wrong with it. */
    static ZarrArray open(Path dir) {
        JsonNode a = readJson(dir.resolve(".zarray"));
        if (a.path("zarr_format").asInt(0) != 2) {
            throw new VolumeFormatException(dir, ".zarray has zarr_format " + a.path("zarr_format") + "; only Zarr v2 "
                    + "is supported");
        }
        String dtype = a.path("dtype").asText("");
        ZarrDataType type = ZarrDataType.parse(dtype);
        if (type == null) {
            throw new VolumeFormatException(dir, "dtype '" + dtype + "' is not supported (supported: i1, u1, i2, u2, "
                    + "i4, f4, f8 in either byte order)");
        }
        int[] shape = ints(dir, a, "shape");
        int[] chunks = ints(dir, a, "chunks");
        if (shape.length != chunks.length || shape.length == 0) {
            throw new VolumeFormatException(dir, "shape " + Arrays.toString(shape) + " and chunks "
                    + Arrays.toString(chunks) + " must be non-empty and of the same length");
        }
        String ord = a.path("order").asText("C");
        JsonNode filters = a.path("filters");
        if (!filters.isMissingNode() && !filters.isNull() && filters.size() > 0) {
            throw new VolumeFormatException(dir, "filters " + filters + " are not supported; re-save the array "
                    + "without filters");
        }
        String sep = a.path("dimension_separator").asText(".");
        if (!ord.equals("C") && !ord.equals("F") || !sep.equals(".") && !sep.equals("/")) {
            throw new VolumeFormatException(dir, "order '" + ord + "' or dimension_separator '" + sep + "' is not "
                    + "valid (order C or F; separator . or /)");
        }
        ZarrCompressor compressor;
        try {
            compressor = ZarrCompressor.fromJson(a.get("compressor"));
        } catch (IllegalArgumentException e) {
            throw new VolumeFormatException(dir, e.getMessage(), e);
        }
        return new ZarrArray(dir, shape, chunks, type, ZarrDataType.order(dtype), compressor,
                fillValue(a.path("fill_value")), ord.equals("F"), sep);
    }

    private static float fillValue(JsonNode f) {
        if (f.isNumber()) {
            return f.floatValue();
        }
        switch (f.asText("")) {
            case "NaN": return Float.NaN;
            case "Infinity": return Float.POSITIVE_INFINITY;
            case "-Infinity": return Float.NEGATIVE_INFINITY;
            default: return 0; // null: no fill value given; missing chunks read as 0
        }
    }

    private static int[] ints(Path dir, JsonNode a, String key) {
        JsonNode n = a.path(key);
        int[] out = new int[n.size()];
        for (int i = 0; i < out.length; i++) {
            long v = n.get(i).asLong(-1);
            if (v < 1 || v > Integer.MAX_VALUE) {
                throw new VolumeFormatException(dir, ".zarray " + key + " " + n + " must hold positive integers below 2^31");
            }
            out[i] = (int) v;
        }
        return out;
    }

    /** The JSON of {@code file}; a {@link VolumeFormatException} when it is missing or not JSON. */
    static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new VolumeFormatException(file, "no such file", e);
        } catch (IOException e) {
            throw new VolumeFormatException(file, "not valid JSON or unreadable: " + e.getMessage(), e);
        }
    }

    /** The {@code .zarray} content. */
    ObjectNode toJson() {
        ObjectNode a = JSON.createObjectNode();
        a.put("zarr_format", 2);
        ArrayNode s = a.putArray("shape");
        Arrays.stream(shape).forEach(s::add);
        ArrayNode c = a.putArray("chunks");
        Arrays.stream(chunks).forEach(c::add);
        a.put("dtype", type.code());
        a.set("compressor", compressor.toJson());
        a.put("fill_value", 0);
        a.put("order", fortran ? "F" : "C");
        a.putNull("filters");
        a.put("dimension_separator", separator);
        return a;
    }

    /**
     * The region at {@code lo} of {@code size} values (array axis order), last axis fastest.
     *
     * @throws VolumeFormatException when a chunk is unreadable or corrupt
     */
    float[] read(int[] lo, int[] size) {
        int nd = shape.length;
        float[] out = new float[Chunks.product(size)];
        int[] outStride = new int[nd];
        outStride[nd - 1] = 1;
        for (int d = nd - 2; d >= 0; d--) {
            outStride[d] = outStride[d + 1] * size[d + 1];
        }
        int[] c0 = new int[nd];
        int[] c1 = new int[nd];
        for (int d = 0; d < nd; d++) {
            c0[d] = lo[d] / chunks[d];
            c1[d] = (lo[d] + size[d] - 1) / chunks[d];
        }
        int[] idx = c0.clone();
        do {
            copy(chunk(idx), idx, lo, size, out, outStride);
        } while (next(idx, c0, c1));
        return out;
    }

    private void copy(float[] chunk, int[] idx, int[] lo, int[] size, float[] out, int[] outStride) {
        int nd = shape.length;
        int[] a0 = new int[nd];
        int[] a1 = new int[nd];
        for (int d = 0; d < nd; d++) {
            a0[d] = Math.max(lo[d], idx[d] * chunks[d]);
            a1[d] = Math.min(lo[d] + size[d], (idx[d] + 1) * chunks[d]) - 1;
        }
        int run = a1[nd - 1] - a0[nd - 1] + 1;
        int step = chunkStride[nd - 1];
        int[] p = a0.clone();
        int[] end = a1.clone();
        end[nd - 1] = a0[nd - 1];
        do {
            int o = 0;
            int c = 0;
            for (int d = 0; d < nd; d++) {
                o += (p[d] - lo[d]) * outStride[d];
                c += (p[d] - idx[d] * chunks[d]) * chunkStride[d];
            }
            for (int t = 0; t < run; t++, c += step) {
                out[o + t] = chunk[c];
            }
        } while (next(p, a0, end));
    }

    /** Advances {@code p} (an odometer, last index fastest) within [lo, hi]; false after the last. */
    static boolean next(int[] p, int[] lo, int[] hi) {
        for (int d = p.length - 1; d >= 0; d--) {
            if (p[d] < hi[d]) {
                p[d]++;
                return true;
            }
            p[d] = lo[d];
        }
        return false;
    }

    /** The relative path of chunk {@code idx}, e.g. "0.1.2" or "0/1/2". */
    String key(int[] idx) {
        StringJoiner j = new StringJoiner(separator);
        Arrays.stream(idx).forEach(i -> j.add(Integer.toString(i)));
        return j.toString();
    }

    /** The values of chunk {@code idx} (whole chunk, storage order), the fill value when it is missing. */
    float[] chunk(int[] idx) {
        int n = Chunks.product(chunks);
        Path file = dir.resolve(key(idx));
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            float[] f = new float[n];
            Arrays.fill(f, fill);
            return f;
        } catch (IOException e) {
            throw new VolumeFormatException(file, "cannot read chunk: " + e, e);
        }
        try {
            return type.toFloats(compressor.decode(bytes, n * type.size()), order, n);
        } catch (IllegalArgumentException e) {
            throw new VolumeFormatException(file, String.format(Locale.ROOT, "corrupt chunk (%s): %s", compressor,
                    e.getMessage()), e);
        }
    }

    /** Writes chunk {@code idx} from its values (whole chunk, C order); not written when all are 0 (the fill). */
    void writeChunk(int[] idx, float[] values) throws IOException {
        boolean empty = true;
        for (float v : values) {
            if (Float.floatToRawIntBits(v) != 0) {
                empty = false;
                break;
            }
        }
        if (empty) {
            return;
        }
        Path file = dir.resolve(key(idx));
        Files.createDirectories(file.getParent());
        Files.write(file, compressor.encode(type.fromFloats(values, values.length), type.size()));
    }
}
