package org.cryomine.io.star;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cryomine.core.CryomineException;
import org.cryomine.core.AtomicFiles;

/**
 * A small reader and writer for STAR files (the subset RELION uses): {@code data_} blocks holding
 * {@code _key value} pairs and {@code loop_} tables; {@code #} comments to the end of any line (also after
 * {@code data_name}, {@code loop_} and column names); values quoted with ' or " when they contain blanks;
 * a leading UTF-8 byte order mark is skipped. Semicolon-delimited multi-line text fields, save frames and
 * global blocks are not supported. Immutable.
 *
 * <p>Reading is strict, so that a damaged file is refused rather than misread: every row has exactly as
 * many values as the loop has columns; a row may span lines, but each row starts on a new line (a line
 * that ends one row and starts the next means a value is missing or extra, which would shift every later
 * row); a column, key or block name may appear only once; an unquoted value may not look like a keyword
 * ({@code _x}, {@code data_}, {@code loop_}). Errors are {@link CryomineException}s naming the file and line.
 */
public record StarFile(List<StarBlock> blocks) {

    public StarFile {
        blocks = List.copyOf(blocks);
    }

    /** The block called {@code name} (without "data_"). */
    public Optional<StarBlock> block(String name) {
        return blocks.stream().filter(b -> b.name().equals(name)).findFirst();
    }

    /** Reads and parses {@code file}; throws {@link CryomineException} naming the file and line on bad syntax. */
    public static StarFile read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CryomineException(file + ": cannot read STAR file: " + e, e);
        }
        return new Parser(file, lines).parse();
    }

    /** Writes this file through a temporary name (RELION style: "# version 30001", columns numbered). */
    public void write(Path file, boolean overwrite) {
        AtomicFiles.write(file, overwrite, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            for (StarBlock b : blocks) {
                w.write("\n# version 30001\n\ndata_" + b.name() + "\n\n");
                for (Map.Entry<String, String> e : b.values().entrySet()) {
                    w.write("_" + e.getKey() + " " + quote(e.getValue()) + "\n");
                }
                for (StarLoop loop : b.loops()) {
                    w.write(b.values().isEmpty() ? "loop_\n" : "\nloop_\n");
                    for (int c = 0; c < loop.columns().size(); c++) {
                        w.write("_" + loop.columns().get(c) + " #" + (c + 1) + "\n");
                    }
                    for (List<String> row : loop.rows()) {
                        StringBuilder sb = new StringBuilder();
                        for (String v : row) {
                            if (sb.length() > 0) {
                                sb.append(' ');
                            }
                            String q = quote(v);
                            for (int pad = q.length(); pad < 12; pad++) { // right-aligned in 12 characters, as %12s
                                sb.append(' ');
                            }
                            sb.append(q);
                        }
                        w.write(sb.append('\n').toString());
                    }
                    w.write("\n");
                }
            }
            w.flush();
        });
    }

    static String quote(String v) {
        if (v.isEmpty()) {
            return "\"\"";
        }
        if (hasWhitespace(v) || v.startsWith("_") || v.startsWith("#")
                || v.startsWith("'") || v.startsWith("\"") || v.startsWith("data_") || v.startsWith("loop_")) {
            if (v.contains("\"")) {
                if (v.contains("'")) {
                    throw new IllegalArgumentException("STAR value with both quote characters: " + v);
                }
                return "'" + v + "'";
            }
            return "\"" + v + "\"";
        }
        return v;
    }

    private static boolean hasWhitespace(String v) {
        for (int i = 0; i < v.length(); i++) {
            if (Character.isWhitespace(v.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static final class Parser {
        private final Path file;
        private final List<String> lines;
        private final List<StarBlock> blocks = new ArrayList<>();
        private final Map<String, Integer> blockLines = new HashMap<>();
        private String blockName;
        private Map<String, String> values;
        private Map<String, Integer> keyLines;
        private List<StarLoop> loops;
        private List<String> columns;
        private Map<String, Integer> columnLines;
        private List<List<String>> rows;
        private List<String> pending;
        private int pendingLine;
        private int lineNumber;

        Parser(Path file, List<String> lines) {
            this.file = file;
            this.lines = lines;
        }

        StarFile parse() {
            for (String raw : lines) {
                lineNumber++;
                if (lineNumber == 1 && raw.startsWith("\uFEFF")) {
                    raw = raw.substring(1); // a UTF-8 byte order mark, as some editors write
                }
                String line = raw.strip();
                if (line.startsWith(";")) {
                    throw error("multi-line text fields (;) are not supported");
                }
                List<Token> tokens = tokens(line);
                if (tokens.isEmpty()) {
                    continue; // blank or a comment
                }
                Token first = tokens.get(0);
                if (!first.quoted && first.text.startsWith("data_")) {
                    alone(tokens);
                    endBlock();
                    blockName = first.text.substring(5);
                    Integer earlier = blockLines.putIfAbsent(blockName, lineNumber);
                    if (earlier != null) {
                        throw error("data block 'data_" + blockName + "' appears twice (first on line " + earlier
                                + "); block names must be unique");
                    }
                    values = new LinkedHashMap<>();
                    keyLines = new HashMap<>();
                    loops = new ArrayList<>();
                } else if (!first.quoted && first.text.equals("loop_")) {
                    alone(tokens);
                    needBlock();
                    endLoop();
                    columns = new ArrayList<>();
                    columnLines = new HashMap<>();
                    rows = new ArrayList<>();
                    pending = new ArrayList<>();
                } else if (!first.quoted && first.text.startsWith("_")) {
                    needBlock();
                    if (columns != null && rows.isEmpty() && pending.isEmpty()) {
                        column(tokens);
                    } else {
                        endLoop();
                        keyValue(tokens);
                    }
                } else if (!first.quoted && RESERVED.stream().anyMatch(first.text::startsWith)) {
                    throw error("'" + first.text + "': STAR " + first.text.substring(0, first.text.indexOf('_') + 1)
                            + " is not supported");
                } else if (columns != null) {
                    row(tokens);
                } else {
                    throw error("unexpected text outside a loop: '" + line + "'");
                }
            }
            endBlock();
            return new StarFile(blocks);
        }

        /** data_ and loop_ stand alone on their line (a comment may follow). */
        private void alone(List<Token> tokens) {
            if (tokens.size() > 1) {
                throw error("unexpected '" + tokens.get(1).text + "' after " + tokens.get(0).text
                        + " (nothing but a # comment may follow it on its line)");
            }
        }

        private void column(List<Token> tokens) {
            String name = tokens.get(0).text.substring(1);
            if (name.isEmpty()) {
                throw error("a column without a name ('_')");
            }
            if (tokens.size() > 1) {
                throw error("unexpected '" + tokens.get(1).text + "' after column _" + name
                        + " in the loop header (one column per line; '#n' comments are fine)");
            }
            Integer earlier = columnLines.putIfAbsent(name, lineNumber);
            if (earlier != null) {
                throw error("column _" + name + " appears twice in the loop (first on line " + earlier
                        + "); which one to use is ambiguous");
            }
            columns.add(name);
        }

        private void keyValue(List<Token> tokens) {
            String key = tokens.get(0).text.substring(1);
            if (key.isEmpty()) {
                throw error("a key without a name ('_')");
            }
            if (tokens.size() < 2) {
                throw error("no value after _" + key + " (a value on the next line is not supported)");
            }
            if (tokens.size() > 2) {
                throw error("more than one value after _" + key + ": '" + tokens.get(2).text
                        + "' (quote a value that has blanks)");
            }
            Integer earlier = keyLines.putIfAbsent(key, lineNumber);
            if (earlier != null) {
                throw error("key _" + key + " appears twice in data_" + blockName + " (first on line " + earlier + ")");
            }
            values.put(key, tokens.get(1).text);
        }

        /**
         * The values of a loop line. A row may span lines (STAR), but each row starts on a new line: a line that
         * ends one row and starts another means a value is missing or extra, which would shift every later row.
         */
        private void row(List<Token> tokens) {
            int n = columns.size();
            if (n == 0) {
                throw error("values in a loop without columns");
            }
            for (Token t : tokens) {
                if (!t.quoted && (t.text.startsWith("_") || RESERVED.stream().anyMatch(t.text::startsWith)
                        || t.text.startsWith("data_") || t.text.equals("loop_"))) {
                    throw error("unquoted value '" + t.text + "' in row " + (rows.size() + 1)
                            + " looks like a STAR keyword or column name; quote it");
                }
            }
            if (!pending.isEmpty()) {
                int need = n - pending.size();
                if (tokens.size() > need) {
                    throw error("row " + (rows.size() + 1) + " begun on line " + pendingLine + " with " + pending.size()
                            + " of " + n + " values continues here with " + tokens.size() + ": a value is missing or "
                            + "extra (a row may span lines, but each row must start on a new line)" + columnList());
                }
                tokens.forEach(t -> pending.add(t.text));
                if (pending.size() == n) {
                    rows.add(pending);
                    pending = new ArrayList<>();
                }
            } else if (tokens.size() % n == 0) {
                for (int i = 0; i < tokens.size(); i += n) {
                    List<String> r = new ArrayList<>(n);
                    tokens.subList(i, i + n).forEach(t -> r.add(t.text));
                    rows.add(r);
                }
            } else if (tokens.size() < n) {
                tokens.forEach(t -> pending.add(t.text));
                pendingLine = lineNumber;
            } else {
                throw error("row " + (rows.size() + 1) + " has " + tokens.size() + " values but the loop has " + n
                        + " columns: a value is missing or extra" + columnList());
            }
        }

        private String columnList() {
            return columns.size() <= 12 ? " (columns " + String.join(", ", columns) + ")"
                    : " (columns " + String.join(", ", columns.subList(0, 12)) + ", ...)";
        }

        private void needBlock() {
            if (blockName == null) {
                throw error("a key or loop before any data_ block");
            }
        }

        private void endLoop() {
            if (columns != null) {
                if (!pending.isEmpty()) {
                    throw new CryomineException(file + ":" + pendingLine + ": the last row of the loop (row "
                            + (rows.size() + 1) + ") has " + pending.size() + " values but there are " + columns.size()
                            + " columns" + columnList());
                }
                if (columns.isEmpty()) {
                    throw error("loop_ without columns");
                }
                loops.add(new StarLoop(columns, rows));
                columns = null;
            }
        }

        private void endBlock() {
            endLoop();
            if (blockName != null) {
                blocks.add(new StarBlock(blockName, values, loops));
            }
            blockName = null;
        }

        /** Whitespace-separated tokens up to a # comment; ' or " quote a token until the quote before a blank. */
        private List<Token> tokens(String line) {
            List<Token> out = new ArrayList<>();
            int i = 0;
            int n = line.length();
            while (i < n) {
                char c = line.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (c == '#') {
                    break;
                } else if (c == '"' || c == '\'') {
                    int end = i + 1;
                    while (end < n && !(line.charAt(end) == c && (end + 1 == n || Character.isWhitespace(line.charAt(end + 1))))) {
                        end++;
                    }
                    if (end >= n) {
                        throw error("unclosed quote");
                    }
                    out.add(new Token(line.substring(i + 1, end), true));
                    i = end + 1;
                } else {
                    int end = i;
                    while (end < n && !Character.isWhitespace(line.charAt(end))) {
                        end++;
                    }
                    out.add(new Token(line.substring(i, end), false));
                    i = end;
                }
            }
            return out;
        }

        private CryomineException error(String problem) {
            return new CryomineException(file + ":" + lineNumber + ": " + problem);
        }
    }

    /** STAR words this reader does not support (save frames, global blocks, stop_). */
    private static final List<String> RESERVED = List.of("save_", "global_", "stop_");

    private record Token(String text, boolean quoted) {
    }
}
