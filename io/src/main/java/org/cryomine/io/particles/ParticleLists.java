package org.cryomine.io.particles;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.cryomine.core.CryomineException;
import org.cryomine.core.Vec3;
import org.cryomine.core.VoxelSize;
import org.cryomine.core.AtomicFiles;
import org.cryomine.io.star.StarBlock;
import org.cryomine.io.star.StarFile;
import org.cryomine.io.star.StarLoop;

/**
 * Particle lists as STAR (RELION) and CSV files. STAR columns: {@code rlnCoordinateX/Y/Z} (voxels),
 * {@code rlnTomoName}, and cryomine's own {@code cryomineScore}, {@code cryomineCluster},
 * {@code cryomineClass}; an optional column is written only when some particle has a value (others
 * get "nan", -1 or "None"). Reading also accepts RELION 5's centred coordinates in Å
 * ({@code rlnCenteredCoordinateX/Y/ZAngst}), converted as voxel = centred / voxel size + size / 2
 * (RELION 5's convention: the centre of an n-voxel axis is at n / 2).
 *
 * <p>Reading is strict, so that a damaged list is refused rather than misread: coordinates must be finite
 * decimal numbers, a score a finite decimal number or {@code nan}, a cluster an integer of at least -1
 * ({@code 2.7}, {@code 1e12}, {@code nan} refused); Java-only forms such as {@code 1.5f} or {@code 0x10p0}
 * are refused. Errors are {@link CryomineException}s naming the file, row and column.
 */
public final class ParticleLists {

    static final String X = "rlnCoordinateX";
    static final String Y = "rlnCoordinateY";
    static final String Z = "rlnCoordinateZ";
    static final String TOMO = "rlnTomoName";
    static final String SCORE = "cryomineScore";
    static final String CLUSTER = "cryomineCluster";
    static final String CLASS = "cryomineClass";
    /** RELION's 1-based class number: the cluster + 1. */
    static final String CLASS_NUMBER = "rlnClassNumber";
    static final List<String> CENTRED = List.of("rlnCenteredCoordinateXAngst", "rlnCenteredCoordinateYAngst",
            "rlnCenteredCoordinateZAngst");
    private static final String NONE = "None";

    private ParticleLists() {
    }

    /**
     * Where a tomogram's voxels lie, for RELION 5's centred coordinates: its size in voxels and voxel size in Å.
     *
     * @param nx        voxels along x
     * @param ny        voxels along y
     * @param nz        voxels along z
     * @param voxelSize voxel size in Å
     */
    public record Geometry(int nx, int ny, int nz, VoxelSize voxelSize) {
        public Geometry {
            if (nx < 1 || ny < 1 || nz < 1) {
                throw new IllegalArgumentException("tomogram size must be positive, got " + nx + "x" + ny + "x" + nz);
            }
            java.util.Objects.requireNonNull(voxelSize, "voxelSize");
        }

        /** The geometry a volume header describes (a voxel size of 1 Å where the header gives none). */
        public static Geometry of(org.cryomine.io.VolumeHeader header) {
            return new Geometry(header.nx(), header.ny(), header.nz(), header.voxelSizeOrDefault());
        }

        /** Centred Å coordinate of voxel coordinate {@code v} on an axis of {@code n} voxels of {@code a} Å. */
        static double centred(double v, int n, double a) {
            return (v - n / 2.0) * a;
        }
    }

    /** Writes a STAR file with one {@code data_particles} block; never overwrites unless asked. */
    public static void writeStar(List<Particle> particles, Path file, boolean overwrite) {
        writeStar(particles, file, overwrite, java.util.Map.of());
    }

    /**
     * As {@link #writeStar(List, Path, boolean)}, for RELION 5 as well: particles whose tomogram
     * ({@link Particle#tomoName()}, or the key {@code ""} for particles without one) has a {@link Geometry} in
     * {@code geometry} also get {@code rlnCenteredCoordinateX/Y/ZAngst} (Å from the tomogram's centre, RELION 5's
     * convention), and particles with a cluster {@code rlnClassNumber} (cluster + 1, RELION's 1-based classes) beside
     * {@code cryomineCluster}.
     */
    public static void writeStar(List<Particle> particles, Path file, boolean overwrite,
                                 java.util.Map<String, Geometry> geometry) {
        List<String> columns = new ArrayList<>(List.of(X, Y, Z));
        List<Function<Particle, String>> cells = new ArrayList<>(List.of(p -> num(p.position().x()),
                p -> num(p.position().y()), p -> num(p.position().z())));
        optional(particles, columns, cells, TOMO, p -> p.tomoName() != null, p -> text(p.tomoName()));
        optional(particles, columns, cells, SCORE, Particle::hasScore, p -> p.hasScore() ? Double.toString(p.score()) : "nan");
        optional(particles, columns, cells, CLUSTER, p -> p.cluster() >= 0, p -> Integer.toString(p.cluster()));
        optional(particles, columns, cells, CLASS, p -> p.className() != null, p -> text(p.className()));
        optional(particles, columns, cells, CLASS_NUMBER, p -> p.cluster() >= 0, p -> Integer.toString(p.cluster() + 1));
        if (!geometry.isEmpty()) {
            java.util.function.Function<Particle, Geometry> g = p -> geometry.get(p.tomoName() == null ? "" : p.tomoName());
            if (particles.stream().allMatch(p -> g.apply(p) != null)) {
                columns.addAll(CENTRED);
                cells.add(p -> num(Geometry.centred(p.position().x(), g.apply(p).nx(), g.apply(p).voxelSize().x())));
                cells.add(p -> num(Geometry.centred(p.position().y(), g.apply(p).ny(), g.apply(p).voxelSize().y())));
                cells.add(p -> num(Geometry.centred(p.position().z(), g.apply(p).nz(), g.apply(p).voxelSize().z())));
            }
        }
        List<List<String>> rows = new ArrayList<>();
        for (Particle p : particles) {
            List<String> row = new ArrayList<>();
            for (Function<Particle, String> cell : cells) {
                row.add(cell.apply(p));
            }
            rows.add(row);
        }
        new StarFile(List.of(StarBlock.ofLoop("particles", new StarLoop(columns, rows)))).write(file, overwrite);
    }

    private static void optional(List<Particle> particles, List<String> columns, List<Function<Particle, String>> cells,
                                 String column, Predicate<Particle> present, Function<Particle, String> cell) {
        if (particles.stream().anyMatch(present)) {
            columns.add(column);
            cells.add(cell);
        }
    }

    private static String text(String s) {
        return s == null ? NONE : s;
    }

    /**
     * {@code v} with six decimals, exactly as {@code String.format(Locale.ROOT, "%.6f", v)} writes it (the shortest
     * decimal digits of {@code v} rounded half up, a minus sign kept on values that round to zero), without the
     * formatter's cost (it took most of {@code cryomine pick}'s 0.9 s of writing 6,000 picks): integers directly, values
     * of 0.001 to 10^7 from {@link Double#toString}'s digits (the formatter's digits in that range), others by the
     * formatter.
     */
    static String num(double v) {
        double a = Math.abs(v);
        if (a < 1e7 && v == Math.rint(v)) {
            String s = Long.toString((long) a) + ".000000";
            return v < 0 || (v == 0 && 1 / v < 0) ? "-" + s : s;
        }
        if (a >= 1e-3 && a < 1e7) {
            String s = new java.math.BigDecimal(Double.toString(a)).setScale(6, java.math.RoundingMode.HALF_UP)
                    .toPlainString();
            return v < 0 ? "-" + s : s;
        }
        return String.format(Locale.ROOT, "%.6f", v);
    }

    /**
     * Reads particles from the first loop with {@code rlnCoordinateX} (voxels). For RELION 5 files with
     * centred Å coordinates only, use {@link #readStar(Path, int[], VoxelSize)}.
     */
    public static List<Particle> readStar(Path file) {
        return readStar(file, null, null);
    }

    /**
     * Reads particles; centred Å coordinates (RELION 5) are converted to voxels of a tomogram of
     * {@code tomogramSize} = {nx, ny, nz} voxels of {@code voxelSize}. Plain voxel coordinates win when both exist.
     */
    public static List<Particle> readStar(Path file, int[] tomogramSize, VoxelSize voxelSize) {
        StarFile star = StarFile.read(file);
        StarLoop loop = null;
        boolean centred = false;
        for (StarBlock b : star.blocks()) {
            var plain = b.loopWith(X);
            if (plain.isPresent()) {
                loop = plain.get();
                break;
            }
            var c = b.loopWith(CENTRED.get(0));
            if (c.isPresent() && loop == null) {
                loop = c.get();
                centred = true;
            }
        }
        if (loop == null) {
            throw new CryomineException(file + ": no particle loop (columns rlnCoordinateX/Y/Z or "
                    + "rlnCenteredCoordinateX/Y/ZAngst) in this STAR file");
        }
        if (centred && (tomogramSize == null || voxelSize == null)) {
            throw new CryomineException(file + ": coordinates are RELION 5 centred Å (rlnCenteredCoordinateXAngst); "
                    + "give the tomogram size and voxel size to convert them to voxels");
        }
        if (centred && tomogramSize.length != 3) {
            throw new IllegalArgumentException("tomogramSize must be {nx, ny, nz}, got " + Arrays.toString(tomogramSize));
        }
        List<String> xyz = centred ? CENTRED : List.of(X, Y, Z);
        for (String c : xyz) {
            if (!loop.has(c)) {
                throw new CryomineException(file + ": column " + c + " is missing");
            }
        }
        List<Particle> out = new ArrayList<>(loop.size());
        for (int r = 0; r < loop.size(); r++) {
            double[] p = new double[3];
            for (int a = 0; a < 3; a++) {
                p[a] = finite(file, loop.value(r, xyz.get(a)), xyz.get(a), r);
            }
            if (centred) {
                double[] vs = {voxelSize.x(), voxelSize.y(), voxelSize.z()};
                for (int a = 0; a < 3; a++) {
                    p[a] = p[a] / vs[a] + tomogramSize[a] / 2.0;
                    if (!Double.isFinite(p[a])) {
                        throw rowError(file, r, xyz.get(a), loop.value(r, xyz.get(a)), "is too large to convert to voxels");
                    }
                }
            }
            double score = loop.has(SCORE) ? score(file, loop.value(r, SCORE), SCORE, r) : Double.NaN;
            int cluster = loop.has(CLUSTER) ? cluster(file, loop.value(r, CLUSTER), CLUSTER, r) : -1;
            String cls = loop.has(CLASS) ? text(file, loop.value(r, CLASS), CLASS, r) : null;
            String tomo = loop.has(TOMO) ? text(file, loop.value(r, TOMO), TOMO, r) : null;
            out.add(particle(file, r, new Vec3(p[0], p[1], p[2]), score, cluster, cls, tomo));
        }
        return out;
    }

    /** A decimal number as C's strtod and Python's float() read it, without Java-only forms (1.5f, 0x10p0, 1d). */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");

    private static CryomineException rowError(Path file, int row, String column, String text, String problem) {
        return new CryomineException(file + ": row " + (row + 1) + ", column " + column + ": '" + text + "' " + problem);
    }

    /** A finite decimal number (coordinates): no nan, inf, or values beyond the double range. */
    static double finite(Path file, String text, String column, int row) {
        if (!DECIMAL.matcher(text).matches()) {
            String lower = text.toLowerCase(Locale.ROOT);
            boolean special = lower.matches("[+-]?(nan|inf|infinity)");
            throw rowError(file, row, column, text, special ? "is not a finite number (a position is needed)"
                    : "is not a number (a decimal number is expected)");
        }
        double v = Double.parseDouble(text);
        if (!Double.isFinite(v)) {
            throw rowError(file, row, column, text, "is out of the range of a double");
        }
        return v;
    }

    /** A score: a finite decimal number, or nan (any case) for none. */
    static double score(Path file, String text, String column, int row) {
        return text.equalsIgnoreCase("nan") ? Double.NaN : finite(file, text, column, row);
    }

    /** A cluster id: an integer of at least -1 (-1: none); 2.7, 1e3, nan and values beyond int are refused. */
    static int cluster(Path file, String text, String column, int row) {
        if (!INTEGER.matcher(text).matches()) {
            throw rowError(file, row, column, text, "is not an integer cluster id");
        }
        int v;
        try {
            v = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw rowError(file, row, column, text, "is out of the range of a cluster id");
        }
        if (v < -1) {
            throw rowError(file, row, column, text, "is not a cluster id (-1 for none, else 0 or more)");
        }
        return v;
    }

    /** A name: "None" or empty for none; a name with both quote kinds cannot be written back, so it is refused. */
    static String text(Path file, String text, String column, int row) {
        String s = orNull(text);
        if (s != null && s.contains("'") && s.contains("\"")) {
            throw rowError(file, row, column, text, "has both quote characters, which STAR cannot hold");
        }
        if (s != null && (s.contains("\n") || s.contains("\r"))) {
            throw rowError(file, row, column, text, "spans lines");
        }
        return s;
    }

    private static Particle particle(Path file, int row, Vec3 position, double score, int cluster, String cls,
                                     String tomo) {
        try {
            return new Particle(position, score, cluster, cls, tomo);
        } catch (IllegalArgumentException e) {
            // the checks above should leave nothing for Particle to refuse; stay within the contract anyway
            throw new CryomineException(file + ": row " + (row + 1) + ": " + e.getMessage(), e);
        }
    }

    private static String orNull(String s) {
        return s.equals(NONE) || s.isEmpty() ? null : s;
    }

    /** CSV columns, in order. */
    static final List<String> CSV_HEADER = List.of("x", "y", "z", "score", "cluster", "class", "tomo");

    /** Writes a CSV with header {@code x,y,z,score,cluster,class,tomo} (empty cells for absent values). */
    public static void writeCsv(List<Particle> particles, Path file, boolean overwrite) {
        AtomicFiles.write(file, overwrite, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            w.write(String.join(",", CSV_HEADER) + "\n");
            for (Particle p : particles) {
                w.write(String.join(",", num(p.position().x()), num(p.position().y()), num(p.position().z()),
                        p.hasScore() ? Double.toString(p.score()) : "", p.cluster() >= 0 ? Integer.toString(p.cluster()) : "",
                        csv(p.className()), csv(p.tomoName())) + "\n");
            }
            w.flush();
        });
    }

    private static String csv(String s) {
        if (s == null) {
            return "";
        }
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    /**
     * Reads a CSV written by {@link #writeCsv} (columns found by header name; x, y, z required; a UTF-8 byte
     * order mark is skipped). Strict as the STAR reader: every line has as many cells as the header, numbers
     * are decimal (x, y, z finite; score finite or empty; cluster an integer, empty for none), header names
     * are unique, quotes are RFC 4180 (a quoted cell starts and ends with {@code "}, {@code ""} inside).
     */
    public static List<Particle> readCsv(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CryomineException(file + ": cannot read: " + e, e);
        }
        if (lines.isEmpty()) {
            throw new CryomineException(file + ": empty CSV file (expected a header x,y,z,...)");
        }
        String first = lines.get(0).startsWith("\uFEFF") ? lines.get(0).substring(1) : lines.get(0);
        List<String> header = splitCsv(first);
        if (header == null) {
            throw new CryomineException(file + ":1: malformed quotes in the CSV header");
        }
        for (int i = 0; i < header.size(); i++) {
            if (header.indexOf(header.get(i)) != i) {
                throw new CryomineException(file + ":1: column '" + header.get(i) + "' appears twice in the CSV header");
            }
        }
        int[] idx = new int[CSV_HEADER.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = header.indexOf(CSV_HEADER.get(i));
        }
        if (idx[0] < 0 || idx[1] < 0 || idx[2] < 0) {
            throw new CryomineException(file + ": CSV header must name columns x, y and z, found " + header);
        }
        List<Particle> out = new ArrayList<>();
        for (int l = 1; l < lines.size(); l++) {
            if (lines.get(l).isBlank()) {
                continue;
            }
            List<String> cells = splitCsv(lines.get(l));
            if (cells == null) {
                throw new CryomineException(file + ":" + (l + 1) + ": malformed quotes (a quoted cell must start and "
                        + "end with \" and double any \" inside)");
            }
            if (cells.size() != header.size()) {
                throw new CryomineException(file + ":" + (l + 1) + ": " + cells.size() + " cells but the header has "
                        + header.size());
            }
            int row = l - 1;
            double x = finite(file, cells.get(idx[0]), "x", row);
            double y = finite(file, cells.get(idx[1]), "y", row);
            double z = finite(file, cells.get(idx[2]), "z", row);
            String s = cell(cells, idx[3]);
            String c = cell(cells, idx[4]);
            String cls = cell(cells, idx[5]);
            String tomo = cell(cells, idx[6]);
            out.add(particle(file, row, new Vec3(x, y, z), s == null ? Double.NaN : score(file, s, "score", row),
                    c == null ? -1 : cluster(file, c, "cluster", row), cls == null ? null : text(file, cls, "class", row),
                    tomo == null ? null : text(file, tomo, "tomo", row)));
        }
        return out;
    }

    private static String cell(List<String> cells, int i) {
        return i < 0 || cells.get(i).isEmpty() ? null : cells.get(i);
    }

    /** The cells of one CSV line (RFC 4180 quoting), or null when its quotes are malformed. */
    static List<String> splitCsv(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int i = 0;
        int n = line.length();
        while (true) {
            if (i < n && line.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= n) {
                        return null; // unclosed quote
                    }
                    char ch = line.charAt(i++);
                    if (ch == '"') {
                        if (i < n && line.charAt(i) == '"') {
                            cur.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        cur.append(ch);
                    }
                }
                if (i < n && line.charAt(i) != ',') {
                    return null; // text after the closing quote
                }
            } else {
                while (i < n && line.charAt(i) != ',') {
                    char ch = line.charAt(i++);
                    if (ch == '"') {
                        return null; // a quote inside an unquoted cell
                    }
                    cur.append(ch);
                }
            }
            out.add(cur.toString());
            cur.setLength(0);
            if (i >= n) {
                return out;
            }
            i++; // the comma
        }
    }
}
