package org.cryomine.io.star;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A STAR loop: column names (without the leading underscore, e.g. "rlnCoordinateX") and rows of text
 * values, one per column. Immutable.
 */
public record StarLoop(List<String> columns, List<List<String>> rows) {

    public StarLoop {
        columns = List.copyOf(columns);
        List<List<String>> copy = new ArrayList<>(rows.size());
        for (List<String> row : rows) {
            if (row.size() != columns.size()) {
                throw new IllegalArgumentException("a row has " + row.size() + " values but the loop has "
                        + columns.size() + " columns");
            }
            copy.add(List.copyOf(row));
        }
        rows = List.copyOf(copy);
        if (new java.util.HashSet<>(columns).size() != columns.size()) {
            throw new IllegalArgumentException("duplicated STAR column name in " + columns);
        }
        for (String c : columns) {
            Objects.requireNonNull(c, "column");
            if (c.isEmpty() || c.startsWith("_") || c.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("bad STAR column name '" + c + "' (no underscore, no spaces)");
            }
        }
    }

    /** Index of a column, or -1 when absent. */
    public int column(String name) {
        return columns.indexOf(name);
    }

    public boolean has(String name) {
        return columns.contains(name);
    }

    /** Number of rows. */
    public int size() {
        return rows.size();
    }

    /** The value in a row and column (by name); throws when the column is absent. */
    public String value(int row, String column) {
        int c = column(column);
        if (c < 0) {
            throw new IllegalArgumentException("no column '" + column + "' in loop " + columns);
        }
        return rows.get(row).get(c);
    }
}
