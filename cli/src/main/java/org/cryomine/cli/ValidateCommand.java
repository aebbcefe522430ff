package org.cryomine.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.cryomine.io.ReadOptions;
import org.cryomine.io.VolumeFormat;
import org.cryomine.io.VolumeFormatException;
import org.cryomine.io.Volumes;
import org.cryomine.io.mrc.MrcValidator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cryomine validate FILE}: every problem found, one per line (for MRC the tests of mrcfile's
 * validate); exit 0 when valid, 1 when not. Files of other formats are valid when they read completely.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check a volume file: for MRC, against the MRC2014 specification (as mrcfile's validate).",
            "Exit code 0 when valid, 1 when not."})
public final class ValidateCommand implements Callable<Integer> {

    /** Exit code for a file with problems. */
    public static final int EXIT_INVALID = 1;

    @Parameters(index = "0", paramLabel = "FILE", description = "The volume file.")
    Path file;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<String> problems = problems(file);
        PrintWriter out = spec.commandLine().getOut();
        for (String p : problems) {
            out.println(p);
        }
        if (problems.isEmpty()) {
            out.println(file + ": valid");
        } else {
            out.println(file + ": " + problems.size() + (problems.size() == 1 ? " problem" : " problems"));
        }
        out.flush();
        return problems.isEmpty() ? 0 : EXIT_INVALID;
    }

    private static List<String> problems(Path file) {
        VolumeFormat format;
        try {
            format = Volumes.formatFor(file);
        } catch (VolumeFormatException e) {
            if (e.getMessage().endsWith("no such file")) {
                throw e;
            }
            return List.of(e.getMessage());
        }
        if (format.id().equals("mrc")) {
            return MrcValidator.validate(file);
        }
        List<String> problems = new ArrayList<>();
        try {
            format.read(file, ReadOptions.STRICT.withAllowStacks(true));
        } catch (VolumeFormatException e) {
            problems.add(e.getMessage());
        }
        return problems;
    }
}
