package org.cryomine.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.cryomine.core.CryomineException;
import org.cryomine.pipeline.MinedRun;
import org.cryomine.pipeline.SelectionTransfer;
import org.cryomine.segmentation.Selection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cryomine select}: a selection file without a browser, from groups named or carried over from another run. */
@Command(name = "select", mixinStandardHelpOptions = true,
        description = {"Write a selection file for RUN without a browser: from --group NAME=C1,C2 options, or carried "
                + "over from a selection made on another run (--like) by matching cluster centres one to one.",
                "Runs that share the autoencoder are matched by their clusters' mean codes (distance in units of the "
                + "clusters' spread); others by their decoded centres (distance 1 - normalised cross-correlation). "
                + "Each match is printed with its distance; matches beyond --max-distance are refused."})
final class SelectCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN", description = "The run directory the selection is for.")
    Path run;

    @Option(names = "--out", required = true, paramLabel = "SEL.json", description = "The selection file to write.")
    Path out;

    @Option(names = "--like", paramLabel = "OTHER_SEL.json",
            description = "A selection made on another run, to carry over to RUN.")
    Path like;

    @Option(names = "--like-run", paramLabel = "OTHER_RUN",
            description = "The run --like was made on (default: the folder holding the --like file).")
    Path likeRun;

    @Option(names = "--group", paramLabel = "NAME=C1,C2",
            description = "A group of RUN's clusters, e.g. --group membrane=3,17 --group globule=5,9.")
    List<String> groups;

    @Option(names = "--max-distance", defaultValue = "0.5", paramLabel = "D",
            description = "Largest accepted match distance (default ${DEFAULT-VALUE}).")
    double maxDistance;

    @Option(names = "--allow-partial",
            description = "Write the matched clusters even when some are refused (otherwise nothing is written).")
    boolean allowPartial;

    @Option(names = "--force", description = "Overwrite the output file.")
    boolean force;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if ((like == null) == (groups == null || groups.isEmpty())) {
            throw new IllegalArgumentException("give either --like OTHER_SEL.json or one or more --group NAME=C1,C2");
        }
        MinedRun target = MinedRun.open(run);
        PrintWriter o = spec.commandLine().getOut();
        if (like == null) {
            Selection selection = Selection.parse(groups).requireClustersBelow(target.k());
            selection.save(out, force);
            o.printf("selection of %d group(s) written to %s%n", selection.groups().size(), out);
            return 0;
        }
        Path source = likeRun != null ? likeRun : like.toAbsolutePath().getParent();
        if (source == null || !Files.exists(source.resolve("manifest.json"))) {
            throw new IllegalArgumentException(like + " is not inside a run folder; name the run it was made on with "
                    + "--like-run OTHER_RUN");
        }
        MinedRun from = MinedRun.open(source);
        SelectionTransfer.Result r = SelectionTransfer.transfer(from, Selection.load(like), target, maxDistance);
        o.printf("matching %s (k = %d) to %s (k = %d) by %s%n", source, from.k(), run, target.k(),
                r.method() == SelectionTransfer.Method.CODES ? "mean codes (the runs share the autoencoder)"
                        : "decoded centres (normalised cross-correlation)");
        for (SelectionTransfer.Match m : r.matches()) {
            o.printf(Locale.ROOT, "  %s: cluster %d -> %s  distance %s%s%n", m.group(), m.from(),
                    m.to() < 0 ? "none" : Integer.toString(m.to()),
                    Double.isFinite(m.distance()) ? String.format(Locale.ROOT, "%.3f", m.distance()) : "-",
                    m.accepted() ? "" : "  REFUSED (beyond --max-distance " + maxDistance + ")");
        }
        if (r.selection() == null) {
            throw new CryomineException("no cluster of " + like + " has a match within --max-distance " + maxDistance
                    + " in " + run + "; raise --max-distance or select with --group");
        }
        if (!r.refused().isEmpty() && !allowPartial) {
            throw new CryomineException(r.refused().size() + " of " + r.matches().size() + " selected clusters have no "
                    + "match within --max-distance " + maxDistance + "; nothing written (raise --max-distance, or "
                    + "--allow-partial to write the others)");
        }
        r.selection().save(out, force);
        o.printf("selection of %d group(s) written to %s%n", r.selection().groups().size(), out);
        return 0;
    }
}
