package org.cryomine.io.copick;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.cryomine.core.CryomineException;

/**
 * A copick project on the local file system, laid out as copick's {@code CopickRootFSSpec} and its children lay it
 * out (copick/copick {@code src/copick/impl/filesystem.py}):
 * <pre>
 * ROOT/ExperimentRuns/RUN/VoxelSpacing10.000/TOMO_TYPE.zarr                      a tomogram (OME-Zarr)
 * ROOT/ExperimentRuns/RUN/Picks/USER_SESSION_OBJECT.json                         picks of one object
 * ROOT/ExperimentRuns/RUN/Segmentations/10.000_USER_SESSION_NAME-multilabel.zarr  a label map
 * </pre>
 * Runs, voxel spacings and tomograms are read from the static root and then the overlay root (copick lists
 * both); everything cryomine writes goes under the overlay root. Hidden entries (a leading '.') are skipped, and
 * {@code .zarr} folders whose name holds "features" are feature maps, not tomograms, as in copick. Immutable; the
 * listings read the file system on each call.
 *
 * @param config the configuration
 */
public record CopickProject(CopickConfig config) {

    public CopickProject {
        Objects.requireNonNull(config, "config");
    }

    /** Reads the configuration file (see {@link CopickConfig#read}). */
    public static CopickProject open(Path configFile) {
        return new CopickProject(CopickConfig.read(configFile));
    }

    /** The run names of both roots, sorted, each once (copick's {@code CopickRootFSSpec.query}). */
    public List<String> runs() {
        TreeSet<String> names = new TreeSet<>();
        for (Path root : roots()) {
            names.addAll(subfolders(root.resolve("ExperimentRuns"), ""));
        }
        return List.copyOf(names);
    }

    /** Whether either root holds run {@code run}. */
    public boolean hasRun(String run) {
        return roots().stream().anyMatch(r -> Files.isDirectory(r.resolve("ExperimentRuns").resolve(run)));
    }

    /** The voxel spacings (Å) of run {@code run} in both roots, ascending, as their folder names give them. */
    public List<Double> voxelSpacings(String run) {
        TreeSet<Double> out = new TreeSet<>();
        for (Path root : roots()) {
            for (String f : subfolders(root.resolve("ExperimentRuns").resolve(run), "VoxelSpacing")) {
                try {
                    out.add(Double.parseDouble(f.substring("VoxelSpacing".length())));
                } catch (NumberFormatException e) {
                    // not a voxel spacing folder; copick would fail on it, cryomine passes it by
                }
            }
        }
        return List.copyOf(out);
    }

    /** The tomogram types of run {@code run} at voxel spacing {@code angst} in both roots, sorted. */
    public List<String> tomogramTypes(String run, double angst) {
        TreeSet<String> out = new TreeSet<>();
        for (Path root : roots()) {
            for (String f : subfolders(voxelSpacingFolder(root, run, angst), "")) {
                if (f.endsWith(".zarr") && !f.contains("features")) {
                    out.add(f.substring(0, f.length() - ".zarr".length()));
                }
            }
        }
        return List.copyOf(out);
    }

    /** The tomogram of run {@code run}, voxel spacing {@code angst} and type {@code tomoType}, if either root has it. */
    public Optional<Path> findTomogram(String run, double angst, String tomoType) {
        return roots().stream().map(r -> voxelSpacingFolder(r, run, angst).resolve(tomoType + ".zarr"))
                .filter(Files::isDirectory).findFirst();
    }

    /**
     * The tomogram of run {@code run}, voxel spacing {@code angst} (Å) and type {@code tomoType}: the static root's if
     * it has one, else the overlay root's.
     *
     * @throws CryomineException saying what the project has instead (runs, voxel spacings, tomogram types)
     */
    public Path tomogram(String run, double angst, String tomoType) {
        return findTomogram(run, angst, tomoType).orElseThrow(() -> new CryomineException(missing(run, angst, tomoType)));
    }

    /** Why run {@code run} has no tomogram of type {@code tomoType} at {@code angst} Å, and what it has instead. */
    public String missing(String run, double angst, String tomoType) {
        String where = "the copick project " + config.file();
        if (!hasRun(run)) {
            return where + " has no run '" + run + "'; its runs: " + listed(runs());
        }
        List<Double> spacings = voxelSpacings(run);
        String vs = CopickNames.voxelSpacing(angst);
        if (spacings.stream().noneMatch(s -> CopickNames.voxelSpacing(s).equals(vs))) {
            return where + " has no voxel spacing " + vs + " Å in run '" + run + "'; it has "
                    + listed(spacings.stream().map(CopickNames::voxelSpacing).toList());
        }
        return where + " has no tomogram of type '" + tomoType + "' at " + vs + " Å in run '" + run + "'; it has "
                + listed(tomogramTypes(run, angst));
    }

    /** The overlay folder of run {@code run}, where cryomine writes. */
    public Path overlayRun(String run) {
        return config.overlayRoot().resolve("ExperimentRuns").resolve(run);
    }

    /** Where copick keeps the picks of {@code objectName} by {@code session} in run {@code run} (overlay root). */
    public Path picksFile(String run, CopickSession session, String objectName) {
        CopickNames.requireValid("pickable object name", objectName);
        return overlayRun(run).resolve("Picks").resolve(session.userId() + "_" + session.sessionId() + "_" + objectName
                + ".json");
    }

    /**
     * Where copick keeps a segmentation (overlay root): {@code Segmentations/VS_USER_SESSION_NAME[-multilabel].zarr}
     * with the voxel spacing {@code angst} written as {@link CopickNames#voxelSpacing}.
     */
    public Path segmentationStore(String run, double angst, CopickSession session, String name, boolean multilabel) {
        CopickNames.requireValid("segmentation name", name);
        return overlayRun(run).resolve("Segmentations").resolve(CopickNames.voxelSpacing(angst) + "_" + session.userId()
                + "_" + session.sessionId() + "_" + name + (multilabel ? "-multilabel" : "") + ".zarr");
    }

    /**
     * The pickable object of each group: the object named by the group, or by {@code renames} (group name to object
     * name) where it names the group. copick refuses picks of objects its configuration does not list ({@code
     * CopickRun.new_picks}), so cryomine does too; and two groups may not share an object, whose pick file and label
     * they would share.
     *
     * @throws CryomineException naming every group without an object and the objects the configuration lists, or
     *         the groups that share one
     */
    public List<PickableObject> objectsOf(List<String> groups, Map<String, String> renames) {
        List<PickableObject> out = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String g : groups) {
            String name = renames.getOrDefault(g, g);
            Optional<PickableObject> o = config.object(name);
            if (o.isPresent()) {
                out.add(o.get());
            } else {
                unknown.add(name.equals(g) ? "'" + g + "'" : "'" + g + "' (as '" + name + "')");
            }
        }
        for (String g : renames.keySet()) {
            if (!groups.contains(g)) {
                throw new CryomineException("no group '" + g + "' to give a copick object; the groups are " + groups);
            }
        }
        if (!unknown.isEmpty()) {
            throw new CryomineException("the copick project " + config.file() + " lists no pickable object for group(s) "
                    + String.join(", ", unknown) + "; copick only keeps picks of listed objects. Name a listed object "
                    + "for each group (GROUP=OBJECT, e.g. " + groups.get(0) + "=" + (config.objects().isEmpty()
                    ? "ribosome" : config.objects().get(0).name()) + ") or add the object to the configuration; "
                    + "listed objects: " + listed(config.objectNames()));
        }
        Map<String, String> groupOf = new java.util.HashMap<>();
        for (int i = 0; i < out.size(); i++) {
            String before = groupOf.putIfAbsent(out.get(i).name(), groups.get(i));
            if (before != null) {
                throw new CryomineException("groups '" + before + "' and '" + groups.get(i) + "' would both be copick "
                        + "object '" + out.get(i).name() + "'; give each group its own object");
            }
        }
        return out;
    }

    private List<Path> roots() {
        return config.staticRoot().equals(config.overlayRoot()) ? List.of(config.overlayRoot())
                : List.of(config.staticRoot(), config.overlayRoot());
    }

    private static Path voxelSpacingFolder(Path root, String run, double angst) {
        return root.resolve("ExperimentRuns").resolve(run).resolve("VoxelSpacing" + CopickNames.voxelSpacing(angst));
    }

    private static List<String> subfolders(Path dir, String prefix) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".") && n.startsWith(prefix)).sorted().toList();
        } catch (IOException e) {
            throw new CryomineException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String listed(List<?> items) {
        return items.isEmpty() ? "none" : items.toString();
    }
}
