package org.cryomine.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cryomine.core.AtomicFiles;
import org.cryomine.core.CryomineException;
import org.cryomine.core.Vec3;
import org.cryomine.core.VoxelSize;
import org.cryomine.io.VolumeHeader;
import org.cryomine.io.Volumes;
import org.cryomine.io.imod.ImodModelWriter;
import org.cryomine.io.particles.Particle;
import org.cryomine.segmentation.Selection;

/**
 * A mined run's picks as IMOD models ({@code .mod}), one per tomogram of the run, to open over the tomogram in
 * 3dmod: with a selection, one object per group holding the picks of its clusters (picks of unselected clusters
 * are left out); without, one object per cluster ("cluster 3"). Points are scattered, coordinates as {@link
 * ImodModelWriter} writes them.
 */
public final class ImodExport {

    private ImodExport() {
    }

    /**
     * One model written.
     *
     * @param tomogram the tomogram's name in the run's dataset
     * @param file     the model
     * @param points   points written
     * @param objects  objects (groups or clusters) in it
     */
    public record ModelWritten(String tomogram, Path file, int points, int objects) {
    }

    /**
     * Writes {@code folder/TOMOGRAM.mod} for every tomogram of {@code mined} that has a pick to write. Every target
     * is checked before anything is written.
     *
     * @param selection    groups of clusters, or null for one object per cluster
     * @param sphereRadius radius in voxels of the spheres 3dmod draws at the points (0: none)
     * @param overwrite    replace existing models
     * @throws CryomineException when a model exists and {@code overwrite} is false, when the folder is a file, or
     *                           when the selection names clusters the run does not have or selects no pick at all
     */
    public static List<ModelWritten> picks(MinedRun mined, Selection selection, Path folder, int sphereRadius,
                                           boolean overwrite) {
        if (selection != null) {
            selection.requireClustersBelow(mined.k());
        }
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new CryomineException(folder + " is a file; give a folder for the IMOD models (one per tomogram)");
        }
        Dataset dataset = mined.dataset();
        List<List<Particle>> perTomogram = new ArrayList<>();
        for (int t = 0; t < dataset.size(); t++) {
            List<Particle> particles = new ArrayList<>();
            for (int i : mined.picksOf(t)) {
                int cluster = mined.assignments()[i];
                String group = null;
                if (selection != null) {
                    int label = selection.labelOf(cluster);
                    if (label == 0) {
                        continue;
                    }
                    group = selection.groups().get(label - 1).name();
                }
                int[] c = mined.centres().get(i);
                particles.add(new Particle(new Vec3(c[0], c[1], c[2]), Double.NaN, cluster, group,
                        dataset.tomograms().get(t).name()));
            }
            perTomogram.add(particles);
        }
        if (perTomogram.stream().allMatch(List::isEmpty)) {
            throw new CryomineException("the selection's clusters hold no pick of " + mined.layout().root()
                    + "; check the cluster numbers against the run's report");
        }
        for (int t = 0; t < dataset.size(); t++) {
            if (!perTomogram.get(t).isEmpty()) {
                AtomicFiles.requireWritable(modelFile(folder, dataset.tomograms().get(t)), overwrite);
            }
        }
        List<ModelWritten> written = new ArrayList<>();
        for (int t = 0; t < dataset.size(); t++) {
            List<Particle> particles = perTomogram.get(t);
            if (particles.isEmpty()) {
                continue;
            }
            Dataset.Tomogram tomo = dataset.tomograms().get(t);
            VolumeHeader h = t == 0 ? mined.header() : Volumes.readHeader(tomo.path());
            VoxelSize voxel = h.voxelSizeOrDefault();
            Path file = modelFile(folder, tomo);
            ImodModelWriter.write(particles, file, h.nx(), h.ny(), h.nz(), voxel.x(), sphereRadius, overwrite);
            long objects = particles.stream().map(p -> p.className() != null ? p.className() : "c" + p.cluster())
                    .distinct().count();
            written.add(new ModelWritten(tomo.name(), file, particles.size(), (int) objects));
        }
        return written;
    }

    private static Path modelFile(Path folder, Dataset.Tomogram tomo) {
        return folder.resolve(tomo.name() + ".mod");
    }
}
