package org.cryomine.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.cryomine.core.CryomineException;

/**
 * The on-disk form of a {@link ClusterModel}: UTF-8 text, "key: value" lines, then the centroids (k lines of
 * comma-separated floats) and the assignments (one line of comma-separated cluster numbers). Records the format
 * version, the library version and every hyper-parameter with the seed. Written to a temporary file and renamed.
 *
 * <p>Version 2 added the line "swap-trials" after "restarts"; version 1 files (written before swap refinement
 * existed, so fitted without it) are still read, as models with {@code swapTrials = 0}.
 */
final class ClusterModelFile {

    static final String MAGIC = "cryomine-cluster-model";
    static final int VERSION = 2;
    /** The oldest format version this library reads. */
    static final int OLDEST_VERSION = 1;

    private ClusterModelFile() {
    }

    static void write(ClusterModel m, Path target, boolean overwrite) {
        if (!overwrite && Files.exists(target)) {
            throw new CryomineException(target + " already exists; ask to overwrite it or choose another name");
        }
        KMeansClusterer c = m.configuration();
        StringBuilder sb = new StringBuilder();
        sb.append(MAGIC).append(' ').append(VERSION).append('\n');
        String lib = ClusterModelFile.class.getPackage().getImplementationVersion();
        sb.append("library-version: ").append(lib == null ? "development" : lib).append('\n');
        sb.append("k: ").append(m.k()).append('\n');
        sb.append("dimension: ").append(m.dimension()).append('\n');
        sb.append("points: ").append(m.pointCount()).append('\n');
        sb.append("seed: ").append(c.seed()).append('\n');
        sb.append("max-iterations: ").append(c.maxIterations()).append('\n');
        sb.append("tolerance: ").append(c.tolerance()).append('\n');
        sb.append("restarts: ").append(c.restarts()).append('\n');
        sb.append("swap-trials: ").append(c.swapTrials()).append('\n');
        sb.append("inertia: ").append(m.inertia()).append('\n');
        sb.append("iterations: ").append(m.iterations()).append('\n');
        sb.append("centroids:\n");
        for (float[] row : m.centroids()) {
            join(sb, row);
        }
        sb.append("assignments:\n");
        int[] a = m.assignments();
        for (int i = 0; i < a.length; i++) {
            sb.append(i == 0 ? "" : ",").append(a[i]);
        }
        sb.append('\n');
        try {
            Path dir = target.toAbsolutePath().getParent();
            Path tmp = Files.createTempFile(dir, org.cryomine.core.AtomicFiles.temporaryName(
                    target.getFileName().toString()), "");
            try {
                try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                    w.write(sb.toString());
                }
                if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                    Files.setPosixFilePermissions(tmp,
                            java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
                }
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (FileAlreadyExistsException e) {
            throw new CryomineException(target + " already exists", e);
        } catch (IOException e) {
            throw new CryomineException("cannot write the cluster model " + target + ": " + e.getMessage(), e);
        }
    }

    private static void join(StringBuilder sb, float[] row) {
        for (int j = 0; j < row.length; j++) {
            sb.append(j == 0 ? "" : ",").append(row[j]);
        }
        sb.append('\n');
    }

    static ClusterModel read(Path file) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = in.readLine();
            if (first == null || !first.startsWith(MAGIC + " ")) {
                throw new CryomineException(file + " is not a cryomine cluster model (no '" + MAGIC + "' header)");
            }
            int version = parseInt(file, "format version", first.substring(MAGIC.length() + 1));
            if (version < OLDEST_VERSION || version > VERSION) {
                throw new CryomineException(file + " has cluster model format version " + version
                        + ", this library reads versions " + OLDEST_VERSION + " to " + VERSION
                        + "; use a matching cryomine version");
            }
            expect(in, file, "library-version");
            int k = parseInt(file, "k", expect(in, file, "k"));
            int d = parseInt(file, "dimension", expect(in, file, "dimension"));
            int n = parseInt(file, "points", expect(in, file, "points"));
            long seed = Long.parseLong(expect(in, file, "seed"));
            int maxIterations = parseInt(file, "max-iterations", expect(in, file, "max-iterations"));
            double tolerance = Double.parseDouble(expect(in, file, "tolerance"));
            int restarts = parseInt(file, "restarts", expect(in, file, "restarts"));
            int swapTrials = version >= 2 ? parseInt(file, "swap-trials", expect(in, file, "swap-trials")) : 0;
            double inertia = Double.parseDouble(expect(in, file, "inertia"));
            int iterations = parseInt(file, "iterations", expect(in, file, "iterations"));
            expect(in, file, "centroids");
            float[] centres = new float[k * d];
            for (int c = 0; c < k; c++) {
                String[] f = line(in, file, "centroid " + c).split(",");
                if (f.length != d) {
                    throw new CryomineException(file + ": centroid " + c + " has " + f.length + " values, expected " + d);
                }
                for (int j = 0; j < d; j++) {
                    centres[c * d + j] = Float.parseFloat(f[j]);
                }
            }
            expect(in, file, "assignments");
            String[] f = line(in, file, "assignments").split(",");
            if (f.length != n) {
                throw new CryomineException(file + ": " + f.length + " assignments, expected " + n);
            }
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = parseInt(file, "assignment " + i, f[i]);
                if (labels[i] < 0 || labels[i] >= k) {
                    throw new CryomineException(file + ": assignment " + i + " is " + labels[i] + ", not in 0.." + (k - 1));
                }
            }
            KMeansClusterer config = KMeansClusterer.of(k).withSeed(seed).withMaxIterations(maxIterations)
                    .withTolerance(tolerance).withRestarts(restarts).withSwapTrials(swapTrials);
            return ClusterModel.restored(k, d, centres, labels, inertia, iterations, config);
        } catch (NoSuchFileException e) {
            throw new CryomineException("cluster model not found: " + file, e);
        } catch (IOException e) {
            throw new CryomineException("cannot read the cluster model " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new CryomineException(file + " is not a valid cluster model: " + e.getMessage(), e);
        }
    }

    private static String line(BufferedReader in, Path file, String what) throws IOException {
        String line = in.readLine();
        if (line == null) {
            throw new CryomineException(file + " is truncated: " + what + " is missing");
        }
        return line;
    }

    private static String expect(BufferedReader in, Path file, String key) throws IOException {
        String line = line(in, file, "'" + key + "'");
        if (!line.startsWith(key + ":")) {
            throw new CryomineException(file + ": expected '" + key + ":' but found '" + line + "'");
        }
        return line.substring(key.length() + 1).strip();
    }

    private static int parseInt(Path file, String what, String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new CryomineException(file + ": " + what + " '" + text + "' is not an integer", e);
        }
    }
}
