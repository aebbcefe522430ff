package org.cryomine.segmentation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntPredicate;
import org.cryomine.core.Labels;
import org.cryomine.core.Vec3;
import org.cryomine.core.Volume;
import org.cryomine.core.filter.ConnectedComponents;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Finds spherical membranes (vesicles) in a label map so that their parts hidden by the missing wedge can be
 * labelled too (beyond the paper). A membrane is visible in a tomogram only where its normal lies outside the
 * missing wedge: with a tilt series about y, the top and bottom caps of a vesicle have almost no contrast, so
 * weak labels taken from density (docs/method.md step 7) cover its sides only, and a network trained on them learns
 * to leave the caps out. In the default demo 43% of the membrane voxels face the wedge.
 *
 * <p>Each connected component (26-connectivity) of the labelled voxels with at least {@code minSupport} voxels
 * gets a least-squares sphere (the algebraic fit |p|^2 + a.p + d = 0, solved with EJML). The sphere is accepted
 * when its radius is at least {@code minRadius}, the labelled voxels lie within an RMS distance of
 * {@code maxRms} of its surface (a looser fit is redone on the voxels near its surface, see
 * {@link #fit(Volume, IntPredicate)}), and they cover at least {@code minCoverage} of its directions (of 200
 * directions spread evenly over the sphere, those whose surface point lies inside the volume): a small or
 * flat patch fits many spheres and is left alone. Where accepted spheres overlap so much that one's centre
 * lies inside the other, only the one with more voxels is kept.
 *
 * <p>On the default demo's first tomogram, the weak membrane labels (IoU 0.30 with the truth, recall 0.34)
 * gave five accepted spheres, all five true vesicles (centres within 3 voxels, radii within 2.5 voxels), and
 * the labels with the spheres' shells added had IoU 0.51 (recall 0.69).
 *
 * @param minRadius   smallest radius accepted, voxels (positive)
 * @param maxRms      largest RMS distance of the voxels from the fitted surface, voxels (positive)
 * @param minCoverage smallest fraction of the sphere's directions in the volume that hold labelled voxels, in
 *                    [0, 1]
 * @param minSupport  fewest voxels a component needs to be fitted (at least 4)
 */
public record SphereCompletion(double minRadius, double maxRms, double minCoverage, int minSupport) {

    private static final int DIRECTIONS = 200;
    /** Rounds of refitting on the inliers when a component's sphere fits too loosely. */
    private static final int REFITS = 5;
    /** {@link #DIRECTIONS} unit vectors spread evenly over the sphere (a Fibonacci lattice). */
    private static final double[][] UNIT = directions(DIRECTIONS);

    public SphereCompletion {
        if (!(minRadius > 0) || !Double.isFinite(minRadius)) {
            throw new IllegalArgumentException("the smallest sphere radius must be positive (voxels), got " + minRadius);
        }
        if (!(maxRms > 0) || !Double.isFinite(maxRms)) {
            throw new IllegalArgumentException("the largest RMS residual must be positive (voxels), got " + maxRms);
        }
        if (!(minCoverage >= 0 && minCoverage <= 1)) {
            throw new IllegalArgumentException("the smallest coverage must be in [0, 1], got " + minCoverage);
        }
        if (minSupport < 4) {
            throw new IllegalArgumentException("a sphere needs at least 4 voxels, got a minimum of " + minSupport);
        }
    }

    /**
     * The settings used for boxes of {@code boxSize} voxels: radius at least 3/8 of the box (12 voxels for
     * 32), RMS at most 2 voxels, coverage at least 0.3, components of at least 200 voxels. On the default
     * demo these accept the five true vesicles and reject the other 16 components (sheets, partial patches).
     */
    public static SphereCompletion forBox(int boxSize) {
        if (boxSize < 1) {
            throw new IllegalArgumentException("box size must be positive, got " + boxSize);
        }
        return new SphereCompletion(0.375 * boxSize, 2.0, 0.3, 200);
    }

    /**
     * A fitted sphere.
     *
     * @param centre   centre, voxels (x, y, z)
     * @param radius   radius of the fitted surface, voxels
     * @param rms      RMS distance of the component's voxels from that surface, voxels
     * @param coverage fraction of the sphere's directions (inside the volume) that hold the component's voxels
     * @param support  voxels in the component
     */
    public record Sphere(Vec3 centre, double radius, double rms, double coverage, int support) {

        /**
         * Half the thickness of the shell {@link #paint} labels: 1.5 times the RMS residual, kept within 1 to 2.5
         * voxels (for a uniform shell of thickness t the RMS is t / sqrt(12), so this is a little thinner than
         * the labelled voxels, which are thicker than the membrane).
         */
        public double halfThickness() {
            return Math.min(2.5, Math.max(1.0, 1.5 * rms));
        }

        /** Distance of voxel (x, y, z) from the centre, voxels. */
        public double distance(double x, double y, double z) {
            return Math.sqrt(sq(x - centre.x()) + sq(y - centre.y()) + sq(z - centre.z()));
        }

        /** Whether voxel (x, y, z) lies within {@link #halfThickness()} of the surface: the shell {@link #paint} labels. */
        public boolean onShell(double x, double y, double z) {
            return onShell(x, y, z, halfThickness());
        }

        /** Whether voxel (x, y, z) lies within {@code halfThickness} voxels of the surface. */
        public boolean onShell(double x, double y, double z, double halfThickness) {
            return Math.abs(distance(x, y, z) - radius) <= halfThickness;
        }

        /**
         * Sets {@code label} in {@code labels} (modified) on every voxel within {@link #halfThickness()} of the
         * sphere's surface whose current value {@code replaceable} accepts.
         */
        public void paint(Volume labels, float label, java.util.function.DoublePredicate replaceable) {
            paint(labels, label, replaceable, halfThickness());
        }

        /**
         * As {@link #paint(Volume, float, java.util.function.DoublePredicate)}, on the voxels within
         * {@code halfThickness} voxels of the surface.
         */
        public void paint(Volume labels, float label, java.util.function.DoublePredicate replaceable,
                          double halfThickness) {
            double reach = radius + halfThickness + 1;
            int x0 = Math.max(0, (int) Math.floor(centre.x() - reach));
            int x1 = Math.min(labels.nx() - 1, (int) Math.ceil(centre.x() + reach));
            int y0 = Math.max(0, (int) Math.floor(centre.y() - reach));
            int y1 = Math.min(labels.ny() - 1, (int) Math.ceil(centre.y() + reach));
            int z0 = Math.max(0, (int) Math.floor(centre.z() - reach));
            int z1 = Math.min(labels.nz() - 1, (int) Math.ceil(centre.z() + reach));
            float[] out = labels.data();
            for (int z = z0; z <= z1; z++) {
                for (int y = y0; y <= y1; y++) {
                    for (int x = x0; x <= x1; x++) {
                        int v = labels.index(x, y, z);
                        if (onShell(x, y, z, halfThickness) && replaceable.test(out[v])) {
                            out[v] = label;
                        }
                    }
                }
            }
        }
    }

    /**
     * Completes the spheres of a segmentation (beyond the paper): fits spheres to the voxels of {@code labels}
     * (modified) labelled {@code label} and labels every background (0) voxel within {@code halfThickness}
     * voxels of an accepted sphere's surface {@code label}; other labels are kept. A network trained on
     * completed weak labels still misses part of the caps the missing wedge hides. On five default-demo
     * segmentations of the second tomogram (whole mode, before completion), the 4 to 5 accepted spheres were all
     * true vesicles (centres within 1 voxel) and membrane IoU rose from 0.475-0.503 to 0.528-0.545 at a half
     * thickness of 1.5 voxels; in clusters mode from 0.413-0.495 to 0.512-0.551. Before the refitting of loose
     * fits, half thicknesses of 1, 2 and 2.5 voxels and the spheres' own (1.5 RMS residuals) gave less than 1.5
     * on three of them.
     *
     * @param halfThickness half the thickness of the painted shells, voxels (positive)
     * @return the spheres painted, most voxels first
     */
    public List<Sphere> complete(Volume labels, int label, double halfThickness) {
        if (!(halfThickness > 0) || !Double.isFinite(halfThickness)) {
            throw new IllegalArgumentException("the shell half thickness must be positive (voxels), got " + halfThickness);
        }
        float[] v = labels.data();
        List<Sphere> spheres = fit(labels, i -> v[i] == label);
        for (Sphere s : spheres) {
            s.paint(labels, label, value -> value == 0, halfThickness);
        }
        return spheres;
    }

    /**
     * The accepted spheres among the connected components of the voxels of {@code volume} whose index
     * satisfies {@code labelled}, most voxels first. A component whose sphere misses the RMS bound is refitted
     * up to five times on its voxels within max(2, 2 RMS) voxels of the last fit, as long as at least half of
     * them remain: predicted membranes are often a voxel too thick (RMS 2.1 to 2.6 on three vesicles of one
     * demo segmentation, 1.4 after refitting).
     */
    public List<Sphere> fit(Volume volume, IntPredicate labelled) {
        ConnectedComponents components = ConnectedComponents.of(volume, labelled);
        int[][] members = components.members();
        List<Sphere> accepted = new ArrayList<>();
        for (int c = 1; c <= components.count(); c++) {
            if (members[c].length >= minSupport) {
                Sphere s = fitOne(volume, members[c]);
                if (s != null && s.rms() > maxRms) {
                    s = refitOnInliers(volume, members[c], s);
                }
                if (s != null && s.radius() >= minRadius && s.rms() <= maxRms && s.coverage() >= minCoverage) {
                    accepted.add(s);
                }
            }
        }
        accepted.sort(Comparator.comparingInt(Sphere::support).reversed());
        List<Sphere> kept = new ArrayList<>();
        for (Sphere s : accepted) {
            if (kept.stream().noneMatch(k -> k.centre().distance(s.centre()) < Math.max(k.radius(), s.radius()))) {
                kept.add(s);
            }
        }
        return kept;
    }

    /**
     * A fit whose RMS residual is too large, redone up to {@value #REFITS} times (until no voxel is set aside) on
     * the component's voxels within max(2, 2 RMS) voxels of the last fit's surface (iteratively trimmed least
     * squares): a vesicle labelled too
     * thick, or touching a few stray voxels, still fits once they are set aside. The refit counts only when it
     * keeps at least half the component's voxels; its RMS and coverage are those of the voxels it kept. Null
     * when no fit is left.
     */
    private Sphere refitOnInliers(Volume volume, int[] voxels, Sphere first) {
        int nx = volume.nx();
        int ny = volume.ny();
        Sphere s = first;
        int[] kept = voxels;
        for (int round = 0; round < REFITS && s != null; round++) {
            Sphere f = s;
            double limit = Math.max(2.0, 2 * f.rms());
            int[] inliers = java.util.Arrays.stream(kept).filter(v -> Math.abs(f.distance(v % nx, (v / nx) % ny,
                    v / (nx * ny)) - f.radius()) <= limit).toArray();
            if (inliers.length == kept.length) {
                break;
            }
            kept = inliers;
            s = 2L * kept.length >= voxels.length && kept.length >= minSupport ? fitOne(volume, kept) : null;
        }
        return s;
    }

    /**
     * The accepted spheres of the voxels labelled {@code label} in a training set's examples, each placed in a
     * tomogram of {@code shape} (x, y, z voxels) at its centre (a box starts at {@code centre - size / 2}).
     *
     * @param centres box centres (x, y, z) of the subvolumes the set was built from, indexed by
     *                {@link TrainingSet#sources()}
     */
    public List<Sphere> fit(TrainingSet set, List<int[]> centres, int[] shape, int label) {
        Volume map = Volume.zeros(shape[0], shape[1], shape[2]);
        float[] out = map.data();
        for (int e = 0; e < set.size(); e++) {
            Volume labels = set.labels().get(e);
            int[] o = origin(centres.get(set.sources()[e]), labels);
            float[] in = labels.data();
            for (int z = 0, v = 0; z < labels.nz(); z++) {
                for (int y = 0; y < labels.ny(); y++) {
                    for (int x = 0; x < labels.nx(); x++, v++) {
                        if (in[v] == label && map.contains(o[0] + x, o[1] + y, o[2] + z)) {
                            out[map.index(o[0] + x, o[1] + y, o[2] + z)] = 1;
                        }
                    }
                }
            }
        }
        return fit(map, v -> out[v] == 1);
    }

    /**
     * The set with the shells of {@code spheres} labelled {@code label} in every example, where the example's
     * label is 0 (background) and the voxel lies inside the tomogram of {@code shape}; unknown voxels and other
     * labels are kept. The set is not modified.
     *
     * @param centres box centres as for {@link #fit(TrainingSet, List, int[], int)}
     */
    public static TrainingSet paint(TrainingSet set, List<int[]> centres, int[] shape, List<Sphere> spheres,
                                    int label) {
        List<Volume> out = new ArrayList<>(set.size());
        for (int e = 0; e < set.size(); e++) {
            Volume labels = set.labels().get(e).copy();
            int[] o = origin(centres.get(set.sources()[e]), labels);
            float[] target = labels.data();
            for (Sphere s : spheres) {
                for (int z = 0, v = 0; z < labels.nz(); z++) {
                    for (int y = 0; y < labels.ny(); y++) {
                        for (int x = 0; x < labels.nx(); x++, v++) {
                            int tx = o[0] + x;
                            int ty = o[1] + y;
                            int tz = o[2] + z;
                            boolean inTomogram = tx >= 0 && ty >= 0 && tz >= 0 && tx < shape[0] && ty < shape[1]
                                    && tz < shape[2];
                            if (inTomogram && target[v] == 0 && s.onShell(tx, ty, tz)) {
                                target[v] = label;
                            }
                        }
                    }
                }
            }
            out.add(labels);
        }
        return set.withLabels(out);
    }

    /**
     * Centres of extra training boxes on the spheres' surfaces, where the examples at {@code existing} leave
     * them unlabelled (beyond the paper): the hidden caps are labelled there only if a box holds them, and DoG
     * rarely picks where there is no contrast. Points spread evenly over each sphere about {@code spacing}
     * voxels apart are kept where a whole box of {@code box} voxels fits inside the tomogram of {@code shape}
     * and no existing or kept centre lies within 0.8 {@code spacing}.
     */
    public static List<int[]> boxCentres(List<Sphere> spheres, int[] shape, int box, List<int[]> existing,
                                         double spacing) {
        if (!(spacing > 0)) {
            throw new IllegalArgumentException("box spacing must be positive (voxels), got " + spacing);
        }
        double min2 = sq(0.8 * spacing);
        List<int[]> out = new ArrayList<>();
        for (Sphere s : spheres) {
            for (double[] u : directions((int) Math.ceil(4 * Math.PI * sq(s.radius()) / sq(spacing)))) {
                int[] c = {(int) Math.round(s.centre().x() + s.radius() * u[0]),
                    (int) Math.round(s.centre().y() + s.radius() * u[1]),
                    (int) Math.round(s.centre().z() + s.radius() * u[2])};
                boolean fits = true;
                for (int a = 0; a < 3; a++) {
                    fits &= c[a] - box / 2 >= 0 && c[a] - box / 2 + box <= shape[a];
                }
                if (fits && farFrom(c, existing, min2) && farFrom(c, out, min2)) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    /**
     * The label volume (box voxels each way) of a box centred at {@code centre}: {@code label} on the spheres'
     * shells, 0 elsewhere within {@code labelRadius} box edges of the centre, {@link Labels#UNKNOWN} beyond.
     */
    public static Volume boxLabels(List<Sphere> spheres, int[] centre, int box, double labelRadius, int label) {
        Volume out = Volume.zeros(box, box, box);
        int[] o = {centre[0] - box / 2, centre[1] - box / 2, centre[2] - box / 2};
        double r2 = sq(labelRadius * box);
        float[] d = out.data();
        for (int z = 0, v = 0; z < box; z++) {
            for (int y = 0; y < box; y++) {
                for (int x = 0; x < box; x++, v++) {
                    if (sq(x - (box - 1) / 2.0) + sq(y - (box - 1) / 2.0) + sq(z - (box - 1) / 2.0) > r2) {
                        d[v] = Labels.UNKNOWN;
                        continue;
                    }
                    for (Sphere s : spheres) {
                        if (s.onShell(o[0] + x, o[1] + y, o[2] + z)) {
                            d[v] = label;
                            break;
                        }
                    }
                }
            }
        }
        return out;
    }

    private static boolean farFrom(int[] c, List<int[]> others, double min2) {
        for (int[] o : others) {
            if (sq(c[0] - o[0]) + sq(c[1] - o[1]) + sq(c[2] - o[2]) < min2) {
                return false;
            }
        }
        return true;
    }

    private static int[] origin(int[] centre, Volume box) {
        return new int[] {centre[0] - box.nx() / 2, centre[1] - box.ny() / 2, centre[2] - box.nz() / 2};
    }

    /** The least-squares sphere through the voxels, or null when they fit none (e.g. all in a plane). */
    static Sphere fitOne(Volume volume, int[] voxels) {
        int nx = volume.nx();
        int ny = volume.ny();
        // |p|^2 + a x + b y + c z + d = 0, least squares over the voxels (normal equations; coordinates
        // relative to the first voxel keep them well conditioned)
        int ref = voxels[0];
        double rx = ref % nx;
        double ry = (ref / nx) % ny;
        double rz = ref / (nx * ny);
        DMatrixRMaj ata = new DMatrixRMaj(4, 4);
        DMatrixRMaj atb = new DMatrixRMaj(4, 1);
        double[] row = new double[4];
        for (int v : voxels) {
            row[0] = v % nx - rx;
            row[1] = (v / nx) % ny - ry;
            row[2] = v / (nx * ny) - rz;
            row[3] = 1;
            double rhs = -(sq(row[0]) + sq(row[1]) + sq(row[2]));
            for (int i = 0; i < 4; i++) {
                atb.data[i] += row[i] * rhs;
                for (int j = 0; j < 4; j++) {
                    ata.data[4 * i + j] += row[i] * row[j];
                }
            }
        }
        DMatrixRMaj sol = new DMatrixRMaj(4, 1);
        if (!CommonOps_DDRM.solve(ata, atb, sol)) {
            return null;
        }
        double cx = -sol.data[0] / 2;
        double cy = -sol.data[1] / 2;
        double cz = -sol.data[2] / 2;
        double r2 = cx * cx + cy * cy + cz * cz - sol.data[3];
        if (!(r2 > 0) || !Double.isFinite(r2)) {
            return null;
        }
        double radius = Math.sqrt(r2);
        Vec3 centre = new Vec3(cx + rx, cy + ry, cz + rz);
        double ss = 0;
        boolean[] hit = new boolean[DIRECTIONS];
        for (int v : voxels) {
            double dx = v % nx - centre.x();
            double dy = (v / nx) % ny - centre.y();
            double dz = v / (nx * ny) - centre.z();
            double d = Math.sqrt(dx * dx + dy * dy + dz * dz);
            ss += sq(d - radius);
            if (d > 0) {
                hit[nearestDirection(dx / d, dy / d, dz / d)] = true;
            }
        }
        int inside = 0;
        int covered = 0;
        for (int i = 0; i < DIRECTIONS; i++) {
            double[] u = UNIT[i];
            double px = centre.x() + radius * u[0];
            double py = centre.y() + radius * u[1];
            double pz = centre.z() + radius * u[2];
            if (px >= 0 && py >= 0 && pz >= 0 && px <= volume.nx() - 1 && py <= volume.ny() - 1 && pz <= volume.nz() - 1) {
                inside++;
                covered += hit[i] ? 1 : 0;
            }
        }
        double coverage = inside == 0 ? 0 : covered / (double) inside;
        return new Sphere(centre, radius, Math.sqrt(ss / voxels.length), coverage, voxels.length);
    }

    /** {@code n} unit vectors spread evenly over the sphere (a Fibonacci lattice). */
    private static double[][] directions(int n) {
        double goldenAngle = Math.PI * (3 - Math.sqrt(5));
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) {
            double z = 1 - 2 * (i + 0.5) / n;
            double r = Math.sqrt(1 - z * z);
            out[i] = new double[] {r * Math.cos(i * goldenAngle), r * Math.sin(i * goldenAngle), z};
        }
        return out;
    }

    private static int nearestDirection(double x, double y, double z) {
        int best = 0;
        double bestDot = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < DIRECTIONS; i++) {
            double[] u = UNIT[i];
            double dot = x * u[0] + y * u[1] + z * u[2];
            if (dot > bestDot) {
                bestDot = dot;
                best = i;
            }
        }
        return best;
    }

    private static double sq(double v) {
        return v * v;
    }
}
