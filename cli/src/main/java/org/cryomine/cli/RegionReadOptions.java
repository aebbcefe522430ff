package org.cryomine.cli;

import org.cryomine.pipeline.TomogramAccess;
import picocli.CommandLine.Option;

/** {@code --read} and {@code --region-memory}: how {@code pick}, {@code mine}, {@code train-seg} and {@code segment} read a tomogram (a picocli mixin). */
final class RegionReadOptions {

    @Option(names = "--read", defaultValue = "auto", paramLabel = "auto|whole|region",
            description = "Read the tomogram whole, or by region (slabs and boxes read from the file as needed, for "
                    + "tomograms larger than memory); auto (default) reads by region when the tomogram takes more than "
                    + "a quarter of the Java heap (raise it with CRYOMINE_JAVA_OPTS=-Xmx...) or exceeds 2^31 voxels.")
    String read;

    @Option(names = "--region-memory", defaultValue = "0", paramLabel = "MB",
            description = "When reading by region: memory a slab may take, in MB (0, the default: a quarter of the heap).")
    int regionMemory;

    /** The access mode; a bad value gets a clear error. */
    TomogramAccess access() {
        return TomogramAccess.parse(read);
    }

    /** Bytes a slab may take. */
    long regionMemoryBytes() {
        return TomogramAccess.regionMemory(regionMemory);
    }
}
