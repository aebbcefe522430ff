package org.cryomine.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.cryomine.io.copick.CopickProject;
import org.cryomine.pipeline.CopickExport;
import org.cryomine.pipeline.MinedRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cryomine export-copick}: a mined run's picks of the selected groups as copick pick files. */
@Command(name = "export-copick", mixinStandardHelpOptions = true,
        description = {"Write the picks of each selected group as copick pick files into the overlay of the copick "
                + "project the run was mined from (cryomine mine --copick): RUN_NAME/Picks/USER_SESSION_OBJECT.json, "
                + "one per run and group, locations in Å.",
                "Each group is written as the pickable object of its name (or as --copick-object GROUP=OBJECT says); "
                        + "copick keeps only objects its configuration lists."})
final class ExportCopickCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN", description = "A run directory written by 'cryomine mine --copick'.")
    Path run;

    @Option(names = "--copick", required = true, paramLabel = "CONFIG.json",
            description = "The copick project's configuration (the one the run was mined from).")
    Path config;

    @Option(names = "--force", description = "Replace existing pick files of the same user, session and objects.")
    boolean force;

    @Mixin
    SelectionOptions selectionOptions;

    @Mixin
    CopickOutputOptions copick;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<CopickExport.PicksWritten> written = CopickExport.picks(MinedRun.open(run), selectionOptions.selection(),
                CopickProject.open(config), copick.objects, copick.session(), force);
        PrintWriter o = spec.commandLine().getOut();
        for (CopickExport.PicksWritten w : written) {
            o.printf("%s: %d %s pick(s) -> %s%n", w.run(), w.points(), w.object(), w.file());
        }
        o.printf("%d copick pick file(s) written%n", written.size());
        return 0;
    }
}
