package org.cryomine.spark;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.cryomine.core.CryomineException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files on executors: staging a tomogram from a Hadoop URI to executor-local scratch, publishing a finished file to
 * a Hadoop URI under a temporary name and renaming it, and a folder as bytes (a saved model, broadcast).
 */
final class HadoopFiles {

    private static final Logger LOG = LoggerFactory.getLogger(HadoopFiles.class);

    private HadoopFiles() {
    }

    /** The driver's Hadoop settings (e.g. {@code spark.hadoop.fs.s3a.*}), to rebuild on executors. */
    static final class Conf implements Serializable {
        private static final long serialVersionUID = 1L;
        private final HashMap<String, String> entries = new HashMap<>();

        Conf(Configuration conf) {
            for (Map.Entry<String, String> e : conf) {
                entries.put(e.getKey(), e.getValue());
            }
        }

        Configuration get() {
            Configuration c = new Configuration(false);
            entries.forEach(c::set);
            return c;
        }
    }

    /** A tomogram on executor-local disk: the file itself when local, else a copy deleted by {@link #close()}. */
    record Staged(Path file, Path copyDir) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            if (copyDir != null) {
                deleteRecursively(copyDir);
            }
        }
    }

    /** {@code uri} as a local file: local paths as they are, other URIs copied into {@code scratch}. */
    static Staged stage(String uri, Path scratch, Configuration conf) throws IOException {
        if (TomogramRef.isLocal(uri)) {
            return new Staged(Path.of(new org.apache.hadoop.fs.Path(uri).toUri().getPath()), null);
        }
        org.apache.hadoop.fs.Path src = new org.apache.hadoop.fs.Path(uri);
        Files.createDirectories(scratch);
        Path dir = Files.createTempDirectory(scratch, "cryomine-stage-");
        Path local = dir.resolve(src.getName());
        try {
            FileSystem fs = src.getFileSystem(conf);
            long t0 = System.nanoTime();
            fs.copyToLocalFile(false, src, new org.apache.hadoop.fs.Path(local.toUri()), true);
            LOG.info("staged {} to {} in {} ms", uri, local, (System.nanoTime() - t0) / 1_000_000);
            return new Staged(local, dir);
        } catch (IOException | RuntimeException e) {
            deleteRecursively(dir);
            throw e;
        }
    }

    /**
     * Copies the local file {@code local} to {@code target} (a path or Hadoop URI) under the temporary name
     * {@code .NAME.partial} next to it, then renames it, so {@code target} is either absent or complete; a retried
     * task overwrites the temporary file of an earlier attempt, and a failed one deletes it.
     */
    static void publish(Path local, String target, boolean overwrite, Configuration conf) throws IOException {
        org.apache.hadoop.fs.Path dst = new org.apache.hadoop.fs.Path(target);
        FileSystem fs = dst.getFileSystem(conf);
        org.apache.hadoop.fs.Path tmp = new org.apache.hadoop.fs.Path(dst.getParent(), "." + dst.getName() + ".partial");
        boolean done = false;
        try {
            fs.mkdirs(dst.getParent());
            fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(local.toUri()), tmp);
            TomogramTasks.maybeFail("publish " + dst.getName());
            if (fs.exists(dst)) {
                if (!overwrite) {
                    throw new CryomineException(target + " exists; allow replacing it (--force) or choose another folder");
                }
                fs.delete(dst, true);
            }
            if (!fs.rename(tmp, dst)) {
                throw new IOException("could not rename " + tmp + " to " + dst);
            }
            done = true;
        } finally {
            if (!done) {
                fs.delete(tmp, true);
            }
        }
    }

    /** The files of folder {@code dir} as zip bytes (for a broadcast). */
    static byte[] zip(Path dir) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes); Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                if (Files.isRegularFile(f)) {
                    zip.putNextEntry(new ZipEntry(dir.relativize(f).toString().replace('\\', '/')));
                    Files.copy(f, zip);
                    zip.closeEntry();
                }
            }
        }
        return bytes.toByteArray();
    }

    /** Unpacks {@link #zip} bytes into a new folder in {@code parent}. */
    static Path unzip(byte[] bytes, Path parent, String prefix) throws IOException {
        Files.createDirectories(parent);
        Path dir = Files.createTempDirectory(parent, prefix);
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                Path f = dir.resolve(e.getName()).normalize();
                if (!f.startsWith(dir)) {
                    throw new IOException("zip entry " + e.getName() + " leaves its folder");
                }
                Files.createDirectories(f.getParent());
                Files.copy(zip, f);
            }
        }
        return dir;
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(f);
            }
        }
    }
}
