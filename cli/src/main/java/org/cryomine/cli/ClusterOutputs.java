package org.cryomine.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cryomine.core.CryomineException;

/** Output folder handling shared by the cluster and choose-k commands. */
final class ClusterOutputs {

    private ClusterOutputs() {
    }

    /**
     * Checks that none of {@code names} exists in {@code dir} unless {@code force}; creates nothing, so that a
     * command can fail on bad input before touching the file system.
     *
     * @return the output paths, in the order of names
     */
    static Path[] check(Path dir, boolean force, String... names) {
        Path[] paths = new Path[names.length];
        for (int i = 0; i < names.length; i++) {
            paths[i] = dir.resolve(names[i]);
            if (!force && Files.exists(paths[i])) {
                throw new CryomineException(paths[i] + " already exists; pass --force to overwrite it");
            }
        }
        return paths;
    }

    /** Creates the output folder {@code dir} (and its parents) if missing. */
    static void createFolder(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new CryomineException("cannot create the output folder " + dir + ": " + e.getMessage(), e);
        }
    }

}
