package org.cryomine.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cryomine.core.Vec3;
import org.cryomine.io.particles.Particle;
import org.cryomine.io.particles.ParticleLists;

/**
 * The run's {@code picks.star}: box centres in voxels (rlnCoordinateX/Y/Z), the picking score
 * ({@code cryomineScore}) and, once clustered, the cluster ({@code cryomineCluster}).
 *
 * @param centres box centres (x, y, z) in voxels
 * @param scores  picking scores, same order
 */
public record PickTable(List<int[]> centres, double[] scores) {

    /** The rlnTomoName of each row of {@code file}, null where absent. */
    static String[] tomogramNames(Path file) {
        return ParticleLists.readStar(file).stream().map(Particle::tomoName).toArray(String[]::new);
    }

    static PickTable read(Path file) {
        List<Particle> particles = ParticleLists.readStar(file);
        List<int[]> centres = new ArrayList<>(particles.size());
        double[] scores = new double[particles.size()];
        for (int i = 0; i < scores.length; i++) {
            Vec3 p = particles.get(i).position();
            centres.add(new int[] {(int) Math.round(p.x()), (int) Math.round(p.y()), (int) Math.round(p.z())});
            scores[i] = Double.isNaN(particles.get(i).score()) ? 0 : particles.get(i).score();
        }
        return new PickTable(centres, scores);
    }

    /**
     * Writes the table, replacing the file; {@code clusters} may be null before clustering; every row names the
     * tomogram {@code tomogram} ({@code rlnTomoName}).
     */
    static void write(Path file, List<int[]> centres, double[] scores, int[] clusters, String tomogram)
            throws IOException {
        write(file, centres, scores, clusters, tomogram, java.util.Map.of());
    }

    /**
     * As {@link #write(Path, List, double[], int[], String)}, with RELION 5's centred Å coordinates from the
     * tomogram's geometry (by tomogram name) and {@code rlnClassNumber} once clustered.
     */
    static void write(Path file, List<int[]> centres, double[] scores, int[] clusters, String tomogram,
                      java.util.Map<String, ParticleLists.Geometry> geometry) throws IOException {
        String[] names = new String[centres.size()];
        java.util.Arrays.fill(names, tomogram);
        write(file, centres, scores, clusters, names, geometry);
    }

    /** As {@link #write(Path, List, double[], int[], String, java.util.Map)} with each row's tomogram name. */
    static void write(Path file, List<int[]> centres, double[] scores, int[] clusters, String[] tomograms,
                      java.util.Map<String, ParticleLists.Geometry> geometry) throws IOException {
        List<Particle> particles = new ArrayList<>(centres.size());
        for (int i = 0; i < centres.size(); i++) {
            int[] c = centres.get(i);
            particles.add(new Particle(new Vec3(c[0], c[1], c[2]), scores[i], clusters == null ? -1 : clusters[i], null,
                    tomograms[i]));
        }
        ParticleLists.writeStar(particles, file, true, geometry);
    }
}
