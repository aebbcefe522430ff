package org.cryomine.io.zarr;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Writes one scale level (a z, y, x array) from z-slices as they come: a chunk's depth of slices is held
 * in memory, then written as one row of chunks and, binned 2x2x2, passed to the next level's writer.
 * Not thread-safe.
 */
final class LevelWriter {

    private final ZarrArray array;
    private final int nx;
    private final int ny;
    private final int depth;
    private final float[] buffer;
    private final LevelWriter next;
    private int buffered;
    private int chunkRow;

    LevelWriter(Path dir, int nx, int ny, int nz, ZarrWriteOptions o, LevelWriter next) throws IOException {
        int c = o.chunkSize();
        int[] chunks = {Math.min(c, nz), Math.min(c, ny), Math.min(c, nx)};
        long bufferSize = (long) nx * ny * chunks[0];
        if (bufferSize > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(chunks[0] + " slices of " + nx + "x" + ny + " do not fit in memory at "
                    + "once; use a smaller chunk size");
        }
        this.array = new ZarrArray(dir, new int[] {nz, ny, nx}, chunks, o.dataType(), ByteOrder.LITTLE_ENDIAN,
                o.compressor(), 0, false, "/");
        this.nx = nx;
        this.ny = ny;
        this.depth = chunks[0];
        this.buffer = new float[(int) bufferSize];
        this.next = next;
        Files.createDirectories(dir);
        Files.write(dir.resolve(".zarray"), ZarrArray.JSON.writerWithDefaultPrettyPrinter()
                .writeValueAsBytes(array.toJson()));
    }

    /** Appends {@code slices} z-slices of nx x ny values from {@code data} (x fastest). */
    void add(float[] data, int slices) throws IOException {
        int plane = nx * ny;
        for (int s = 0; s < slices; s++) {
            System.arraycopy(data, s * plane, buffer, buffered * plane, plane);
            if (++buffered == depth) {
                flush();
            }
        }
    }

    /** Writes what is buffered and finishes the coarser levels. */
    void finish() throws IOException {
        if (buffered > 0) {
            flush();
        }
        if (next != null) {
            next.finish();
        }
    }

    private void flush() throws IOException {
        int cy = array.chunks[1];
        int cx = array.chunks[2];
        float[] chunk = new float[depth * cy * cx];
        for (int y0 = 0; y0 < ny; y0 += cy) {
            for (int x0 = 0; x0 < nx; x0 += cx) {
                Arrays.fill(chunk, 0);
                int w = Math.min(cx, nx - x0);
                for (int z = 0; z < buffered; z++) {
                    for (int y = 0; y < Math.min(cy, ny - y0); y++) {
                        System.arraycopy(buffer, (z * ny + y0 + y) * nx + x0, chunk, (z * cy + y) * cx, w);
                    }
                }
                try {
                    array.writeChunk(new int[] {chunkRow, y0 / cy, x0 / cx}, chunk);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("chunk (z " + chunkRow + ", y " + y0 / cy + ", x " + x0 / cx
                            + ") of " + array.dir.getFileName() + ": " + e.getMessage(), e);
                }
            }
        }
        if (next != null) {
            next.add(Binning.bin(buffer, nx, ny, buffered, !array.type.isInteger()), (buffered + 1) / 2);
        }
        chunkRow++;
        buffered = 0;
    }
}
