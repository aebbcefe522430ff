package org.cryomine.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cryomine.core.CryomineException;

/**
 * Reads a matrix of codes from CSV: one row per subvolume, comma-separated decimal numbers, no header; blank
 * lines at the end are ignored. Errors name the file, line and column.
 */
final class CodesCsv {

    private CodesCsv() {
    }

    /** Reads the rows of {@code file}; every row must have the same number of values. */
    static float[][] read(Path file) {
        List<float[]> rows = new ArrayList<>();
        int blankLine = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    if (blankLine == 0) {
                        blankLine = lineNo;
                    }
                    continue;
                }
                if (blankLine != 0) {
                    throw new CryomineException(file + " line " + blankLine + " is empty; remove empty lines");
                }
                String[] fields = line.split(",", -1);
                float[] row = new float[fields.length];
                for (int j = 0; j < fields.length; j++) {
                    String f = fields[j].strip();
                    try {
                        row[j] = Float.parseFloat(f);
                    } catch (NumberFormatException e) {
                        throw new CryomineException(file + " line " + lineNo + ", column " + (j + 1) + ": '" + f
                                + "' is not a number (expected comma-separated numbers and no header)");
                    }
                    if (!Float.isFinite(row[j])) {
                        throw new CryomineException(file + " line " + lineNo + ", column " + (j + 1) + " is " + f
                                + "; codes must be finite numbers");
                    }
                }
                if (!rows.isEmpty() && row.length != rows.get(0).length) {
                    throw new CryomineException(file + " line " + lineNo + " has " + row.length
                            + " values but line 1 has " + rows.get(0).length + "; every row needs the same number");
                }
                rows.add(row);
            }
        } catch (NoSuchFileException e) {
            throw new CryomineException("codes file not found: " + file);
        } catch (IOException e) {
            throw new CryomineException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (rows.isEmpty()) {
            throw new CryomineException(file + " holds no rows; expected one row of codes per subvolume");
        }
        return rows.toArray(new float[0][]);
    }

    /** Content of a CSV with one row per line (Java's shortest round-trip float text). */
    static String format(float[][] rows) {
        StringBuilder sb = new StringBuilder();
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

    /** Writes {@code content} to a temporary file beside {@code target}, then renames it onto target. */
    static void writeAtomically(Path target, String content) {
        try {
            Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), "." + target.getFileName(), ".tmp");
            try {
                try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                    w.write(content);
                }
                ClusterOutputs.move(tmp, target);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new CryomineException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
