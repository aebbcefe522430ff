package org.cryomine.core.simulate;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.cryomine.core.ProgressListener;
import org.cryomine.core.Vec3;
import org.cryomine.core.Volume;
import org.cryomine.core.VoxelSize;
import org.cryomine.core.filter.GaussianFilter;
import org.cryomine.core.internal.Parallel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Simulates a crowded-cell-like cryo-electron tomogram with ground truth (seeded, deterministic).
 *
 * <p>Content, in a specimen slab (ice, a small positive density, covering the middle {@code specimenFraction}
 * of z; its faces are the "tomogram boundary" and cut whatever reaches beyond them, as a lamella's would): flat bilayer sheets at random orientations and spherical
 * vesicles (two dense leaflets, 4-6 nm thick), ribosome-like large globules (25-30 nm, lumpy: two subunits,
 * surface lumps and denser inner spots), small globules (8-12 nm), gold beads (10 nm, density 4) and,
 * optionally, a carbon film (15 nm thick) with a straight edge. Objects never overlap (a margin of
 * {@value #MARGIN} voxels is kept). The cytoplasm carries a weak smooth clutter (Gaussian-filtered noise).
 * Dense matter is negative in the tomogram.
 *
 * <p>Optional content, none by default (see the builder): curved and wavy sheets, sheets standing upright or
 * lying flat, ellipsoidal vesicles, membrane tubes, mitochondria-like double membranes with or without cristae,
 * globules of other shapes ({@link ParticleShape}: two-lobed, elongated, hollow) and sizes, more or less
 * crowding, a thicker or thinner carbon film, and spatially correlated noise. Every membrane is labelled
 * {@link ObjectClass#MEMBRANE}, every globule {@code LARGE_GLOBULE} or {@code SMALL_GLOBULE} whatever its
 * shape; {@link SimulatedObject#shape()} names the geometry. {@link SimulationPreset} names ready-made mixes.
 * The options draw random numbers only when used, so a configuration that does not use them gives the same
 * tomogram as before they existed.
 *
 * <p>Acquisition: optionally, the signal alone is modulated by a {@link Ctf} (off by default). The noise-free
 * tomogram and white Gaussian noise are both passed through the same Fourier filter (the missing wedge of a &plusmn;{@code tiltRange} single-axis tilt about y, and the optional band-pass), as
 * in a real reconstruction where the wedge affects signal and noise alike; then the noise is scaled so that
 * <b>SNR = variance(filtered signal) / variance(filtered noise)</b> over the whole volume equals the requested
 * value. {@link SimulatedTomogram#noiseFree()} holds the filtered signal.
 *
 * <p>Default sizes (400 x 400 x 120 voxels of 14.2 Å) follow the paper's data; the default object counts are
 * given for that size and scale with the volume for other sizes, unless set explicitly.
 */
public final class TomogramSimulator {

    private static final Logger LOG = LoggerFactory.getLogger(TomogramSimulator.class);
    static final double MARGIN = 1.5;
    private static final double DEFAULT_VOXELS = 400.0 * 400 * 120;
    private static final int TRIES = 200;

    private final Builder b;

    private TomogramSimulator(Builder b) {
        this.b = b.copy();
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Runs the simulation with no progress listener. */
    public SimulatedTomogram simulate() {
        return simulate(ProgressListener.NONE);
    }

    /** Runs the simulation, reporting stages "place" and "acquire". Deterministic for a given configuration. */
    public SimulatedTomogram simulate(ProgressListener listener) {
        int nx = b.nx;
        int ny = b.ny;
        int nz = b.nz;
        double nm = b.voxelSizeAngst / 10; // nm per voxel
        SplittableRandom root = new SplittableRandom(b.seed);
        SplittableRandom place = root.split();
        SplittableRandom noiseRandom = root.split();
        Placer p = new Placer(nx, ny, nz, MARGIN);
        List<SimulatedObject> objects = new ArrayList<>();
        double zLo = nz * (1 - b.specimenFraction) / 2;
        double zHi = nz - zLo;

        if (b.carbonEdge) {
            objects.add(CarbonFilm.render(p, nx, ny, nz, b.carbonThicknessAngst / 10 / nm, place));
        }
        int sheets = count(b.flatMembranes, 3, 1);
        for (int i = 0; i < sheets; i++) {
            double radius = sheetRadius(place, nm);
            double t = Shape.uniform(place, 4, 6) / nm;
            place(p, objects, ObjectClass.MEMBRANE, "sheet", 2 * radius, place, zLo, zHi, 0, this::sheetOrientation,
                    (c, o) -> new Shape.Sheet(c, o, radius, t));
        }
        for (int i = 0; i < b.curvedSheets + b.wavySheets; i++) {
            boolean wavy = i >= b.curvedSheets;
            double radius = sheetRadius(place, nm);
            double t = Shape.uniform(place, 4, 6) / nm;
            double curvature = wavy ? 0 : (place.nextBoolean() ? 1 : -1) / (Shape.uniform(place, 1.0, 2.5) * radius);
            double amplitude = wavy ? Shape.uniform(place, 5, 12) / nm : 0;
            double wavelength = wavy ? Shape.uniform(place, 50, 100) / nm : 1;
            double phase = wavy ? 2 * Math.PI * place.nextDouble() : 0;
            place(p, objects, ObjectClass.MEMBRANE, wavy ? "wavy-sheet" : "curved-sheet", 2 * radius, place, zLo, zHi, 0,
                    this::sheetOrientation, (c, o) -> new Shapes.BentSheet(c, o, radius, t, curvature, amplitude,
                            wavelength, phase));
        }
        double fit = Math.min(Math.min(nx, ny), zHi - zLo);
        int vesicles = count(b.vesicles, 4, 1);
        for (int i = 0; i < vesicles; i++) {
            double radius = Math.min(Shape.uniform(place, b.vesicleDiameterAngst[0] / 20, b.vesicleDiameterAngst[1] / 20) / nm,
                    0.3 * fit);
            double t = Shape.uniform(place, 4, 6) / nm;
            place(p, objects, ObjectClass.MEMBRANE, "vesicle", 2 * radius, place, zLo, zHi, radius + t,
                    (c, o) -> new Shape.Vesicle(c, o, radius, t));
        }
        for (int i = 0; i < b.ellipsoidVesicles; i++) {
            double aspect = Math.sqrt(Shape.uniform(place, 1.3, 2.0));
            double mean = Shape.uniform(place, b.vesicleDiameterAngst[0] / 20, b.vesicleDiameterAngst[1] / 20) / nm;
            double radius = Math.min(mean, 0.3 * fit / aspect);
            double flat = Shape.uniform(place, 0.8, 1.0);
            double t = Shape.uniform(place, 4, 6) / nm;
            place(p, objects, ObjectClass.MEMBRANE, "ellipsoid-vesicle", 2 * radius * aspect, place, zLo, zHi,
                    radius * aspect + t, (c, o) -> new Shapes.EllipsoidVesicle(c, o, radius * aspect, radius * flat,
                            radius / aspect, t));
        }
        for (int i = 0; i < b.tubes; i++) {
            double radius = Math.min(Shape.uniform(place, b.tubeDiameterAngst[0] / 20, b.tubeDiameterAngst[1] / 20) / nm,
                    0.2 * fit);
            double half = Math.min(Shape.uniform(place, 40, 120) / nm, 0.35 * Math.min(nx, ny));
            double t = Shape.uniform(place, 4, 6) / nm;
            place(p, objects, ObjectClass.MEMBRANE, "tube", 2 * (half + radius), place, zLo, zHi, radius + t,
                    r -> new Orientation(360 * r.nextDouble(), Shape.uniform(r, 70, 110), 360 * r.nextDouble()),
                    (c, o) -> new Shapes.Tube(c, o, radius, half, t));
        }
        for (int i = 0; i < b.mitochondria; i++) {
            double t = Shape.uniform(place, 4, 6) / nm;
            double gap = Shape.uniform(place, 7, 9) / nm;
            double a = Math.min(Shape.uniform(place, 60, 110) / nm, 0.4 * Math.min(nx, ny));
            double bb = Math.max(a * Shape.uniform(place, 0.55, 0.8), gap + 3);
            double cc = Math.max(Math.min(bb, 0.42 * (zHi - zLo) - t), gap + 3);
            place(p, objects, ObjectClass.MEMBRANE, "mitochondrion", 2 * a, place, zLo, zHi, cc + t,
                    r -> new Orientation(360 * r.nextDouble(), Shape.uniform(r, -15, 15), 0),
                    (c, o) -> new Shapes.Mitochondrion(c, o, a, bb, cc, gap, t, b.cristae));
        }
        int gold = count(b.goldBeads, 8, 1);
        for (int i = 0; i < gold; i++) {
            double radius = 5 / nm;
            place(p, objects, ObjectClass.GOLD, "ball", 2 * radius, place, zLo, zHi, radius,
                    (c, o) -> Shape.Blobs.ball(c, radius, 4.0));
        }
        listener.onProgress("place", 1, 3);
        listener.checkCancelled();
        int large = count(b.largeGlobules, 220, b.crowding);
        for (int i = 0; i < large; i++) {
            double radius = Shape.uniform(place, b.largeDiameterAngst[0] / 20, b.largeDiameterAngst[1] / 20) / nm;
            long s = place.nextLong();
            ParticleShape shape = pickShape(b.largeShapes, place);
            place(p, objects, ObjectClass.LARGE_GLOBULE, shape.shapeName(), 2 * radius, place, zLo, zHi, radius,
                    (c, o) -> shape == ParticleShape.LUMPY
                            ? Shape.Blobs.largeGlobule(c, o, radius, new SplittableRandom(s))
                            : particle(shape, c, o, radius, new SplittableRandom(s)));
        }
        listener.onProgress("place", 2, 3);
        listener.checkCancelled();
        int small = count(b.smallGlobules, 350, b.crowding);
        for (int i = 0; i < small; i++) {
            double radius = Shape.uniform(place, b.smallDiameterAngst[0] / 20, b.smallDiameterAngst[1] / 20) / nm;
            long s = place.nextLong();
            ParticleShape shape = pickShape(b.smallShapes, place);
            place(p, objects, ObjectClass.SMALL_GLOBULE, shape.shapeName(), 2 * radius, place, zLo, zHi, radius,
                    (c, o) -> shape == ParticleShape.LUMPY
                            ? Shape.Blobs.smallGlobule(c, o, radius, new SplittableRandom(s))
                            : particle(shape, c, o, radius, new SplittableRandom(s)));
        }
        listener.onProgress("place", 3, 3);
        listener.checkCancelled();

        float[] signal = specimen(p, nx, ny, nz, zLo, zHi, root.split().nextLong());
        float[] noise = new float[signal.length];
        if (Double.isFinite(b.snr)) {
            float[] g = Volume.gaussianNoise(nx, ny, nz, noiseRandom.nextLong()).data();
            System.arraycopy(g, 0, noise, 0, g.length);
            if (b.correlatedFraction > 0) {
                mixCorrelated(noise, nx, ny, nz, noiseRandom.nextLong());
            }
        }
        VoxelSize vs = VoxelSize.isotropic(b.voxelSizeAngst);
        FourierFilter filter = new FourierFilter(b.tiltRange, b.lowPassAngst, b.highPassAngst);
        if (!filter.isIdentity() || b.ctf != null) {
            Fft3d.transform(signal, noise, nx, ny, nz, false, b.threads);
            listener.onProgress("acquire", 1, 3);
            listener.checkCancelled();
            if (b.ctf == null) {
                filter.apply(signal, noise, nx, ny, nz, vs);
            } else {
                filter.applySplit(signal, noise, nx, ny, nz, vs, b.ctf);
            }
            Fft3d.transform(signal, noise, nx, ny, nz, true, b.threads);
        }
        listener.onProgress("acquire", 2, 3);
        float[] tomo = signal.clone();
        if (Double.isFinite(b.snr)) {
            double k = Math.sqrt(variance(signal) / (b.snr * variance(noise)));
            for (int i = 0; i < tomo.length; i++) {
                tomo[i] += (float) (k * noise[i]);
            }
        }
        listener.onProgress("acquire", 3, 3);
        float[] labels = new float[p.labels.length];
        for (int i = 0; i < labels.length; i++) {
            int z = i / (nx * ny);
            // the specimen slab's faces cut whatever reaches beyond them (sheets, the carbon film)
            boolean inside = z >= zLo - 0.5 && z <= zHi + 0.5;
            labels[i] = inside ? p.labels[i] : 0;
        }
        LOG.debug("simulated {}x{}x{}: {} objects", nx, ny, nz, objects.size());
        return new SimulatedTomogram(Volume.wrap(tomo, nx, ny, nz, vs, Vec3.ZERO), Volume.wrap(signal, nx, ny, nz, vs, Vec3.ZERO),
                Volume.wrap(labels, nx, ny, nz, vs, Vec3.ZERO), objects, b.seed);
    }

    /** Ice slab plus smooth clutter plus objects, negated (dense matter negative). */
    private float[] specimen(Placer p, int nx, int ny, int nz, double zLo, double zHi, long seed) {
        float[] clutter = new float[nx * ny * nz];
        if (b.clutter > 0) {
            Volume g = GaussianFilter.of(1.5).withThreads(b.threads).apply(Volume.gaussianNoise(nx, ny, nz, seed));
            double sd = g.statistics().rms();
            float[] gd = g.data();
            for (int i = 0; i < gd.length; i++) {
                clutter[i] = (float) (gd[i] / sd * b.clutter);
            }
        }
        float[] out = new float[nx * ny * nz];
        for (int z = 0; z < nz; z++) {
            double inSlab = Math.max(0, Math.min(1, Math.min(z - zLo, zHi - z) + 0.5));
            for (int i = nx * ny * z; i < nx * ny * (z + 1); i++) {
                out[i] = (float) -(inSlab * (p.density[i] + b.iceDensity + clutter[i]));
            }
        }
        return out;
    }

    /**
     * Replaces unit white noise {@code w} by {@code sqrt(1 - f) w + sqrt(f) c}, where {@code c} is other white
     * noise filtered by a Gaussian of the correlation length and scaled to unit variance (f = the correlated
     * fraction of the noise variance).
     */
    private void mixCorrelated(float[] noise, int nx, int ny, int nz, long seed) {
        Volume c = GaussianFilter.of(b.correlationLength).withThreads(b.threads)
                .apply(Volume.gaussianNoise(nx, ny, nz, seed));
        double sd = c.statistics().rms();
        float[] cd = c.data();
        double white = Math.sqrt(1 - b.correlatedFraction);
        double smooth = Math.sqrt(b.correlatedFraction) / sd;
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) (white * noise[i] + smooth * cd[i]);
        }
    }

    /** A sheet's radius in voxels: as set by {@code sheetDiameterAngst}, else 40-80 nm clipped to the tomogram. */
    private double sheetRadius(SplittableRandom rnd, double nm) {
        if (b.sheetDiameterAngst == null) {
            return Math.min(Shape.uniform(rnd, 40, 80) / nm, 0.35 * Math.min(b.nx, b.ny));
        }
        return Shape.uniform(rnd, b.sheetDiameterAngst[0] / 20, b.sheetDiameterAngst[1] / 20) / nm;
    }

    private Orientation sheetOrientation(SplittableRandom rnd) {
        return switch (b.sheetOrientation) {
            case RANDOM -> Orientation.random(rnd);
            case UPRIGHT -> new Orientation(360 * rnd.nextDouble(), 90, 360 * rnd.nextDouble());
            case FLAT -> new Orientation(360 * rnd.nextDouble(), 0, 0);
        };
    }

    /** One of the shapes, drawn uniformly; no draw when there is only one (so the default stream is untouched). */
    private static ParticleShape pickShape(ParticleShape[] shapes, SplittableRandom rnd) {
        return shapes.length == 1 ? shapes[0] : shapes[rnd.nextInt(shapes.length)];
    }

    /** A globule of a shape other than {@link ParticleShape#LUMPY}, of overall radius R (voxels). */
    private static Shape particle(ParticleShape shape, Vec3 c, Orientation o, double radius, SplittableRandom rnd) {
        double density = Shape.uniform(rnd, 0.8, 1.1);
        return switch (shape) {
            case TWO_LOBED -> Shapes.twoLobed(c, o, radius, density, Shape.uniform(rnd, 0.85, 1.0));
            case ELONGATED -> new Shapes.SolidEllipsoid(c, o, 0.45 * radius, 0.45 * radius, radius, density);
            case HOLLOW -> new Shapes.HollowBall(c, o, radius, Math.max(1.5, 0.3 * radius), density);
            case LUMPY -> throw new IllegalStateException("lumpy globules are made by Shape.Blobs");
        };
    }

    static double variance(float[] v) {
        double m = 0;
        for (float f : v) {
            m += f;
        }
        m /= v.length;
        double s = 0;
        for (float f : v) {
            s += (f - m) * (f - m);
        }
        return s / v.length;
    }

    private int count(int explicit, int atDefaultSize, double crowding) {
        if (explicit >= 0) {
            return explicit;
        }
        return (int) Math.round(atDefaultSize * crowding * b.nx * b.ny * b.nz / DEFAULT_VOXELS);
    }

    private interface ShapeFactory {
        Shape make(Vec3 centre, Orientation o);
    }

    private void place(Placer p, List<SimulatedObject> objects, ObjectClass cls, String kind, double size,
                       SplittableRandom rnd, double zLo, double zHi, double zMargin, ShapeFactory f) {
        place(p, objects, cls, kind, size, rnd, zLo, zHi, zMargin, Orientation::random, f);
    }

    private void place(Placer p, List<SimulatedObject> objects, ObjectClass cls, String kind, double size,
                       SplittableRandom rnd, double zLo, double zHi, double zMargin,
                       Function<SplittableRandom, Orientation> orientations, ShapeFactory f) {
        for (int t = 0; t < TRIES; t++) {
            double lo = zLo + zMargin;
            double hi = zHi - zMargin;
            if (hi < lo) {
                lo = (zLo + zHi) / 2;
                hi = lo;
            }
            Vec3 c = new Vec3(Math.floor(rnd.nextDouble() * b.nx), Math.floor(rnd.nextDouble() * b.ny),
                    Math.floor(Shape.uniform(rnd, lo, hi)));
            Orientation o = orientations.apply(rnd);
            if (p.tryPlace(f.make(c, o), cls)) {
                objects.add(new SimulatedObject(cls, c, o, size, kind));
                return;
            }
        }
        LOG.debug("no room for another {} after {} tries", cls.displayName(), TRIES);
    }

    /** Configuration of a {@link TomogramSimulator}; {@link #build()} validates it. Not thread-safe. */
    public static final class Builder {
        private int nx = 400;
        private int ny = 400;
        private int nz = 120;
        private double voxelSizeAngst = 14.2;
        private long seed = 1;
        private int largeGlobules = -1;
        private int smallGlobules = -1;
        private int flatMembranes = -1;
        private int vesicles = -1;
        private int goldBeads = -1;
        private boolean carbonEdge;
        private double tiltRange = 60;
        private double lowPassAngst = Double.NaN;
        private double highPassAngst = Double.NaN;
        private double snr = 0.5;
        private double specimenFraction = 0.9;
        private double iceDensity = 0.2;
        private double clutter = 0.15;
        private int threads = Parallel.defaultThreads();
        private Ctf ctf;
        private double crowding = 1;
        private double[] smallDiameterAngst = {80, 120};
        private double[] largeDiameterAngst = {250, 300};
        private double[] vesicleDiameterAngst = {400, 900};
        private double[] tubeDiameterAngst = {200, 400};
        private double[] sheetDiameterAngst;
        private ParticleShape[] smallShapes = {ParticleShape.LUMPY};
        private ParticleShape[] largeShapes = {ParticleShape.LUMPY};
        private int curvedSheets;
        private int wavySheets;
        private SheetOrientation sheetOrientation = SheetOrientation.RANDOM;
        private int ellipsoidVesicles;
        private int tubes;
        private int mitochondria;
        private int cristae;
        private double carbonThicknessAngst = 150;
        private double correlatedFraction;
        private double correlationLength = 2;

        private Builder() {
        }

        private Builder copy() {
            Builder c = new Builder();
            c.nx = nx;
            c.ny = ny;
            c.nz = nz;
            c.voxelSizeAngst = voxelSizeAngst;
            c.seed = seed;
            c.largeGlobules = largeGlobules;
            c.smallGlobules = smallGlobules;
            c.flatMembranes = flatMembranes;
            c.vesicles = vesicles;
            c.goldBeads = goldBeads;
            c.carbonEdge = carbonEdge;
            c.tiltRange = tiltRange;
            c.lowPassAngst = lowPassAngst;
            c.highPassAngst = highPassAngst;
            c.snr = snr;
            c.specimenFraction = specimenFraction;
            c.iceDensity = iceDensity;
            c.clutter = clutter;
            c.threads = threads;
            c.ctf = ctf;
            c.crowding = crowding;
            c.smallDiameterAngst = smallDiameterAngst.clone();
            c.largeDiameterAngst = largeDiameterAngst.clone();
            c.vesicleDiameterAngst = vesicleDiameterAngst.clone();
            c.tubeDiameterAngst = tubeDiameterAngst.clone();
            c.sheetDiameterAngst = sheetDiameterAngst == null ? null : sheetDiameterAngst.clone();
            c.smallShapes = smallShapes.clone();
            c.largeShapes = largeShapes.clone();
            c.curvedSheets = curvedSheets;
            c.wavySheets = wavySheets;
            c.sheetOrientation = sheetOrientation;
            c.ellipsoidVesicles = ellipsoidVesicles;
            c.tubes = tubes;
            c.mitochondria = mitochondria;
            c.cristae = cristae;
            c.carbonThicknessAngst = carbonThicknessAngst;
            c.correlatedFraction = correlatedFraction;
            c.correlationLength = correlationLength;
            return c;
        }

        /** Size in voxels (x, y, z); default 400 x 400 x 120. */
        public Builder size(int x, int y, int z) {
            nx = x;
            ny = y;
            nz = z;
            return this;
        }

        /** Voxel edge in Å; default 14.2 (the paper's 3.55 Å binned by 4). */
        public Builder voxelSizeAngst(double a) {
            voxelSizeAngst = a;
            return this;
        }

        public Builder seed(long s) {
            seed = s;
            return this;
        }

        /** Number of large globules (default 220 at 400x400x120, scaled with the volume). */
        public Builder largeGlobules(int n) {
            largeGlobules = checkCount("large globules", n);
            return this;
        }

        /** Number of small globules (default 350 at 400x400x120, scaled with the volume). */
        public Builder smallGlobules(int n) {
            smallGlobules = checkCount("small globules", n);
            return this;
        }

        /** Number of flat membrane sheets (default 3 at 400x400x120, scaled). */
        public Builder flatMembranes(int n) {
            flatMembranes = checkCount("flat membranes", n);
            return this;
        }

        /** Number of vesicles (default 4 at 400x400x120, scaled). */
        public Builder vesicles(int n) {
            vesicles = checkCount("vesicles", n);
            return this;
        }

        /** Number of 10 nm gold beads (default 8 at 400x400x120, scaled). */
        public Builder goldBeads(int n) {
            goldBeads = checkCount("gold beads", n);
            return this;
        }

        /** Whether to add a carbon film with a straight edge (default false). */
        public Builder carbonEdge(boolean on) {
            carbonEdge = on;
            return this;
        }

        /** Largest tilt of the tilt series about y, degrees (default 60; 90 = no missing wedge). */
        public Builder tiltRange(double degrees) {
            tiltRange = degrees;
            return this;
        }

        /** A Gaussian band-pass keeping resolutions between {@code lowAngst} and {@code highAngst} (Å). */
        public Builder bandPassAngst(double lowAngst, double highAngst) {
            highPassAngst = lowAngst;
            lowPassAngst = highAngst;
            return this;
        }

        /**
         * Modulates the signal (not the noise) by a contrast transfer function, e.g. {@code Ctf.typical(4)};
         * null (default) for none. Much harder picking: large-scale contrast is attenuated.
         */
        public Builder ctf(Ctf c) {
            ctf = c;
            return this;
        }

        /** SNR = variance(signal) / variance(noise) after filtering; default 0.5; infinity = no noise. */
        public Builder snr(double s) {
            snr = s;
            return this;
        }

        /** Fraction of z covered by the specimen slab (default 0.9). */
        public Builder specimenFraction(double f) {
            specimenFraction = f;
            return this;
        }

        /** Density of the ice relative to vacuum (default 0.2; protein is about 1). */
        public Builder iceDensity(double d) {
            iceDensity = d;
            return this;
        }

        /** Standard deviation of the smooth cytoplasmic clutter (default 0.15; 0 = none). */
        public Builder clutter(double sd) {
            clutter = sd;
            return this;
        }

        public Builder threads(int n) {
            threads = n;
            return this;
        }

        /**
         * Multiplies the default numbers of large and small globules (those not set explicitly), i.e. the
         * crowding of the cytoplasm; default 1. The default density already fills about a fifth of the volume,
         * so beyond about 2 the placer runs out of room (objects never overlap) and fewer are placed.
         */
        public Builder crowding(double factor) {
            crowding = factor;
            return this;
        }

        /** Diameters (Å) small globules are drawn from, uniformly; default 80-120 (8-12 nm). */
        public Builder smallGlobuleDiameterAngst(double lo, double hi) {
            smallDiameterAngst = range("small globule diameter", lo, hi);
            return this;
        }

        /** Diameters (Å) large globules are drawn from, uniformly; default 250-300 (25-30 nm). */
        public Builder largeGlobuleDiameterAngst(double lo, double hi) {
            largeDiameterAngst = range("large globule diameter", lo, hi);
            return this;
        }

        /**
         * Mid-surface diameters (Å) of vesicles, spherical and ellipsoidal (their mean diameter); default 400-900,
         * clipped to 0.6 of the smallest of x, y and the specimen's depth.
         */
        public Builder vesicleDiameterAngst(double lo, double hi) {
            vesicleDiameterAngst = range("vesicle diameter", lo, hi);
            return this;
        }

        /** Mid-surface diameters (Å) of membrane tubes; default 200-400 (20-40 nm). */
        public Builder tubeDiameterAngst(double lo, double hi) {
            tubeDiameterAngst = range("tube diameter", lo, hi);
            return this;
        }

        /**
         * Diameters (Å) of all membrane sheets (flat, curved, wavy), not clipped: e.g. 1.5 times the tomogram's
         * diagonal for sheets that cross it. By default 800-1600 (80-160 nm), clipped to 0.7 of the smaller of x
         * and y.
         */
        public Builder sheetDiameterAngst(double lo, double hi) {
            sheetDiameterAngst = range("sheet diameter", lo, hi);
            return this;
        }

        /**
         * The shapes small globules take, one drawn uniformly per globule; default {@link ParticleShape#LUMPY}.
         * They stay {@link ObjectClass#SMALL_GLOBULE} whatever their shape.
         */
        public Builder smallGlobuleShapes(ParticleShape... shapes) {
            smallShapes = shapes("small", shapes);
            return this;
        }

        /** The shapes large globules take, as {@link #smallGlobuleShapes}; default {@link ParticleShape#LUMPY}. */
        public Builder largeGlobuleShapes(ParticleShape... shapes) {
            largeShapes = shapes("large", shapes);
            return this;
        }

        /** Number of sheets bent into a cylinder's arc (radius of curvature 1-2.5 sheet radii); default 0. */
        public Builder curvedSheets(int n) {
            curvedSheets = checkCount("curved sheets", n);
            return this;
        }

        /** Number of wavy sheets (sinusoidal, amplitude 5-12 nm, wavelength 50-100 nm); default 0. */
        public Builder wavySheets(int n) {
            wavySheets = checkCount("wavy sheets", n);
            return this;
        }

        /** How all sheets (flat, curved, wavy) are oriented; default {@link SheetOrientation#RANDOM}. */
        public Builder sheetOrientation(SheetOrientation o) {
            sheetOrientation = Objects.requireNonNull(o, "sheet orientation");
            return this;
        }

        /** Number of ellipsoidal vesicles (semi-axes in ratios 1.14-1.41 : 0.8-1 : 1/1.14-1/1.41); default 0. */
        public Builder ellipsoidVesicles(int n) {
            ellipsoidVesicles = checkCount("ellipsoidal vesicles", n);
            return this;
        }

        /** Number of membrane tubes (hollow capsules, 80-240 nm long, lying within 20° of the xy plane); default 0. */
        public Builder tubes(int n) {
            tubes = checkCount("tubes", n);
            return this;
        }

        /**
         * Number of mitochondria-like double membranes: two bilayers on concentric ellipsoids 7-9 nm apart, long
         * semi-axis 60-110 nm (clipped to 0.4 of x, y) lying within 15° of the xy plane; default 0.
         */
        public Builder mitochondria(int n) {
            mitochondria = checkCount("mitochondria", n);
            return this;
        }

        /** Flat cristae (bilayer lamellae across the long axis) in each mitochondrion; default 0 (cristae-free). */
        public Builder cristae(int n) {
            cristae = checkCount("cristae", n);
            return this;
        }

        /** Thickness (Å) of the carbon film of {@link #carbonEdge}; default 150 (15 nm). */
        public Builder carbonThicknessAngst(double angstrom) {
            carbonThicknessAngst = angstrom;
            return this;
        }

        /**
         * Spatially correlated noise: the fraction {@code fraction} (0..1) of the noise variance comes from white
         * noise filtered by a Gaussian of sigma {@code lengthVoxels}, the rest stays white; both then pass through
         * the same wedge and band-pass, and the SNR is as set. Default 0 (white noise only).
         */
        public Builder correlatedNoise(double fraction, double lengthVoxels) {
            correlatedFraction = fraction;
            correlationLength = lengthVoxels;
            return this;
        }

        private static double[] range(String what, double lo, double hi) {
            if (!(lo > 0) || !(hi >= lo) || !Double.isFinite(hi)) {
                throw new IllegalArgumentException(what + " range must satisfy 0 < low <= high (Å), got " + lo + " to "
                        + hi);
            }
            return new double[] {lo, hi};
        }

        private static ParticleShape[] shapes(String what, ParticleShape[] shapes) {
            if (shapes == null || shapes.length == 0 || java.util.Arrays.asList(shapes).contains(null)) {
                throw new IllegalArgumentException("give at least one shape for " + what + " globules, and no null");
            }
            return shapes.clone();
        }

        private static int checkCount(String what, int n) {
            if (n < 0) {
                throw new IllegalArgumentException("number of " + what + " must be >= 0, got " + n);
            }
            return n;
        }

        /** Validates and returns an immutable simulator. */
        public TomogramSimulator build() {
            Volume.voxelCount(nx, ny, nz);
            if (nx < 8 || ny < 8 || nz < 8) {
                throw new IllegalArgumentException("simulated tomograms need at least 8 voxels per axis, got "
                        + nx + "x" + ny + "x" + nz);
            }
            new VoxelSize(voxelSizeAngst, voxelSizeAngst, voxelSizeAngst);
            new FourierFilter(tiltRange, lowPassAngst, highPassAngst);
            if (!(snr > 0)) {
                throw new IllegalArgumentException("SNR must be positive (infinity for no noise), got " + snr);
            }
            if (!(specimenFraction > 0 && specimenFraction <= 1)) {
                throw new IllegalArgumentException("specimen fraction must be in (0, 1], got " + specimenFraction);
            }
            if (!(clutter >= 0) || !Double.isFinite(iceDensity)) {
                throw new IllegalArgumentException("clutter must be >= 0 and ice density finite");
            }
            if (!Double.isNaN(lowPassAngst) && !(lowPassAngst > 0) || !Double.isNaN(highPassAngst) && !(highPassAngst > 0)) {
                throw new IllegalArgumentException("band-pass resolutions must be positive Å");
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, got " + threads);
            }
            if (!(crowding >= 0) || !Double.isFinite(crowding)) {
                throw new IllegalArgumentException("crowding must be a finite factor >= 0, got " + crowding);
            }
            if (!(carbonThicknessAngst > 0) || !Double.isFinite(carbonThicknessAngst)) {
                throw new IllegalArgumentException("carbon thickness must be a positive number of Å, got "
                        + carbonThicknessAngst);
            }
            if (!(correlatedFraction >= 0 && correlatedFraction <= 1)) {
                throw new IllegalArgumentException("the correlated fraction of the noise must lie in [0, 1], got "
                        + correlatedFraction);
            }
            if (!(correlationLength > 0) || !Double.isFinite(correlationLength)) {
                throw new IllegalArgumentException("noise correlation length must be a positive number of voxels, got "
                        + correlationLength);
            }
            return new TomogramSimulator(this);
        }
    }

    @Override
    public String toString() {
        return "TomogramSimulator[" + b.nx + "x" + b.ny + "x" + b.nz + ", " + b.voxelSizeAngst + " Å, seed " + b.seed
                + ", snr " + b.snr + ", tilt ±" + b.tiltRange + "°]";
    }

}
