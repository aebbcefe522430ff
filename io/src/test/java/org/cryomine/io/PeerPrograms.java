package org.cryomine.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs peer programs (/usr/bin/python3 with mrcfile, RELION's tools) from tests. */
public final class PeerPrograms {

    public static final String PYTHON = "/usr/bin/python3";

    private PeerPrograms() {
    }

    /** Whether /usr/bin/python3 can import the given modules. */
    public static boolean pythonHas(String... modules) {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            return false;
        }
        try {
            return run(List.of(PYTHON, "-c", "import " + String.join(", ", modules))).exitCode == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Result of a finished program. */
    public static final class Result {
        public final int exitCode;
        public final String out;

        Result(int exitCode, String out) {
            this.exitCode = exitCode;
            this.out = out;
        }
    }

    /** Runs a command (stderr merged into stdout) for at most 60 s. */
    public static Result run(List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
        Process p = pb.start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + command);
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** Runs a Python script given as text with arguments. */
    public static Result python(String script, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(PYTHON, "-c", script));
        cmd.addAll(List.of(args));
        return run(cmd);
    }
}
