package org.cryomine.io.star;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cryomine.core.CryomineException;
import org.cryomine.core.AtomicFiles;

/**
 * A small reader and writer for STAR files (the subset RELION uses): {@code data_} blocks holding
 * {@code _key value} pairs and {@code loop_} tables; {@code #} comments; values quoted with ' or " when
 * they contain blanks. Semicolon-delimited multi-line text fields are not supported. Immutable.
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
                            sb.append(sb.length() == 0 ? "" : " ").append(String.format("%12s", quote(v)));
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
        if (v.chars().anyMatch(Character::isWhitespace) || v.startsWith("_") || v.startsWith("#")
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

    private static final class Parser {
        private final Path file;
        private final List<String> lines;
        private final List<StarBlock> blocks = new ArrayList<>();
        private String blockName;
        private Map<String, String> values;
        private List<StarLoop> loops;
        private List<String> columns;
        private List<List<String>> rows;
        private List<String> pending;
        private int lineNumber;

        Parser(Path file, List<String> lines) {
            this.file = file;
            this.lines = lines;
        }

        StarFile parse() {
            for (String raw : lines) {
                lineNumber++;
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                if (line.startsWith(";")) {
                    throw error("multi-line text fields (;) are not supported");
                }
                if (line.startsWith("data_")) {
                    endBlock();
                    blockName = line.substring(5).strip();
                    values = new LinkedHashMap<>();
                    loops = new ArrayList<>();
                } else if (line.equals("loop_")) {
                    needBlock();
                    endLoop();
                    columns = new ArrayList<>();
                    rows = new ArrayList<>();
                    pending = new ArrayList<>();
                } else if (line.startsWith("_") && (columns == null || rows.isEmpty() && pending.isEmpty())) {
                    needBlock();
                    List<String> tokens = tokens(line);
                    String key = tokens.get(0).substring(1);
                    if (columns != null) {
                        columns.add(key); // a column; "#n" after it is a comment
                    } else {
                        if (tokens.size() < 2) {
                            throw error("no value after " + tokens.get(0));
                        }
                        values.put(key, tokens.get(1));
                    }
                } else if (line.startsWith("_")) {
                    endLoop();
                    List<String> tokens = tokens(line);
                    if (tokens.size() < 2) {
                        throw error("no value after " + tokens.get(0));
                    }
                    values.put(tokens.get(0).substring(1), tokens.get(1));
                } else if (columns != null) {
                    for (String t : tokens(line)) {
                        pending.add(t);
                        if (pending.size() == columns.size()) {
                            rows.add(pending);
                            pending = new ArrayList<>();
                        }
                    }
                } else {
                    throw error("unexpected text outside a loop: '" + line + "'");
                }
            }
            endBlock();
            return new StarFile(blocks);
        }

        private void needBlock() {
            if (blockName == null) {
                throw error("a key or loop before any data_ block");
            }
        }

        private void endLoop() {
            if (columns != null) {
                if (!pending.isEmpty()) {
                    throw error("the last row of the loop has " + pending.size() + " values but there are "
                            + columns.size() + " columns");
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

        private List<String> tokens(String line) {
            List<String> out = new ArrayList<>();
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
                    out.add(line.substring(i + 1, end));
                    i = end + 1;
                } else {
                    int end = i;
                    while (end < n && !Character.isWhitespace(line.charAt(end))) {
                        end++;
                    }
                    out.add(line.substring(i, end));
                    i = end;
                }
            }
            return out;
        }

        private CryomineException error(String problem) {
            return new CryomineException(file + ":" + lineNumber + ": " + problem);
        }
    }
}
