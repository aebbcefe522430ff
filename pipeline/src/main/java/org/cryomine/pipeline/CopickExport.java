package org.cryomine.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cryomine.core.AtomicFiles;
import org.cryomine.core.CryomineException;
import org.cryomine.core.ProgressListener;
import org.cryomine.core.VoxelSize;
import org.cryomine.io.Volumes;
import org.cryomine.io.copick.CopickPicks;
import org.cryomine.io.copick.CopickProject;
import org.cryomine.io.copick.CopickSegmentations;
import org.cryomine.io.copick.CopickSession;
import org.cryomine.io.copick.PickableObject;
import org.cryomine.segmentation.Selection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Results written back into a copick project's overlay: a mined run's picks of each selected group as copick pick
 * files, and label maps as copick multilabel segmentations. Each group is written as a pickable object of the
 * project's configuration: the object of the group's name, or the one {@code objectOfGroup} names for it; copick
 * keeps only picks of listed objects. The tomogram names of the dataset are the copick run names, as {@link
 * Dataset#ofCopick} gives them.
 */
public final class CopickExport {

    private static final Logger LOG = LoggerFactory.getLogger(CopickExport.class);

    private CopickExport() {
    }

    /**
     * One pick file written.
     *
     * @param run    the copick run
     * @param object the pickable object
     * @param file   the file
     * @param points number of points in it (0 when the group has no pick in the run)
     */
    public record PicksWritten(String run, String object, Path file, int points) {
    }

    /**
     * Writes, for every tomogram of {@code mined} and every group of {@code selection}, the picks whose cluster is in
     * the group as {@code RUN/Picks/USER_SESSION_OBJECT.json} under the overlay root: locations in Å (voxel centre
     * times the tomogram's voxel size), identity transformations, {@code trust_orientation} false. A group without a
     * pick in a run gets a file without points. Every target is checked before anything is written.
     *
     * @param objectOfGroup group name to pickable object name, for groups not named as their object
     * @throws CryomineException when a group has no listed object, a tomogram is no run of the project, or a file
     *                           exists and {@code overwrite} is false
     */
    public static List<PicksWritten> picks(MinedRun mined, Selection selection, CopickProject project,
                                           Map<String, String> objectOfGroup, CopickSession session, boolean overwrite) {
        selection.requireClustersBelow(mined.k());
        List<PickableObject> objects = project.objectsOf(selection.groupNames(), objectOfGroup);
        Dataset dataset = mined.dataset();
        requireRuns(project, dataset.names());
        List<Path> targets = new ArrayList<>();
        for (String run : dataset.names()) {
            for (PickableObject o : objects) {
                targets.add(project.picksFile(run, session, o.name()));
            }
        }
        requireAbsent(targets, overwrite);
        List<PicksWritten> out = new ArrayList<>();
        for (int t = 0; t < dataset.size(); t++) {
            Dataset.Tomogram tomo = dataset.tomograms().get(t);
            VoxelSize voxel = (t == 0 ? mined.header() : Volumes.readHeader(tomo.path())).voxelSizeOrDefault();
            if (voxel.x() != voxel.y() || voxel.x() != voxel.z()) {
                LOG.warn("{}: voxel size {} is not isotropic; copick's voxel_spacing records x only", tomo.path(), voxel);
            }
            List<Integer> picks = mined.picksOf(t);
            for (int g = 0; g < objects.size(); g++) {
                Set<Integer> clusters = new HashSet<>(selection.groups().get(g).clusters());
                List<CopickPicks.Point> points = new ArrayList<>();
                for (int i : picks) {
                    if (clusters.contains(mined.assignments()[i])) {
                        int[] c = mined.centres().get(i);
                        points.add(CopickPicks.Point.at(c[0] * voxel.x(), c[1] * voxel.y(), c[2] * voxel.z()));
                    }
                }
                String object = objects.get(g).name();
                Path file = project.picksFile(tomo.name(), session, object);
                new CopickPicks(object, session, tomo.name(), voxel.x(), points, false).write(file, overwrite);
                out.add(new PicksWritten(tomo.name(), object, file, points.size()));
            }
        }
        return out;
    }

    /**
     * Writes the label map in {@code labelFile} (values 0 and 1 to n for the n groups, in order) as the multilabel
     * segmentation {@code RUN/Segmentations/VS_USER_SESSION_NAME-multilabel.zarr} under the overlay root, each group's
     * value replaced by its pickable object's copick {@code label}.
     *
     * @param voxelSpacing the copick voxel spacing (Å) of the segmented tomogram
     * @return the store written
     */
    public static Path labelMap(Path labelFile, List<String> groups, CopickProject project, String run,
                                double voxelSpacing, CopickSession session, String name,
                                Map<String, String> objectOfGroup, boolean overwrite) {
        int[] labels = copickLabels(project, groups, objectOfGroup);
        requireRuns(project, List.of(run));
        Path store = project.segmentationStore(run, voxelSpacing, session, name, true);
        return CopickSegmentations.write(labelFile, labels, store, voxelSpacing, overwrite);
    }

    /**
     * One label map segmented into a copick project.
     *
     * @param store   the segmentation written
     * @param written what the segmenter reported (its label map was a scratch file, now removed)
     */
    public record Segmented(Path store, Segmenter.Written written) {
    }

    /**
     * Segments every tomogram of {@code dataset} (named after copick runs) with {@code segmenter} and writes each label
     * map as a multilabel segmentation named {@code name} (see {@link #labelMap}); the label map goes through a
     * scratch file in the system's temporary folder, removed afterwards. Every group's object, run and target store
     * is checked before any segmenting.
     *
     * @param probabilitiesDir where to write each tomogram's probability maps ({@code DIR/RUN/}), or null
     */
    public static List<Segmented> segment(Segmenter segmenter, Dataset dataset, CopickProject project,
                                          double voxelSpacing, CopickSession session, String name,
                                          Map<String, String> objectOfGroup, Path probabilitiesDir, boolean overwrite,
                                          ProgressListener listener) throws IOException {
        List<String> groups = segmenter.model().selection().groupNames();
        copickLabels(project, groups, objectOfGroup);
        requireRuns(project, dataset.names());
        List<Path> stores = new ArrayList<>();
        for (String run : dataset.names()) {
            stores.add(project.segmentationStore(run, voxelSpacing, session, name, true));
        }
        requireAbsent(stores, overwrite);
        List<Segmented> out = new ArrayList<>();
        Path scratch = Files.createTempDirectory("cryomine-copick-");
        try {
            for (Dataset.Tomogram t : dataset.tomograms()) {
                Path labels = scratch.resolve(t.name() + ".mrc");
                Segmenter.Written w = segmenter.segmentFile(t.path(), labels,
                        probabilitiesDir == null ? null : probabilitiesDir.resolve(t.name()), overwrite, listener);
                Path store = labelMap(labels, groups, project, t.name(), voxelSpacing, session, name, objectOfGroup,
                        overwrite);
                AtomicFiles.deleteQuietly(labels);
                out.add(new Segmented(store, w));
            }
        } finally {
            deleteTree(scratch);
        }
        return out;
    }

    private static int[] copickLabels(CopickProject project, List<String> groups, Map<String, String> objectOfGroup) {
        List<PickableObject> objects = project.objectsOf(groups, objectOfGroup);
        int[] labels = new int[groups.size() + 1];
        for (int g = 0; g < objects.size(); g++) {
            labels[g + 1] = objects.get(g).label();
            for (int h = 0; h < g; h++) {
                if (objects.get(h).label() == labels[g + 1]) {
                    throw new CryomineException("copick objects '" + objects.get(h).name() + "' and '"
                            + objects.get(g).name() + "' share label " + labels[g + 1] + " in " + project.config().file()
                            + "; a multilabel segmentation needs distinct labels");
                }
            }
        }
        return labels;
    }

    private static void requireRuns(CopickProject project, List<String> runs) {
        List<String> missing = runs.stream().filter(r -> !project.hasRun(r)).toList();
        if (!missing.isEmpty()) {
            throw new CryomineException("tomogram(s) " + missing + " are no run of the copick project "
                    + project.config().file() + " (its runs: " + project.runs() + "); copick results go to the runs "
                    + "the tomograms came from: mine or segment with --copick");
        }
    }

    private static void requireAbsent(List<Path> targets, boolean overwrite) {
        if (overwrite) {
            return;
        }
        List<Path> existing = targets.stream().filter(Files::exists).toList();
        if (!existing.isEmpty()) {
            throw new CryomineException(existing.size() + " of the copick files exist (" + existing.get(0)
                    + (existing.size() > 1 ? ", ..." : "") + "); choose another session id or replace them (--force)");
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(AtomicFiles::deleteQuietly);
        }
    }
}
