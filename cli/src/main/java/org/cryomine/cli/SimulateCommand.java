package org.cryomine.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.cryomine.core.simulate.SimulatedObject;
import org.cryomine.core.simulate.SimulatedTomogram;
import org.cryomine.core.simulate.SimulationPreset;
import org.cryomine.core.simulate.TomogramSimulator;
import org.cryomine.io.Volumes;
import org.cryomine.io.WriteOptions;
import org.cryomine.io.particles.Particle;
import org.cryomine.io.particles.ParticleLists;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cryomine simulate}: a crowded-cell-like tomogram with ground truth. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Simulate a tomogram with ground truth: membranes, large and small globules, gold, "
                + "optionally a carbon edge; a +-60 degree missing wedge about y; Gaussian noise at a chosen SNR.",
                "Writes DIR/tomogram.mrc, DIR/labels.mrc (0 background, 1 membrane, 2 large globule, 3 small globule, "
                        + "4 carbon, 5 gold) and DIR/objects.star.",
                "--preset simulates one of the quality suite's tomograms (e.g. tubes, carbon-edge-gold); options given "
                        + "beside it override the preset's."})
final class SimulateCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(names = "--preset", paramLabel = "NAME", completionCandidates = PresetNames.class,
            description = "A quality-suite preset, 192x192x96 voxels: ${COMPLETION-CANDIDATES} (`cryomine quality "
                    + "--seeds S` simulates each pair with seeds S and S + 1).")
    String preset;

    /** The simulation presets' names, for the help text. */
    static final class PresetNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return SimulationPreset.names().iterator();
        }
    }

    @Option(names = "--size", defaultValue = "400,400,120", split = ",", paramLabel = "X,Y,Z",
            description = "Size in voxels (default ${DEFAULT-VALUE}).")
    int[] size;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--snr", defaultValue = "0.5",
            description = "Signal-to-noise ratio: signal variance over noise variance (default ${DEFAULT-VALUE}).")
    double snr;

    @Option(names = "--voxel-size", defaultValue = "14.2", paramLabel = "ANGSTROM",
            description = "Voxel size in Å (default ${DEFAULT-VALUE}).")
    double voxelSize;

    @Option(names = "--tilt-range", defaultValue = "60", paramLabel = "DEGREES",
            description = "Largest tilt angle; the wedge beyond it is missing (default ${DEFAULT-VALUE}).")
    double tiltRange;

    @Option(names = "--carbon", description = "Add a carbon film with a straight edge.")
    boolean carbon;

    @Option(names = "--large-globules", paramLabel = "N", description = "Number of large globules (default: by density).")
    Integer largeGlobules;

    @Option(names = "--small-globules", paramLabel = "N", description = "Number of small globules (default: by density).")
    Integer smallGlobules;

    @Option(names = "--membranes", paramLabel = "N", description = "Number of flat membranes (default: by size).")
    Integer membranes;

    @Option(names = "--vesicles", paramLabel = "N", description = "Number of vesicles (default: by size).")
    Integer vesicles;

    @Option(names = "--gold", paramLabel = "N", description = "Number of gold beads (default: by size).")
    Integer gold;

    @Option(names = "--force", description = "Overwrite existing files.")
    boolean force;

    @Option(names = "--quiet", description = "No progress bars.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (size.length != 3) {
            throw new IllegalArgumentException("--size needs three numbers X,Y,Z, got " + size.length);
        }
        TomogramSimulator.Builder b = builder();
        if (largeGlobules != null) {
            b.largeGlobules(largeGlobules);
        }
        if (smallGlobules != null) {
            b.smallGlobules(smallGlobules);
        }
        if (membranes != null) {
            b.flatMembranes(membranes);
        }
        if (vesicles != null) {
            b.vesicles(vesicles);
        }
        if (gold != null) {
            b.goldBeads(gold);
        }
        Files.createDirectories(out);
        Path tomo = out.resolve("tomogram.mrc");
        Path labels = out.resolve("labels.mrc");
        Path objects = out.resolve("objects.star");
        for (Path p : List.of(tomo, labels, objects)) {
            if (!force && Files.exists(p)) {
                throw new IllegalArgumentException(p + " exists; pass --force to overwrite it");
            }
        }
        SimulatedTomogram sim = b.build().simulate(new ConsoleProgress(spec.commandLine().getErr(), quiet));
        write(sim, tomo, labels, objects, force);
        int[] shape = sim.tomogram().shape();
        spec.commandLine().getOut().printf("simulated %dx%dx%d voxels, %d objects, measured SNR %.3f: %s%n",
                shape[0], shape[1], shape[2], sim.objects().size(), sim.measuredSnr(), out);
        return 0;
    }

    /**
     * The simulator as asked: the preset's (when {@code --preset} is given), with the options given on the command
     * line overriding it; without a preset, the options with their defaults.
     */
    private TomogramSimulator.Builder builder() {
        if (preset == null) {
            return TomogramSimulator.builder().size(size[0], size[1], size[2]).seed(seed).snr(snr)
                    .voxelSizeAngst(voxelSize).tiltRange(tiltRange).carbonEdge(carbon);
        }
        TomogramSimulator.Builder b = SimulationPreset.named(preset).builder(seed);
        if (given("--size")) {
            b.size(size[0], size[1], size[2]);
        }
        if (given("--snr")) {
            b.snr(snr);
        }
        if (given("--voxel-size")) {
            b.voxelSizeAngst(voxelSize);
        }
        if (given("--tilt-range")) {
            b.tiltRange(tiltRange);
        }
        if (carbon) {
            b.carbonEdge(true);
        }
        return b;
    }

    private boolean given(String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    /** Writes a simulation's tomogram, labels (mode 0) and object list. */
    static void write(SimulatedTomogram sim, Path tomo, Path labels, Path objects, boolean overwrite) {
        StaleOutputs.cleanBeside(tomo);
        Volumes.write(sim.tomogram(), tomo, WriteOptions.defaults().withOverwrite(overwrite)
                .withLabels(List.of("cryomine simulate, seed " + sim.seed())));
        Volumes.write(sim.labels(), labels, WriteOptions.defaults().withMode(0).withOverwrite(overwrite)
                .withLabels(List.of("cryomine labels: 0 bg 1 membrane 2 large 3 small 4 carbon 5 gold")));
        List<Particle> particles = new ArrayList<>();
        for (SimulatedObject o : sim.objects()) {
            particles.add(new Particle(o.centre(), Double.NaN, -1, o.cls().displayName(), null));
        }
        ParticleLists.writeStar(particles, objects, overwrite);
    }
}
