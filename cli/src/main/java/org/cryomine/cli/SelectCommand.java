package org.cryomine.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.cryomine.core.CryomineException;
import org.cryomine.core.Volume;
import org.cryomine.demo.LabelMapSelector;
import org.cryomine.io.VolumeHeader;
import org.cryomine.io.Volumes;
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
        description = {"Write a selection file for RUN without a browser: from --group NAME=C1,C2 options, carried "
                + "over from a selection made on another run (--like) by matching cluster centres one to one, or from "
                + "an annotation (--from-labels LABELS.mrc --class NAME=L1,L2): the clusters whose members mostly lie "
                + "on one group's labels.",
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

    @Option(names = "--from-labels", paramLabel = "LABELS.mrc",
            description = "A label map on the mined tomogram's grid (one per tomogram of a dataset run, in its order); "
                    + "each pick takes the label at its centre (or the commonest non-zero label within 2 voxels).")
    List<Path> fromLabels;

    @Option(names = "--class", paramLabel = "NAME=L1,L2",
            description = "With --from-labels: a group and the labels it takes, e.g. --class membrane=1 --class globule=2,3.")
    List<String> classes;

    @Option(names = "--min-fraction", defaultValue = "0.5", paramLabel = "F",
            description = "With --from-labels: share of a cluster's members that must be of the group "
                    + "(default ${DEFAULT-VALUE}).")
    double minFraction;

    @Option(names = "--max-distance", defaultValue = "0.5", paramLabel = "D",
            description = "Largest accepted match distance (default ${DEFAULT-VALUE}).")
    double maxDistance;

    @Option(names = "--allow-partial",
            description = "Write the matched clusters even when some are refused (otherwise nothing is written).")
    boolean allowPartial;

    @Option(names = "--kind", paramLabel = "NAME=KIND",
            description = "What a group holds: membrane, particle or other (extended objects: carbon, filaments), e.g. "
                    + "--kind envelope=membrane --kind carbon=other. Without it a group named with 'membrane' or "
                    + "'vesicle' is a membrane and any other a particle; segment completes membranes' hidden caps and "
                    + "removes particle pieces far larger than one particle.")
    Map<String, String> kinds = new LinkedHashMap<>();

    @Option(names = "--force", description = "Overwrite the output file.")
    boolean force;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        boolean byGroups = groups != null && !groups.isEmpty();
        boolean byLabels = fromLabels != null && !fromLabels.isEmpty();
        if ((like != null ? 1 : 0) + (byGroups ? 1 : 0) + (byLabels ? 1 : 0) != 1) {
            throw new IllegalArgumentException("give one of --like OTHER_SEL.json, --group NAME=C1,C2 or --from-labels "
                    + "LABELS.mrc with --class NAME=L1,L2");
        }
        if (byLabels != (classes != null && !classes.isEmpty())) {
            throw new IllegalArgumentException("--from-labels and --class go together: name each group's labels, e.g. "
                    + "--class membrane=1 --class globule=2,3");
        }
        MinedRun target = MinedRun.open(run);
        PrintWriter o = spec.commandLine().getOut();
        if (byLabels) {
            Selection selection = withKinds(fromLabels(target));
            selection.save(out, force);
            for (Selection.Group g : selection.groups()) {
                o.printf("  %s (%s): clusters %s%n", g.name(), g.kind().label(), g.clusters());
            }
            o.printf("selection of %d group(s) written to %s%n", selection.groups().size(), out);
            return 0;
        }
        if (like == null) {
            Selection selection = withKinds(Selection.parse(groups).requireClustersBelow(target.k()));
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
        withKinds(r.selection()).save(out, force);
        o.printf("selection of %d group(s) written to %s%n", r.selection().groups().size(), out);
        return 0;
    }

    /** The selection with the groups --kind names of the kinds it gives. */
    private Selection withKinds(Selection selection) {
        Selection out = selection;
        for (Map.Entry<String, String> e : kinds.entrySet()) {
            out = out.withKind(e.getKey(), Selection.Kind.parse(e.getValue()));
        }
        return out;
    }

    /** Each pick's label from its tomogram's label map, then the clusters mostly of one group's labels. */
    private Selection fromLabels(MinedRun target) {
        int n = target.dataset().size();
        if (fromLabels.size() != n) {
            throw new IllegalArgumentException(run + " holds " + n + " tomogram(s) but " + fromLabels.size()
                    + " label map(s) were given; give one --from-labels per tomogram, in the run's order");
        }
        Map<String, List<Integer>> wanted = new LinkedHashMap<>();
        for (Selection.Group g : Selection.parse(classes).groups()) {
            wanted.put(g.name(), g.clusters());
        }
        int[] labels = new int[target.assignments().length];
        for (int t = 0; t < n; t++) {
            Volume map = Volumes.read(fromLabels.get(t));
            VolumeHeader h = target.dataset().size() == 1 ? target.header()
                    : Volumes.readHeader(target.dataset().tomograms().get(t).path());
            if (map.nx() != h.nx() || map.ny() != h.ny() || map.nz() != h.nz()) {
                throw new IllegalArgumentException(fromLabels.get(t) + " is " + map.nx() + "x" + map.ny() + "x" + map.nz()
                        + " voxels but the mined tomogram is " + h.nx() + "x" + h.ny() + "x" + h.nz()
                        + "; the label map must lie on the tomogram's grid");
            }
            List<Integer> picks = target.picksOf(t);
            int[] at = LabelMapSelector.labelsAt(map, picks.stream().map(target.centres()::get).toList());
            for (int i = 0; i < at.length; i++) {
                labels[picks.get(i)] = at[i];
            }
        }
        return LabelMapSelector.select(target.assignments(), labels, wanted, minFraction);
    }
}
