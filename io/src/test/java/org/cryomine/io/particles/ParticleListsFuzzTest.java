package org.cryomine.io.particles;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cryomine.core.CryomineException;
import org.cryomine.core.Vec3;
import org.cryomine.io.star.StarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded fuzzing of the STAR and CSV particle-list readers (issue 19). Each case writes a random particle
 * list, then changes its text in one of three ways, and checks the outcome:
 * <ul>
 *   <li>neutral edits (a UTF-8 BOM, CRLF line ends, comments after {@code data_}, {@code loop_}, columns and
 *       rows, blank and comment lines, extra blanks, a row split over two lines, two rows joined on one line):
 *       the particles read must equal those of the unedited file;</li>
 *   <li>one damaging edit (a value dropped from or added to a row, a column duplicated or removed, a
 *       coordinate, score or cluster replaced by a non-decimal, non-finite or non-integer text): the reader
 *       must refuse the file with a {@link CryomineException} (no silent misread);</li>
 *   <li>junk (characters changed, inserted or deleted, lines removed, truncation): either a result or a
 *       {@link CryomineException}.</li>
 * </ul>
 * Never another exception type; each case under a second.
 */
class ParticleListsFuzzTest {

    static final int STAR_CASES = 1200;
    static final int CSV_CASES = 1000;
    private static final String[] BAD_NUMBERS = {"nan", "NaN", "inf", "-inf", "Infinity", "1.5f", "2d", "0x10",
        "0x1p3", "1e999", "-1e400", "1,5", "1.2.3", "--1", "+", ".", "e5", "1e", "one", "1_000"};
    private static final String[] BAD_CLUSTERS = {"2.7", "1e12", "nan", "-2", "2147483648", "-9999999999", "3.0",
        "0x1", "+", "1.5f", "inf", "1e0"};
    private static final String[] BAD_SCORES = {"inf", "-Infinity", "1.5f", "0x1", "1e999", "--2", "x"};
    private static final String[] NAMES = {"TS_01", "surface", "a b", "it's", "say \"hi\"", "x,y", "None", "_under",
        "data_x", "#hash"};
    private static final Pattern TOKEN = Pattern.compile("\"[^\"]*\"|'[^']*'|\\S+");

    @TempDir
    Path dir;

    @Test
    void starFilesAreReadExactlyRefusedOrRejectedButNeverMisread() throws IOException {
        SplittableRandom random = new SplittableRandom(20261204L);
        int[] counts = new int[3];
        for (int i = 0; i < STAR_CASES; i++) {
            List<Particle> particles = randomParticles(random);
            Path base = dir.resolve("base" + i + ".star");
            ParticleLists.writeStar(particles, base, false);
            List<Particle> expected = ParticleLists.readStar(base);
            List<String> lines = Files.readAllLines(base);
            int kind = random.nextInt(3);
            String text = kind == 2 ? junk(String.join("\n", lines), random) : starEdit(lines, kind == 1, random);
            Path file = Files.writeString(dir.resolve("case" + i + ".star"), text, StandardCharsets.UTF_8);
            Outcome o = outcome(i, file, () -> ParticleLists.readStar(file));
            check(i, kind, o, expected, text);
            counts[kind]++;
            outcome(i, file, () -> StarFile.read(file));
            Files.delete(base);
            Files.delete(file);
        }
        assertThat(java.util.Arrays.stream(counts).min().getAsInt()).as("cases of each kind").isGreaterThan(STAR_CASES / 4);
    }

    @Test
    void csvFilesAreReadExactlyRefusedOrRejectedButNeverMisread() throws IOException {
        SplittableRandom random = new SplittableRandom(20261205L);
        for (int i = 0; i < CSV_CASES; i++) {
            List<Particle> particles = randomParticles(random);
            Path base = dir.resolve("base" + i + ".csv");
            ParticleLists.writeCsv(particles, base, false);
            List<Particle> expected = ParticleLists.readCsv(base);
            List<String> lines = Files.readAllLines(base);
            int kind = random.nextInt(3);
            String text = kind == 2 ? junk(String.join("\n", lines), random) : csvEdit(lines, kind == 1, random);
            Path file = Files.writeString(dir.resolve("case" + i + ".csv"), text, StandardCharsets.UTF_8);
            check(i, kind, outcome(i, file, () -> ParticleLists.readCsv(file)), expected, text);
            Files.delete(base);
            Files.delete(file);
        }
    }

    private record Outcome(Object result, CryomineException error) {
    }

    private static Outcome outcome(int i, Path file, Supplier<Object> read) {
        long t0 = System.nanoTime();
        try {
            return new Outcome(read.get(), null);
        } catch (CryomineException e) {
            assertThat(e.getMessage()).as("case %d", i).startsWith(file.toString());
            return new Outcome(null, e);
        } catch (RuntimeException | Error other) {
            throw new AssertionError("case " + i + " (" + file.getFileName() + ") threw " + other, other);
        } finally {
            assertThat((System.nanoTime() - t0) / 1_000_000).as("case %d ms", i).isLessThan(1000);
        }
    }

    private static void check(int i, int kind, Outcome o, List<Particle> expected, String text) {
        if (kind == 0) {
            assertThat(o.error).as("case %d: a neutral edit was refused:%n%s", i, text).isNull();
            assertThat(o.result).as("case %d: a neutral edit changed the particles:%n%s", i, text).isEqualTo(expected);
        } else if (kind == 1) {
            assertThat(o.error).as("case %d: a damaged file was read as %s:%n%s", i, o.result, text).isNotNull();
        }
    }

    private static List<Particle> randomParticles(SplittableRandom r) {
        int n = r.nextInt(1, 12);
        boolean score = r.nextBoolean();
        boolean cluster = r.nextBoolean();
        boolean cls = r.nextBoolean();
        boolean tomo = r.nextBoolean();
        List<Particle> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            Particle p = new Particle(new Vec3(r.nextDouble(-1e4, 1e4), r.nextInt(0, 512), r.nextDouble() * 100),
                    score && r.nextInt(4) > 0 ? r.nextDouble(-5, 5) : Double.NaN, cluster ? r.nextInt(-1, 20) : -1,
                    cls && r.nextInt(4) > 0 ? pickName(r) : null, tomo ? pickName(r) : null);
            out.add(p);
        }
        if (score && out.stream().noneMatch(Particle::hasScore)) {
            out.set(0, out.get(0).withScore(0.25));
        }
        return out;
    }

    private static String pickName(SplittableRandom r) {
        String s = NAMES[r.nextInt(NAMES.length)];
        return s.equals("None") ? "TS_02" : s;
    }

    // ------------------------------------------------------------------ STAR edits

    private static String starEdit(List<String> lines, boolean damage, SplittableRandom r) {
        int loop = lines.indexOf("loop_");
        int firstRow = loop + 1;
        while (lines.get(firstRow).startsWith("_")) {
            firstRow++;
        }
        List<String> header = new ArrayList<>(lines.subList(0, firstRow));
        List<String> columns = new ArrayList<>(header.subList(loop + 1, firstRow));
        List<List<String>> rows = new ArrayList<>();
        for (String l : lines.subList(firstRow, lines.size())) {
            if (!l.isBlank()) {
                rows.add(tokens(l));
            }
        }
        int touched = -1;
        if (damage) {
            touched = damageStar(header, loop, columns, rows, r);
        }
        if (r.nextInt(3) == 0) {
            header.set(header.indexOf("data_particles"), "data_particles   # a comment");
        }
        if (r.nextInt(3) == 0) {
            header.set(header.indexOf("loop_"), "loop_ # another");
        }
        if (r.nextInt(3) == 0) {
            int c = loop + 1 + r.nextInt(header.size() - loop - 1);
            header.set(c, header.get(c) + "\t# column comment");
        }
        if (r.nextInt(4) == 0) {
            header.add(loop + 1, "# a comment line between loop_ and the columns");
        }
        List<String> out = new ArrayList<>(header);
        for (int k = 0; k < rows.size(); k++) {
            List<String> row = rows.get(k);
            String sep = r.nextInt(4) == 0 ? " \t  " : " ";
            int layout = r.nextInt(8);
            boolean untouched = k != touched && k + 1 != touched && k + 1 < rows.size();
            if (layout == 0 && row.size() > 1) { // a row over two lines
                int cut = r.nextInt(1, row.size());
                out.add(String.join(sep, row.subList(0, cut)));
                out.add("   " + String.join(sep, row.subList(cut, row.size())));
            } else if (layout == 1 && untouched && !damage) { // two rows on one line
                out.add(String.join(sep, row) + sep + String.join(sep, rows.get(k + 1)));
                k++;
            } else if (layout == 2) {
                out.add(String.join(sep, row) + "  # row comment");
            } else if (layout == 3) {
                out.add(String.join(sep, row));
                out.add(r.nextBoolean() ? "" : "# comment among rows");
            } else {
                out.add(String.join(sep, row));
            }
        }
        String text = String.join("\n", out) + "\n";
        if (r.nextInt(4) == 0) {
            text = text.replace("\n", "\r\n");
        }
        return r.nextInt(4) == 0 ? "\uFEFF" + text : text;
    }

    /** One damaging edit; returns the index of the row it touched, or -1. */
    private static int damageStar(List<String> header, int loop, List<String> columns, List<List<String>> rows,
                                  SplittableRandom r) {
        int k = r.nextInt(rows.size());
        List<String> row = rows.get(k);
        List<String> names = new ArrayList<>();
        for (String c : columns) {
            names.add(c.split("\\s+")[0].substring(1));
        }
        int what = r.nextInt(7);
        if (what == 4 && !names.contains(ParticleLists.CLUSTER) || what == 5 && !names.contains(ParticleLists.SCORE)) {
            what = 2;
        }
        switch (what) {
            case 0: // drop a value
                row.remove(r.nextInt(row.size()));
                return k;
            case 1: // an extra value
                row.add(r.nextInt(row.size() + 1), r.nextBoolean() ? "7" : row.get(r.nextInt(row.size())));
                return k;
            case 2: // a bad coordinate
                row.set(r.nextInt(3), BAD_NUMBERS[r.nextInt(BAD_NUMBERS.length)]);
                return k;
            case 3: { // a duplicated column
                int c = r.nextInt(columns.size());
                header.add(loop + 1 + columns.size(), "_" + names.get(c));
                return -1;
            }
            case 4:
                row.set(names.indexOf(ParticleLists.CLUSTER), BAD_CLUSTERS[r.nextInt(BAD_CLUSTERS.length)]);
                return k;
            case 5:
                row.set(names.indexOf(ParticleLists.SCORE), BAD_SCORES[r.nextInt(BAD_SCORES.length)]);
                return k;
            default: // a column header removed
                header.remove(loop + 1 + r.nextInt(columns.size()));
                return -1;
        }
    }

    private static List<String> tokens(String line) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(line);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    // ------------------------------------------------------------------ CSV edits

    private static String csvEdit(List<String> lines, boolean damage, SplittableRandom r) {
        List<String> out = new ArrayList<>(lines);
        if (damage) {
            int k = r.nextInt(1, out.size());
            List<String> cells = new ArrayList<>(ParticleLists.splitCsv(out.get(k)));
            switch (r.nextInt(5)) {
                case 0:
                    cells.remove(r.nextInt(cells.size()));
                    out.set(k, String.join(",", quoteAll(cells)));
                    break;
                case 1:
                    cells.add(r.nextInt(cells.size() + 1), "5");
                    out.set(k, String.join(",", quoteAll(cells)));
                    break;
                case 2:
                    cells.set(r.nextInt(3), BAD_NUMBERS[r.nextInt(BAD_NUMBERS.length)]);
                    out.set(k, String.join(",", quoteAll(cells)));
                    break;
                case 3:
                    cells.set(4, BAD_CLUSTERS[r.nextInt(BAD_CLUSTERS.length)]);
                    out.set(k, String.join(",", quoteAll(cells)));
                    break;
                default: // an unclosed quote
                    out.set(k, out.get(k) + ",\"open");
            }
        }
        if (r.nextInt(3) == 0) {
            out.add(1 + r.nextInt(out.size()), "");
        }
        String text = String.join("\n", out) + "\n";
        if (r.nextInt(4) == 0) {
            text = text.replace("\n", "\r\n");
        }
        return r.nextInt(4) == 0 ? "\uFEFF" + text : text;
    }

    private static List<String> quoteAll(List<String> cells) {
        List<String> out = new ArrayList<>();
        for (String c : cells) {
            out.add(c.contains(",") || c.contains("\"") ? "\"" + c.replace("\"", "\"\"") + "\"" : c);
        }
        return out;
    }

    // ------------------------------------------------------------------ junk

    private static final String JUNK = " \t\n\r#'\"_;,.-+eE0123456789naifxNAIF\uFEFF\u0000loop_data_";

    private static String junk(String text, SplittableRandom r) {
        StringBuilder sb = new StringBuilder(text);
        int edits = r.nextInt(1, 6);
        for (int e = 0; e < edits && sb.length() > 0; e++) {
            int at = r.nextInt(sb.length());
            switch (r.nextInt(5)) {
                case 0:
                    sb.setCharAt(at, JUNK.charAt(r.nextInt(JUNK.length())));
                    break;
                case 1:
                    sb.insert(at, JUNK.charAt(r.nextInt(JUNK.length())));
                    break;
                case 2:
                    sb.delete(at, Math.min(sb.length(), at + r.nextInt(1, 12)));
                    break;
                case 3:
                    sb.setLength(at);
                    break;
                default: {
                    int end = sb.indexOf("\n", at);
                    sb.delete(at, end < 0 ? sb.length() : end);
                }
            }
        }
        return sb.toString();
    }
}
