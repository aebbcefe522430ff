package org.cryomine.core.simulate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
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
            objects.add(CarbonFilm.render(p, nx, ny, nz, 15 / nm, place));
        }
        int sheets = count(b.flatMembranes, 3);
        for (int i = 0; i < sheets; i++) {
            double radius = Math.min(Shape.uniform(place, 40, 80) / nm, 0.35 * Math.min(nx, ny));
            double t = Shape.uniform(place, 4, 6) / nm;
            place(p, objects, ObjectClass.MEMBRANE, "sheet", 2 * radius, place, zLo, zHi, 0,
                    (c, o) -> new Shape.Sheet(c, o, radius, t));
        }
        int vesicles = count(b.vesicles, 4);
        for (int i = 0; i < vesicles; i++) {
            double radius = Math.min(Shape.uniform(place, 20, 45) / nm, 0.3 * Math.min(Math.min(nx, ny), zHi - zLo));
            double t = Shape.uniform(place, 4, 6) / nm;
            place(p, objects, ObjectClass.MEMBRANE, "vesicle", 2 * radius, place, zLo, zHi, radius + t,
                    (c, o) -> new Shape.Vesicle(c, o, radius, t));
        }
        int gold = count(b.goldBeads, 8);
        for (int i = 0; i < gold; i++) {
            double radius = 5 / nm;
            place(p, objects, ObjectClass.GOLD, "ball", 2 * radius, place, zLo, zHi, radius,
                    (c, o) -> Shape.Blobs.ball(c, radius, 4.0));
        }
        listener.onProgress("place", 1, 3);
        listener.checkCancelled();
        int large = count(b.largeGlobules, 220);
        for (int i = 0; i < large; i++) {
            double radius = Shape.uniform(place, 12.5, 15) / nm;
            long s = place.nextLong();
            place(p, objects, ObjectClass.LARGE_GLOBULE, "globule", 2 * radius, place, zLo, zHi, radius,
                    (c, o) -> Shape.Blobs.largeGlobule(c, o, radius, new SplittableRandom(s)));
        }
        listener.onProgress("place", 2, 3);
        listener.checkCancelled();
        int small = count(b.smallGlobules, 350);
        for (int i = 0; i < small; i++) {
            double radius = Shape.uniform(place, 4, 6) / nm;
            long s = place.nextLong();
            place(p, objects, ObjectClass.SMALL_GLOBULE, "globule", 2 * radius, place, zLo, zHi, radius,
                    (c, o) -> Shape.Blobs.smallGlobule(c, o, radius, new SplittableRandom(s)));
        }
        listener.onProgress("place", 3, 3);
        listener.checkCancelled();

        float[] signal = specimen(p, nx, ny, nz, zLo, zHi, root.split().nextLong());
        float[] noise = new float[signal.length];
        if (Double.isFinite(b.snr)) {
            float[] g = Volume.gaussianNoise(nx, ny, nz, noiseRandom.nextLong()).data();
            System.arraycopy(g, 0, noise, 0, g.length);
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

    private int count(int explicit, int atDefaultSize) {
        if (explicit >= 0) {
            return explicit;
        }
        return (int) Math.round(atDefaultSize * (double) b.nx * b.ny * b.nz / DEFAULT_VOXELS);
    }

    private interface ShapeFactory {
        Shape make(Vec3 centre, Orientation o);
    }

    private void place(Placer p, List<SimulatedObject> objects, ObjectClass cls, String kind, double size,
                       SplittableRandom rnd, double zLo, double zHi, double zMargin, ShapeFactory f) {
        for (int t = 0; t < TRIES; t++) {
            double lo = zLo + zMargin;
            double hi = zHi - zMargin;
            if (hi < lo) {
                lo = (zLo + zHi) / 2;
                hi = lo;
            }
            Vec3 c = new Vec3(Math.floor(rnd.nextDouble() * b.nx), Math.floor(rnd.nextDouble() * b.ny),
                    Math.floor(Shape.uniform(rnd, lo, hi)));
            Orientation o = Orientation.random(rnd);
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
            return new TomogramSimulator(this);
        }
    }

    @Override
    public String toString() {
        return "TomogramSimulator[" + b.nx + "x" + b.ny + "x" + b.nz + ", " + b.voxelSizeAngst + " Å, seed " + b.seed
                + ", snr " + b.snr + ", tilt ±" + b.tiltRange + "°]";
    }

}
