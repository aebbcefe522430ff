package org.cryomine.spark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.cryomine.core.CryomineException;
import org.cryomine.pipeline.Dataset;

/**
 * One tomogram of a Spark job: its name in the dataset and where every executor can read it (a local path on a
 * shared file system, or a Hadoop URI such as {@code hdfs://nn/data/TS_01.mrc} or {@code s3a://bucket/TS_01.mrc}).
 *
 * @param name the tomogram's name (letters, digits and {@code . _ + -}, as {@link Dataset.Tomogram})
 * @param uri  a path or Hadoop URI every executor can read
 */
public record TomogramRef(String name, String uri) implements Serializable {

    private static final long serialVersionUID = 1L;

    public TomogramRef {
        new Dataset.Tomogram(name, Path.of(fileName(uri))); // validates the name
    }

    /** The tomogram at {@code uri}, named after its file name without the volume extension. */
    public static TomogramRef of(String uri) {
        return new TomogramRef(Dataset.nameOf(Path.of(fileName(uri))), uri);
    }

    /** Refs for local files. */
    public static List<TomogramRef> of(List<Path> files) {
        return files.stream().map(f -> of(f.toAbsolutePath().toString())).toList();
    }

    /**
     * The tomograms listed in {@code listFile} (read through Hadoop's FileSystem, so any URI it knows): one path or
     * URI per line, {@code #} starts a comment; a relative path is relative to the list's folder.
     *
     * @throws CryomineException when the list is empty or names repeat
     */
    public static List<TomogramRef> readList(String listFile, Configuration conf) throws IOException {
        org.apache.hadoop.fs.Path list = new org.apache.hadoop.fs.Path(listFile);
        FileSystem fs = list.getFileSystem(conf);
        org.apache.hadoop.fs.Path folder = fs.makeQualified(list).getParent();
        List<TomogramRef> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(list), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                int hash = line.indexOf('#');
                String entry = (hash >= 0 ? line.substring(0, hash) : line).strip();
                if (entry.isEmpty()) {
                    continue;
                }
                org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(entry);
                if (!p.isAbsolute() && p.toUri().getScheme() == null) {
                    p = new org.apache.hadoop.fs.Path(folder, entry);
                }
                String uri = p.toUri().getScheme() == null || "file".equals(p.toUri().getScheme())
                        ? p.toUri().getPath() : p.toString();
                out.add(of(uri));
            }
        }
        requireUnique(out, listFile);
        return out;
    }

    /** Fails unless the list is non-empty with unique names (as a {@link Dataset}). */
    static void requireUnique(List<TomogramRef> refs, String where) {
        if (refs.isEmpty()) {
            throw new CryomineException(where + " lists no tomogram; give one path or URI per line");
        }
        toDataset(refs);
    }

    /** The refs as a pipeline dataset (for the run's manifest); a URI becomes a path of its text. */
    static Dataset toDataset(List<TomogramRef> refs) {
        return new Dataset(refs.stream().map(r -> new Dataset.Tomogram(r.name(), Path.of(localPathOr(r.uri())))).toList());
    }

    /** Whether {@code uri} is a local path (no scheme, or {@code file:}). */
    static boolean isLocal(String uri) {
        String scheme = new org.apache.hadoop.fs.Path(uri).toUri().getScheme();
        return scheme == null || scheme.equals("file");
    }

    private static String localPathOr(String uri) {
        return isLocal(uri) ? new org.apache.hadoop.fs.Path(uri).toUri().getPath() : uri;
    }

    private static String fileName(String uri) {
        String u = uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
        return u.substring(u.lastIndexOf('/') + 1);
    }
}
