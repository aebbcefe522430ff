package org.cryomine.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.cryomine.pipeline.ImodExport;
import org.cryomine.pipeline.MinedRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cryomine export-imod}: a mined run's picks as IMOD models, one per tomogram. */
@Command(name = "export-imod", mixinStandardHelpOptions = true,
        description = {"Write a mined run's picks as IMOD models (DIR/TOMOGRAM.mod, scattered points) to open over the "
                + "tomogram in 3dmod: one object per selected group with --selection or --group, else one per cluster."})
final class ExportImodCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN", description = "A run directory written by 'cryomine mine'.")
    Path run;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the models.")
    Path out;

    @Option(names = "--sphere-radius", defaultValue = "0", paramLabel = "VOXELS",
            description = "Radius of the spheres 3dmod draws at the points (default ${DEFAULT-VALUE}: points only).")
    int sphereRadius;

    @Option(names = "--force", description = "Replace existing models.")
    boolean force;

    @Mixin
    SelectionOptions selectionOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<ImodExport.ModelWritten> written = ImodExport.picks(MinedRun.open(run),
                selectionOptions.given() ? selectionOptions.selection() : null, out, sphereRadius, force);
        PrintWriter o = spec.commandLine().getOut();
        for (ImodExport.ModelWritten w : written) {
            o.printf("%s: %d picks in %d objects -> %s%n", w.tomogram(), w.points(), w.objects(), w.file());
        }
        o.printf("%d IMOD model(s) written%n", written.size());
        return 0;
    }
}
