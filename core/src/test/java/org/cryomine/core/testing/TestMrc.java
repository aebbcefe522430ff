package org.cryomine.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.cryomine.core.Volume;

/**
 * A minimal, test-only reader of little-endian mode-2 (float32) MRC files from the test class path: nx, ny,
 * nz at bytes 0..11, mode at 12, nsymbt at 92, data at 1024 + nsymbt (x fastest). Core does not depend on
 * the io module; this reader exists only to load the scipy reference fixtures.
 */
public final class TestMrc {

    private TestMrc() {
    }

    /** Reads the resource at {@code path} (e.g. {@code "/scipy/input.mrc"}). */
    public static Volume read(String path) {
        try (InputStream in = TestMrc.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            ByteBuffer b = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
            int nx = b.getInt(0);
            int ny = b.getInt(4);
            int nz = b.getInt(8);
            int mode = b.getInt(12);
            int nsymbt = b.getInt(92);
            if (mode != 2) {
                throw new IllegalArgumentException(path + " has mode " + mode + ", this test reader reads mode 2 only");
            }
            float[] data = new float[nx * ny * nz];
            b.position(1024 + nsymbt);
            b.asFloatBuffer().get(data);
            return Volume.wrap(data, nx, ny, nz);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
