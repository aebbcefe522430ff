package org.cryomine.pipeline;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cryomine.core.AtomicFiles;
import org.cryomine.core.CryomineException;

/**
 * Matrices as CSV: one row per line, comma-separated decimal numbers (the format of {@code centroids.csv} and
 * {@code assignments.csv}). {@code codes.csv} has a header, {@code pick,rlnTomoName,code_0,code_1,...}, and each row
 * starts with its pick's number (its row in {@code picks.star}, from 0) and tomogram; readers take the
 * {@code code_} columns of such a file, and every column of a file without a header (as runs before the header
 * wrote them). Errors name the file, line and column; files are written atomically.
 */
public final class MatrixCsv {

    private MatrixCsv() {
    }

    private static final java.util.regex.Pattern DECIMAL =
            java.util.regex.Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    /** Prefix of the value columns of a file with a header. */
    static final String CODE_COLUMN = "code_";

    /**
     * Reads the rows of {@code file}; every row must have the same number of finite values. With a header line, only
     * the columns named {@code code_...} are read.
     */
    public static float[][] read(Path file) {
        List<float[]> rows = new ArrayList<>();
        int blankLine = 0;
        int[] columns = null;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (lineNo == 1 && line.startsWith("pick,")) {
                    columns = codeColumns(file, line);
                    continue;
                }
                if (columns != null && !line.isBlank()) {
                    line = select(line, columns);
                }
                if (line.isBlank()) {
                    blankLine = blankLine == 0 ? lineNo : blankLine;
                    continue;
                }
                if (blankLine != 0) {
                    throw new CryomineException(file + " line " + blankLine + " is empty; remove empty lines");
                }
                float[] row = parseRow(file, lineNo, line);
                if (!rows.isEmpty() && row.length != rows.get(0).length) {
                    throw new CryomineException(file + " line " + lineNo + " has " + row.length
                            + " values but line 1 has " + rows.get(0).length + "; every row needs the same number");
                }
                rows.add(row);
            }
        } catch (NoSuchFileException e) {
            throw new CryomineException("file not found: " + file);
        } catch (IOException e) {
            throw new CryomineException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (rows.isEmpty()) {
            throw new CryomineException(file + " holds no rows; expected one row of comma-separated numbers per line");
        }
        return rows.toArray(new float[0][]);
    }

    private static int[] codeColumns(Path file, String header) {
        String[] names = header.split(",", -1);
        int[] columns = java.util.stream.IntStream.range(0, names.length)
                .filter(j -> names[j].strip().startsWith(CODE_COLUMN)).toArray();
        if (columns.length == 0) {
            throw new CryomineException(file + " has a header without code_ columns: " + header);
        }
        return columns;
    }

    private static String select(String line, int[] columns) {
        String[] fields = line.split(",", -1);
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < columns.length; j++) {
            sb.append(j > 0 ? "," : "").append(columns[j] < fields.length ? fields[columns[j]] : "");
        }
        return sb.toString();
    }

    /**
     * Writes {@code codes} atomically with a header ({@code pick,rlnTomoName,code_0,...}) and each row's pick number
     * (from 0) and tomogram name, replacing {@code file}.
     */
    public static void writeCodes(Path file, float[][] codes, String[] tomograms) throws IOException {
        StringBuilder sb = new StringBuilder(codes.length * (codes.length == 0 ? 16 : 12 * codes[0].length));
        sb.append("pick,rlnTomoName");
        for (int j = 0; j < (codes.length == 0 ? 0 : codes[0].length); j++) {
            sb.append(',').append(CODE_COLUMN).append(j);
        }
        sb.append('\n');
        for (int i = 0; i < codes.length; i++) {
            sb.append(i).append(',').append(tomograms[i]);
            for (float v : codes[i]) {
                sb.append(',').append(v);
            }
            sb.append('\n');
        }
        AtomicFiles.writeString(file, true, sb.toString());
    }

    private static float[] parseRow(Path file, int lineNo, String line) {
        String[] fields = line.split(",", -1);
        float[] row = new float[fields.length];
        for (int j = 0; j < fields.length; j++) {
            String f = fields[j].strip();
            try {
                row[j] = Float.parseFloat(f);
                if (Float.isFinite(row[j]) && !DECIMAL.matcher(f).matches()) { // no Java-only forms: 1.5f, 0x1p3
                    throw new NumberFormatException(f);
                }
            } catch (NumberFormatException e) {
                throw new CryomineException(file + " line " + lineNo + ", column " + (j + 1) + ": '" + f
                        + "' is not a decimal number (expected comma-separated numbers, after a header line "
                        + "pick,rlnTomoName,code_0,... or none)");
            }
            if (!Float.isFinite(row[j])) {
                throw new CryomineException(file + " line " + lineNo + ", column " + (j + 1) + " is " + f
                        + "; values must be finite numbers");
            }
        }
        return row;
    }

    /** Reads a file of one integer per line (e.g. cluster assignments). */
    public static int[] readColumn(Path file) {
        float[][] rows = read(file);
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != 1 || rows[i][0] != Math.rint(rows[i][0])) {
                throw new CryomineException(file + " line " + (i + 1) + " is not a single integer");
            }
            out[i] = (int) rows[i][0];
        }
        return out;
    }

    /** The CSV text of {@code rows} (Java's shortest round-trip float text). */
    public static String format(float[][] rows) {
        StringBuilder sb = new StringBuilder(rows.length * 16);
        for (float[] row : rows) {
            for (int j = 0; j < row.length; j++) {
                if (j > 0) {
                    sb.append(',');
                }
                sb.append(row[j]);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Writes {@code rows} to {@code file} atomically, replacing it. */
    public static void write(Path file, float[][] rows) throws IOException {
        AtomicFiles.writeString(file, true, format(rows));
    }

    /** Writes one integer per line to {@code file} atomically, replacing it. */
    public static void writeColumn(Path file, int[] values) throws IOException {
        StringBuilder sb = new StringBuilder(values.length * 4);
        for (int v : values) {
            sb.append(v).append('\n');
        }
        AtomicFiles.writeString(file, true, sb.toString());
    }
}
