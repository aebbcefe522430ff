package org.cryomine.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cryomine.io.copick.CopickProject;
import org.cryomine.pipeline.Dataset;
import picocli.CommandLine.Option;

/** {@code --copick CONFIG.json --copick-voxel-spacing A --copick-tomo-type NAME [--copick-runs R1,R2]} (a mixin). */
final class CopickInputOptions {

    @Option(names = "--copick", paramLabel = "CONFIG.json",
            description = "Read the tomograms from a copick project (a configuration of config_type filesystem) "
                    + "instead of TOMO arguments: one tomogram per run, named after the run.")
    Path config;

    @Option(names = "--copick-voxel-spacing", paramLabel = "ANGSTROM",
            description = "With --copick: the voxel spacing of the tomograms (the VoxelSpacing10.000 folder: 10).")
    Double voxelSpacing;

    @Option(names = "--copick-tomo-type", paramLabel = "NAME",
            description = "With --copick: the tomogram type, e.g. denoised or wbp (NAME.zarr in the voxel spacing folder).")
    String tomoType;

    @Option(names = "--copick-runs", split = ",", paramLabel = "RUN",
            description = "With --copick: the runs to take, comma-separated (default: every run with such a tomogram).")
    List<String> runs = new ArrayList<>();

    private CopickProject project;

    /** Whether the input is a copick project. */
    boolean given() {
        return config != null;
    }

    /** The copick project of --copick (read once). */
    CopickProject project() {
        if (project == null) {
            project = CopickProject.open(config);
        }
        return project;
    }

    /** The dataset: the copick project's tomograms, or the TOMO arguments; exactly one of the two must be given. */
    Dataset dataset(List<String> tomograms) {
        boolean files = tomograms != null && !tomograms.isEmpty();
        if (config == null) {
            if (voxelSpacing != null || tomoType != null || !runs.isEmpty()) {
                throw new IllegalArgumentException("--copick-voxel-spacing, --copick-tomo-type and --copick-runs need "
                        + "--copick CONFIG.json");
            }
            if (!files) {
                throw new IllegalArgumentException("give the tomograms (TOMO: files, folders, globs or list files) or a "
                        + "copick project (--copick CONFIG.json --copick-voxel-spacing A --copick-tomo-type NAME)");
            }
            return Dataset.parse(tomograms);
        }
        if (files) {
            throw new IllegalArgumentException("give either TOMO arguments or --copick, not both");
        }
        if (voxelSpacing == null || tomoType == null) {
            throw new IllegalArgumentException("--copick needs --copick-voxel-spacing A and --copick-tomo-type NAME (e.g. "
                    + "10 and denoised: ExperimentRuns/RUN/VoxelSpacing10.000/denoised.zarr)");
        }
        return Dataset.ofCopick(project(), voxelSpacing, tomoType, runs);
    }
}
