package org.cryomine.core.simulate;

import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Named simulator configurations for a quality suite: small tomograms (192 x 192 x 96 voxels) that differ in
 * several of the axes real data vary in: voxel size (so the same physical particles are 6-20 voxels across),
 * SNR (0.3-1.0), missing wedge (&plusmn;45-70&deg;), crowding, membrane geometry (spheres, ellipsoids, tubes,
 * double membranes, flat, curved and wavy sheets, upright), particle shape (lumpy, two-lobed, elongated,
 * hollow), gold, carbon, CTF and correlated noise. Each simulates in about a second on two cores; seed it twice
 * for a training and a test tomogram.
 *
 * <p>Sizes in voxels below are particle diameters at the preset's voxel size. Objects keep their classes
 * whatever their shape: every membrane is {@link ObjectClass#MEMBRANE}, particles are large or small globules.
 */
public enum SimulationPreset {

    /**
     * The builder's default content (lumpy balls, gold) with three spherical vesicles and a flat sheet at 14.2 Å, SNR
     * 0.5, ±60° (the default counts, scaled to this size, would give one vesicle and one sheet: too few membranes to
     * measure their segmentation).
     */
    SPHERES_BASELINE("spheres-baseline", 14.2, 0.5, 60, b -> b.vesicles(3).flatMembranes(1)),

    /** Ellipsoidal vesicles and one sheet at 12 Å, SNR 0.7, ±55°, mildly correlated noise; large 17-20, small 7-9 vox. */
    ELLIPSOID_VESICLES("ellipsoid-vesicles", 12, 0.7, 55, b -> b.vesicles(0).ellipsoidVesicles(5).flatMembranes(1)
            .largeGlobuleDiameterAngst(200, 240).smallGlobuleDiameterAngst(80, 110).correlatedNoise(0.3, 1.5)),

    /** Membrane tubes at 14 Å, SNR 0.6, ±65°, fewer globules (crowding 0.8); large 18-20, small 6-9 vox. */
    TUBES("tubes", 14, 0.6, 65, b -> b.tubes(4).vesicles(1).flatMembranes(0).crowding(0.8)
            .largeGlobuleDiameterAngst(250, 280).smallGlobuleDiameterAngst(90, 120)),

    /** A double-membraned mitochondrion with 3 cristae at 16 Å, SNR 0.4, ±50°, correlated noise; 16-20 / 6-8 vox. */
    MITOCHONDRIA("mitochondria", 16, 0.4, 50, b -> b.mitochondria(1).cristae(3).vesicles(1).flatMembranes(0)
            .largeGlobuleDiameterAngst(260, 320).smallGlobuleDiameterAngst(100, 130).correlatedNoise(0.4, 2)),

    /**
     * An upright wavy sheet and an upright curved sheet crossing the tomogram at 12 Å, SNR 0.5, ±55°, strongly
     * correlated noise; large 17-20, small 7-9 vox.
     */
    WAVY_SHEET_UPRIGHT("wavy-sheet-upright", 12, 0.5, 55, b -> b.flatMembranes(0).wavySheets(1).curvedSheets(1)
            .sheetOrientation(SheetOrientation.UPRIGHT).sheetDiameterAngst(3000, 4000).vesicles(1)
            .largeGlobuleDiameterAngst(200, 240).smallGlobuleDiameterAngst(80, 110).correlatedNoise(0.5, 2)),

    /**
     * Two-lobed small globules (8-12 vox) and large ones half two-lobed (15-20 vox) at 10 Å, SNR 0.6, ±55°,
     * two ellipsoidal vesicles, correlated noise.
     */
    TWO_LOBED_PARTICLES("two-lobed-particles", 10, 0.6, 55, b -> b.smallGlobuleShapes(ParticleShape.TWO_LOBED)
            .largeGlobuleShapes(ParticleShape.LUMPY, ParticleShape.TWO_LOBED).smallGlobuleDiameterAngst(80, 120)
            .largeGlobuleDiameterAngst(150, 200).vesicles(0).ellipsoidVesicles(2).flatMembranes(1)
            .correlatedNoise(0.5, 1.5)),

    /**
     * Elongated small globules (rods, 6-9 vox) and hollow large ones (shells, 17-20 vox) with two vesicles and a flat
     * sheet at 14.2 Å, SNR 0.8, ±60°.
     */
    ELONGATED_AND_HOLLOW("elongated-and-hollow", 14.2, 0.8, 60, b -> b.vesicles(2).flatMembranes(1)
            .smallGlobuleShapes(ParticleShape.ELONGATED)
            .largeGlobuleShapes(ParticleShape.HOLLOW).smallGlobuleDiameterAngst(90, 130).largeGlobuleDiameterAngst(240, 280)),

    /** Crowding 1.8 with lumpy and two-lobed small globules at 14.2 Å, SNR 0.3, ±60°, a curved sheet. */
    CROWDED_LOW_SNR("crowded-low-snr", 14.2, 0.3, 60, b -> b.crowding(1.8)
            .smallGlobuleShapes(ParticleShape.LUMPY, ParticleShape.TWO_LOBED).curvedSheets(1)),

    /** A ±45° tilt (wide wedge) at 8 Å, SNR 1.0: large 17-20, small 7.5-11 vox, flat sheets lying in xy. */
    WIDE_WEDGE_SMALL_VOXELS("wide-wedge-small-voxels", 8, 1.0, 45, b -> b.largeGlobuleDiameterAngst(140, 160)
            .smallGlobuleDiameterAngst(60, 90).sheetOrientation(SheetOrientation.FLAT).flatMembranes(2).vesicles(1)),

    /** A carbon film's edge, 8 gold beads and a 3 µm CTF at 18 Å, SNR 0.6, ±70°; large 16-19, small 6-8 vox. */
    CARBON_EDGE_GOLD("carbon-edge-gold", 18, 0.6, 70, b -> b.carbonEdge(true).carbonThicknessAngst(200).goldBeads(8)
            .ctf(Ctf.typical(3)).largeGlobuleDiameterAngst(280, 340).smallGlobuleDiameterAngst(110, 140));

    /** Tomogram size of every preset, voxels (x, y, z). */
    public static final int NX = 192;
    public static final int NY = 192;
    public static final int NZ = 96;

    private final String presetName;
    private final double voxelSizeAngst;
    private final double snr;
    private final double tiltRange;
    private final UnaryOperator<TomogramSimulator.Builder> content;

    SimulationPreset(String presetName, double voxelSizeAngst, double snr, double tiltRange,
                     UnaryOperator<TomogramSimulator.Builder> content) {
        this.presetName = presetName;
        this.voxelSizeAngst = voxelSizeAngst;
        this.snr = snr;
        this.tiltRange = tiltRange;
        this.content = content;
    }

    /** The preset called {@code name} (e.g. {@code "ellipsoid-vesicles"}; case-insensitive). */
    public static SimulationPreset named(String name) {
        for (SimulationPreset p : values()) {
            if (p.presetName.equalsIgnoreCase(name.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("no simulation preset is called '" + name + "'; the presets are "
                + String.join(", ", names()));
    }

    /** Every preset, in declaration order. */
    public static List<SimulationPreset> all() {
        return List.of(values());
    }

    /** The presets' names, in declaration order. */
    public static List<String> names() {
        return all().stream().map(SimulationPreset::presetName).toList();
    }

    /** The preset's name, lower case with hyphens, e.g. {@code "two-lobed-particles"}. */
    public String presetName() {
        return presetName;
    }

    /** Voxel edge in Å. */
    public double voxelSizeAngst() {
        return voxelSizeAngst;
    }

    /** SNR (variance of the filtered signal over that of the filtered noise). */
    public double snr() {
        return snr;
    }

    /** Largest tilt in degrees (the wedge is ±this). */
    public double tiltRange() {
        return tiltRange;
    }

    /**
     * A builder configured as this preset with the given seed; further options (e.g. threads, or overriding
     * anything) may be set on it before {@link TomogramSimulator.Builder#build()}.
     */
    public TomogramSimulator.Builder builder(long seed) {
        TomogramSimulator.Builder b = TomogramSimulator.builder().size(NX, NY, NZ).seed(seed)
                .voxelSizeAngst(voxelSizeAngst).snr(snr).tiltRange(tiltRange);
        return content.apply(b);
    }

    /** Simulates this preset with the given seed (and the default number of threads). */
    public SimulatedTomogram simulate(long seed) {
        return builder(seed).build().simulate();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s (%.1f Å, SNR %.1f, ±%.0f°)", presetName, voxelSizeAngst, snr, tiltRange);
    }
}
