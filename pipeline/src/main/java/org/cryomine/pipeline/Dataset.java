package org.cryomine.pipeline;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.cryomine.core.CryomineException;
import org.cryomine.io.copick.CopickNames;
import org.cryomine.io.copick.CopickProject;
import org.cryomine.io.star.StarBlock;
import org.cryomine.io.star.StarFile;
import org.cryomine.io.star.StarLoop;

/**
 * The tomograms of one run, each with a name that is unique in the dataset (RELION's {@code rlnTomoName}); the
 * unit of work of {@code mine} and {@code segment}. Immutable.
 *
 * @param tomograms the tomograms in order; their names are unique
 */
public record Dataset(List<Tomogram> tomograms) {

    /** Extensions of the volume files a folder or a glob contributes. */
    private static final List<String> VOLUME_EXTENSIONS = List.of(".mrc", ".map", ".rec", ".mrc.gz", ".map.gz",
            ".mrc.bz2", ".tif", ".tiff", ".zarr", ".hdf");

    /** STAR columns that may hold a tomogram's path, in order of preference. */
    private static final List<String> PATH_COLUMNS = List.of("rlnTomoReconstructedTomogram", "rlnTomoTomogram",
            "cryomineTomogram", "rlnImageName");

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._+-]+");

    private static final Logger LOG = LoggerFactory.getLogger(Dataset.class);

    /**
     * One tomogram of a dataset.
     *
     * @param name its name: letters, digits and {@code . _ + -}; label maps and per-tomogram files are named after it
     * @param path its file
     */
    public record Tomogram(String name, Path path) {
        public Tomogram {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new CryomineException("tomogram name '" + name + "' of " + path + " must be letters, digits and "
                        + ". _ + - only; rename the file or give the name in a STAR list (rlnTomoName)");
            }
        }
    }

    public Dataset {
        tomograms = List.copyOf(tomograms);
        if (tomograms.isEmpty()) {
            throw new CryomineException("the dataset holds no tomogram; give files, a folder, a glob or a list file");
        }
        Map<String, Path> seen = new LinkedHashMap<>();
        List<String> clashes = new ArrayList<>();
        for (Tomogram t : tomograms) {
            Path before = seen.putIfAbsent(t.name(), t.path());
            if (before != null) {
                clashes.add("'" + t.name() + "' (" + before + " and " + t.path() + ")");
            }
        }
        if (!clashes.isEmpty()) {
            throw new CryomineException("tomogram names must be unique in a dataset, but these repeat: "
                    + String.join(", ", clashes) + "; list the tomograms in a STAR file with distinct rlnTomoName values");
        }
    }

    /** A dataset of the given files, each named after its file name without the volume extension. */
    public static Dataset of(List<Path> files) {
        return new Dataset(files.stream().map(f -> new Tomogram(nameOf(f), f)).toList());
    }

    /**
     * The dataset that command-line arguments describe, in order: each is a volume file, a folder (its volume
     * files, sorted by name), a glob such as {@code data/TS_*.mrc}, a STAR file listing tomograms ({@code
     * rlnTomoName} and a path in {@code rlnTomoReconstructedTomogram}; RELION 5's {@code tomograms.star}), or a
     * text file with one path per line ({@code #} starts a comment). Relative paths in list files are relative to
     * the list file's folder. Every missing file is reported at once, before any work.
     *
     * @throws CryomineException when a file is missing, a list is malformed, or names repeat
     */
    public static Dataset parse(List<String> arguments) {
        List<Tomogram> out = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String arg : arguments) {
            try {
                out.addAll(expand(arg, problems));
            } catch (IOException e) {
                problems.add(arg + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new CryomineException("cannot list the tomograms: " + String.join("; ", problems));
        }
        return new Dataset(out);
    }

    /**
     * The tomograms of a copick project: of each run, the tomogram of type {@code tomoType} at voxel spacing {@code
     * voxelSpacing}, named after the run (so picks and label maps written back find their run).
     *
     * @param voxelSpacing Å, as copick names the folder ({@code VoxelSpacing10.000})
     * @param runs         the runs to take, in order; empty: every run of the project that has such a tomogram
     *                     (sorted by name; runs without one are logged and left out)
     * @throws CryomineException when a named run lacks the tomogram, or no run has it, saying what the project has
     */
    public static Dataset ofCopick(CopickProject project, double voxelSpacing, String tomoType, List<String> runs) {
        String vs = CopickNames.voxelSpacing(voxelSpacing);
        List<Tomogram> out = new ArrayList<>();
        if (!runs.isEmpty()) {
            List<String> problems = new ArrayList<>();
            for (String run : runs) {
                project.findTomogram(run, voxelSpacing, tomoType).ifPresentOrElse(p -> out.add(copickTomogram(run, p)),
                        () -> problems.add(project.missing(run, voxelSpacing, tomoType)));
            }
            if (!problems.isEmpty()) {
                throw new CryomineException(String.join("; ", problems));
            }
            return new Dataset(out);
        }
        List<String> all = project.runs();
        List<String> without = new ArrayList<>();
        for (String run : all) {
            project.findTomogram(run, voxelSpacing, tomoType).ifPresentOrElse(p -> out.add(copickTomogram(run, p)),
                    () -> without.add(run));
        }
        if (out.isEmpty()) {
            throw new CryomineException(all.isEmpty()
                    ? "the copick project " + project.config().file() + " has no run (no folder under "
                            + project.config().staticRoot().resolve("ExperimentRuns") + " or "
                            + project.config().overlayRoot().resolve("ExperimentRuns") + ")"
                    : "no run of the copick project " + project.config().file() + " has a tomogram of type '" + tomoType
                            + "' at " + vs + " Å; for example, " + project.missing(all.get(0), voxelSpacing, tomoType));
        }
        if (!without.isEmpty()) {
            LOG.info("copick: {} of {} runs have no '{}' tomogram at {} Å and are left out: {}", without.size(),
                    all.size(), tomoType, vs, without);
        }
        return new Dataset(out);
    }

    private static Tomogram copickTomogram(String run, Path store) {
        if (!NAME.matcher(run).matches()) {
            throw new CryomineException("copick run '" + run + "' cannot name a tomogram here: names are letters, "
                    + "digits and . _ + - only; leave the run out (--copick-runs) or rename its folder");
        }
        return new Tomogram(run, store);
    }

    /** Number of tomograms. */
    public int size() {
        return tomograms.size();
    }

    /** The tomogram named {@code name}, if any. */
    public Optional<Tomogram> tomogram(String name) {
        return tomograms.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** The names, in order. */
    public List<String> names() {
        return tomograms.stream().map(Tomogram::name).toList();
    }

    /** The name a volume file gets: its file name without the volume extension (and compression suffix). */
    public static String nameOf(Path file) {
        String n = file.getFileName().toString();
        String lower = n.toLowerCase(Locale.ROOT);
        for (String ext : VOLUME_EXTENSIONS) {
            if (lower.endsWith(ext)) {
                return n.substring(0, n.length() - ext.length());
            }
        }
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    private static List<Tomogram> expand(String arg, List<String> problems) throws IOException {
        Path p = Path.of(arg);
        String lower = arg.toLowerCase(Locale.ROOT);
        if (arg.contains("*") || arg.contains("?") || arg.contains("[")) {
            return glob(arg, problems);
        }
        if (!Files.exists(p)) {
            problems.add(arg + " does not exist");
            return List.of();
        }
        if (Files.isDirectory(p) && !lower.endsWith(".zarr")) {
            List<Tomogram> inFolder = volumesIn(p);
            if (inFolder.isEmpty()) {
                problems.add("the folder " + arg + " holds no volume file (" + String.join(", ", VOLUME_EXTENSIONS) + ")");
            }
            return inFolder;
        }
        if (lower.endsWith(".star")) {
            return fromStar(p, problems);
        }
        if (lower.endsWith(".txt") || lower.endsWith(".list")) {
            return fromTextList(p, problems);
        }
        return List.of(new Tomogram(nameOf(p), p));
    }

    private static List<Tomogram> glob(String arg, List<String> problems) throws IOException {
        Path pattern = Path.of(arg);
        Path dir = pattern.getParent() == null ? Path.of(".") : pattern.getParent();
        if (!Files.isDirectory(dir)) {
            problems.add("the folder of the glob " + arg + " does not exist");
            return List.of();
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern.getFileName());
        List<Tomogram> out;
        try (Stream<Path> files = Files.list(dir)) {
            out = files.filter(f -> matcher.matches(f.getFileName())).sorted()
                    .map(f -> new Tomogram(nameOf(f), f)).toList();
        }
        if (out.isEmpty()) {
            problems.add("the glob " + arg + " matches no file");
        }
        return out;
    }

    private static List<Tomogram> volumesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> VOLUME_EXTENSIONS.stream()
                            .anyMatch(ext -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(ext)))
                    .sorted().map(f -> new Tomogram(nameOf(f), f)).toList();
        }
    }

    private static List<Tomogram> fromStar(Path file, List<String> problems) {
        StarFile star = StarFile.read(file);
        for (StarBlock block : star.blocks()) {
            Optional<StarLoop> loop = block.loopWith("rlnTomoName");
            if (loop.isEmpty()) {
                continue;
            }
            StarLoop l = loop.get();
            String column = PATH_COLUMNS.stream().filter(l::has).findFirst().orElse(null);
            if (column == null) {
                problems.add(file + " lists rlnTomoName but no path column (one of " + String.join(", ", PATH_COLUMNS) + ")");
                return List.of();
            }
            List<Tomogram> out = new ArrayList<>();
            for (int r = 0; r < l.size(); r++) {
                Path path = resolve(file, l.value(r, column));
                if (!Files.exists(path)) {
                    problems.add(path + " (row " + (r + 1) + " of " + file + ") does not exist");
                }
                out.add(new Tomogram(l.value(r, "rlnTomoName"), path));
            }
            return out;
        }
        problems.add(file + " has no loop with rlnTomoName; list tomograms with rlnTomoName and "
                + "rlnTomoReconstructedTomogram columns, or one path per line in a .txt file");
        return List.of();
    }

    private static List<Tomogram> fromTextList(Path file, List<String> problems) throws IOException {
        List<Tomogram> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hash = line.indexOf('#');
            String entry = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (entry.isEmpty()) {
                continue;
            }
            Path path = resolve(file, entry);
            if (!Files.exists(path)) {
                problems.add(path + " (line " + (i + 1) + " of " + file + ") does not exist");
            }
            out.add(new Tomogram(nameOf(path), path));
        }
        return out;
    }

    private static Path resolve(Path listFile, String entry) {
        Path p = Path.of(entry);
        Path dir = listFile.toAbsolutePath().getParent();
        return p.isAbsolute() || dir == null ? p : dir.resolve(p).normalize();
    }
}
