package org.cryomine.io.zarr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.cryomine.core.Volume;
import org.cryomine.io.Volumes;

/**
 * What the stores of {@code fixtures/zarr/make_zarr_fixtures.py} hold (python3-zarr 2.13.6, numcodecs 0.11.0):
 * value(x, y, z) = ((7 x + 13 y + 29 z) % 101) - 50, times a factor plus an offset per store, computed in
 * double and stored in the store's dtype; a 20 x 18 x 13 volume in 8³ chunks unless named "big_" (43 x 41 x 37,
 * one chunk).
 */
final class ZarrExpectations {

    /** name: {factor, offset} for the 20 x 18 x 13 stores of the script's STORES table. */
    static final Map<String, double[]> STORES = Map.of(
            "blosc_lz4_shuffle", new double[] {0.25, 0},
            "blosc_lz4hc_noshuffle", new double[] {3, 200},
            "blosc_zstd_shuffle", new double[] {100, 0},
            "blosc_zlib_bitshuffle", new double[] {0.5, 0},
            "blosc_lz4_bitshuffle", new double[] {1000, 0},
            "zstd", new double[] {1, 50},
            "gzip_bigendian", new double[] {0.125, 0},
            "zlib", new double[] {1.5, 0},
            "none_slash", new double[] {1, 0});

    private ZarrExpectations() {
    }

    static double value(int x, int y, int z) {
        return Math.floorMod(7 * x + 13 * y + 29 * z, 101) - 50;
    }

    /** The script's hash noise in [0, 1), rounded to float32 as numpy's astype does. */
    static float noise(int x, int y, int z) {
        long h = ((x * 7919L + y * 104729L + z * 1299709L) * 2654435761L) % (1L << 32);
        return (float) (h / 4294967296.0);
    }

    /** Asserts every voxel of {@code v} is value * factor + offset (rounded to float32), naming the first that is not. */
    static void assertValues(Volume v, double factor, double offset, int step) {
        for (int z = 0; z < v.nz(); z++) {
            for (int y = 0; y < v.ny(); y++) {
                for (int x = 0; x < v.nx(); x++) {
                    float expected = (float) (value(x * step, y * step, z * step) * factor + offset);
                    if (v.get(x, y, z) != expected) {
                        assertThat(v.get(x, y, z)).as("voxel (%d, %d, %d)", x, y, z).isEqualTo(expected);
                    }
                }
            }
        }
    }

    /** Checks every store the script writes in {@code dir}. */
    static void assertAllStores(Path dir) {
        for (Map.Entry<String, double[]> e : STORES.entrySet()) {
            Volume v = Volumes.read(dir.resolve(e.getKey() + ".zarr"));
            assertThat(v.shape()).as(e.getKey()).containsExactly(20, 18, 13);
            assertValues(v, e.getValue()[0], e.getValue()[1], 1);
        }
        Volume big = Volumes.read(dir.resolve("big_blosc_zstd_shuffle.zarr"));
        assertThat(big.shape()).containsExactly(43, 41, 37);
        assertValues(big, 0.25, 0, 1);
        Volume noise = Volumes.read(dir.resolve("big_noise_blosc_lz4_bitshuffle.zarr"));
        for (int z = 0; z < noise.nz(); z++) {
            for (int y = 0; y < noise.ny(); y++) {
                for (int x = 0; x < noise.nx(); x++) {
                    if (noise.get(x, y, z) != noise(x, y, z)) {
                        assertThat(noise.get(x, y, z)).as("noise voxel (%d, %d, %d)", x, y, z).isEqualTo(noise(x, y, z));
                    }
                }
            }
        }
        Volume missing = Volumes.read(dir.resolve("missing_chunks.zarr"));
        for (int z = 0; z < 13; z++) {
            for (int y = 0; y < 18; y++) {
                for (int x = 0; x < 20; x++) {
                    boolean absent = z >= 8 && y >= 16 && x < 8;
                    assertThat(missing.get(x, y, z)).as("voxel (%d, %d, %d)", x, y, z)
                            .isEqualTo(absent ? -7f : (float) value(x, y, z));
                }
            }
        }
        Volume level1 = Volumes.read(dir.resolve("multiscale.zarr"), org.cryomine.io.ReadOptions.STRICT.withVoxelSize(20));
        assertThat(level1.shape()).containsExactly(10, 9, 7);
        assertValues(level1, 0.25, 1, 2);
    }
}
