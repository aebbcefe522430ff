package org.cryomine.io.copick;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cryomine.core.Volume;
import org.cryomine.core.VoxelSize;
import org.cryomine.io.zarr.OmeZarr;
import org.cryomine.io.zarr.ZarrWriteOptions;

/**
 * A tiny copick project in a folder, laid out as copick/copick {@code src/copick/impl/filesystem.py} lays one out:
 * static root with runs TS_1 (denoised and wbp at 10 Å, a feature map) and TS_2 (denoised at 10 Å), overlay root with
 * run TS_3 (denoised at 10 Å) and a hidden folder. Objects: ribosome (label 1), membrane (label 2, not a particle),
 * apoferritin (label 5).
 */
final class CopickFixture {

    static final String CONFIG = """
            {
                "config_type": "filesystem",
                "name": "fixture",
                "description": "a tiny copick project for cryomine's tests",
                "version": "0.5.0",
                "pickable_objects": [
                    {"name": "ribosome", "is_particle": true, "label": 1, "color": [0, 117, 220, 255], "radius": 150,
                     "pdb_id": "4V9D"},
                    {"name": "membrane", "is_particle": false, "label": 2, "color": [200, 200, 200, 128]},
                    {"name": "apoferritin", "is_particle": true, "label": 5, "radius": 60}
                ],
                "overlay_root": "local://%s",
                "static_root": "local://%s",
                "overlay_fs_args": {"auto_mkdir": true}
            }
            """;

    private CopickFixture() {
    }

    /** Writes the project under {@code dir}; returns the configuration file. */
    static Path create(Path dir) throws IOException {
        Path overlay = dir.resolve("overlay");
        Path stat = dir.resolve("static");
        tomogram(stat, "TS_1", "denoised", 1);
        tomogram(stat, "TS_1", "wbp", 2);
        tomogram(stat, "TS_1", "denoised_cellcanvas01_features", 3);
        tomogram(stat, "TS_2", "denoised", 4);
        tomogram(overlay, "TS_3", "denoised", 5);
        Files.createDirectories(overlay.resolve("ExperimentRuns/.hidden"));
        Path config = dir.resolve("copick.json");
        Files.writeString(config, CONFIG.formatted(overlay, stat));
        return config;
    }

    /** A 12 x 10 x 8 tomogram of noise at 10 Å. */
    static Path tomogram(Path root, String run, String type, long seed) {
        Path store = root.resolve("ExperimentRuns").resolve(run).resolve("VoxelSpacing10.000").resolve(type + ".zarr");
        Volume v = Volume.gaussianNoise(12, 10, 8, seed).withVoxelSize(VoxelSize.isotropic(10));
        OmeZarr.write(v, store, ZarrWriteOptions.defaults().withChunkSize(8));
        return store;
    }
}
