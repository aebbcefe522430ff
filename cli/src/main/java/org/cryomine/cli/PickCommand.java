package org.cryomine.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.cryomine.core.Volume;
import org.cryomine.core.accel.Accelerators;
import org.cryomine.core.pick.Peak;
import org.cryomine.core.pick.SlabPicker;
import org.cryomine.core.pick.SubvolumePicker;
import org.cryomine.io.Volumes;
import org.cryomine.io.particles.Particle;
import org.cryomine.io.imod.ImodModelWriter;
import org.cryomine.io.particles.ParticleLists;
import org.cryomine.pipeline.FileRegionSource;
import org.cryomine.pipeline.PipelineListener;
import org.cryomine.pipeline.Recipe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cryomine pick}: template-free DoG picking into a STAR file. */
@Command(name = "pick", mixinStandardHelpOptions = true,
        description = {"Pick particles with a Difference of Gaussians and write their centres (voxels) with a "
                + "cryomineScore column, strongest first.",
                "A tomogram larger than memory is read by z-slabs (--read), with the same picks."})
final class PickCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "TOMO", description = "The tomogram (MRC, or a TIFF stack).")
    Path tomogram;

    @Option(names = "--out", required = true, paramLabel = "PICKS.star",
            description = "Output picks: STAR (RELION 5 columns), or by extension .csv or .mod (an IMOD model).")
    Path out;

    @Option(names = "--box", defaultValue = "32", paramLabel = "VOXELS",
            description = "Box edge in voxels, a multiple of 4; picks whose box leaves the tomogram are skipped "
                    + "unless the recipe or --boundary keeps them (default ${DEFAULT-VALUE}).")
    int box;

    @Option(names = "--recipe", defaultValue = "recommended", paramLabel = "NAME",
            description = "Whose picker: recommended (default) or paper; the options below override single settings.")
    String recipe;

    @Option(names = "--box-angst", paramLabel = "ANGSTROM", description = "Box edge in Å (overrides --box).")
    Double boxAngst;

    @Option(names = "--force", description = "Overwrite the output file.")
    boolean force;

    @Mixin
    RegionReadOptions reading;

    @Option(names = "--quiet", description = "No progress bars.")
    boolean quiet;

    @Mixin
    PickingOptions picking;

    @Mixin
    TimingOptions timing;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        timing.begin();
        FileRegionSource source = FileRegionSource.open(tomogram);
        int edge = boxAngst == null ? box : BoxSizes.fromAngst(boxAngst, source.voxelSize().x());
        SubvolumePicker picker = picking.picker(Recipe.parse(recipe).picker(edge), edge);
        PipelineListener progress = timing.listen(new ConsoleProgress(spec.commandLine().getErr(), quiet));
        timing.lap("open");
        List<Peak> peaks;
        if (reading.access().byRegion(source.header())) {
            peaks = SlabPicker.of(picker).withMemoryBudget(reading.regionMemoryBytes()).findPeaks(source, progress);
        } else {
            Volume volume = Volumes.read(tomogram);
            timing.lap("read");
            Accelerators.dog(); // probed once per JVM; timed on its own here
            timing.lap("accelerator probe");
            peaks = picker.findPeaks(volume, progress);
        }
        timing.lap("peaks");
        String name = org.cryomine.pipeline.Dataset.nameOf(tomogram); // as mine names it (rlnTomoName)
        List<Particle> particles = new ArrayList<>(peaks.size());
        for (Peak p : peaks) {
            particles.add(new Particle(p.position(), p.score(), -1, null, name));
        }
        StaleOutputs.cleanBeside(out);
        String file = out.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (file.endsWith(".mod")) {
            org.cryomine.io.VolumeHeader h = source.header();
            ImodModelWriter.write(particles, out, h.nx(), h.ny(), h.nz(), h.voxelSizeOrDefault().x(), 0, force);
        } else if (file.endsWith(".csv")) {
            ParticleLists.writeCsv(particles, out, force);
        } else {
            // RELION 5's centred Å coordinates need the tomogram's size and voxel size
            ParticleLists.writeStar(particles, out, force, java.util.Map.of(name,
                    ParticleLists.Geometry.of(source.header())));
        }
        timing.lap("write");
        spec.commandLine().getOut().printf("%d picks written to %s%n", particles.size(), out);
        spec.commandLine().getOut().flush();
        timing.print(spec.commandLine().getErr(), "output");
        return 0;
    }
}
