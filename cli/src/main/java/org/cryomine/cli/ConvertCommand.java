package org.cryomine.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.cryomine.core.Volume;
import org.cryomine.io.ReadOptions;
import org.cryomine.io.VolumeHeader;
import org.cryomine.io.Volumes;
import org.cryomine.io.WriteOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cryomine convert IN OUT [--mode 0|1|2|6|12] [--force]}: reads any volume cryomine reads and
 * writes MRC2014 in the chosen mode, keeping voxel size, origin and (ASCII) labels and adding one.
 * Integer modes round values and refuse ones that do not fit.
 */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Convert a volume (MRC, TIFF; gzip/bzip2 too) to an MRC2014 file.")
public final class ConvertCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "IN", description = "The volume to read.")
    Path in;

    @Parameters(index = "1", paramLabel = "OUT", description = "The MRC file to write.")
    Path out;

    @Option(names = "--mode", defaultValue = "2", paramLabel = "MODE",
            description = "MRC mode: 0 int8, 1 int16, 2 float32 (default), 6 uint16, 12 float16.")
    int mode;

    @Option(names = "--force", description = "Overwrite OUT if it exists.")
    boolean force;

    @Option(names = "--permissive", description = "Read a damaged input as far as possible.")
    boolean permissive;

    @Option(names = "--allow-stack", description = "Accept an image stack or volume stack as input.")
    boolean allowStack;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!WriteOptions.WRITABLE_MODES.contains(mode)) {
            throw new IllegalArgumentException("--mode " + mode + " is not one of " + WriteOptions.WRITABLE_MODES);
        }
        ReadOptions options = new ReadOptions(permissive, allowStack);
        VolumeHeader header = Volumes.readHeader(in, options);
        Volume v = Volumes.read(in, options);
        List<String> labels = new ArrayList<>();
        for (String label : header.labels()) {
            if (labels.size() < 9 && label.length() <= 80 && label.chars().allMatch(c -> c >= 32 && c < 127)) {
                labels.add(label);
            }
        }
        String note = ("cryomine convert from " + in.getFileName()).replaceAll("[^\\x20-\\x7e]", "?");
        labels.add(note.length() > 80 ? note.substring(0, 80) : note);
        Volumes.write(v, out, new WriteOptions(mode, force, labels));
        spec.commandLine().getOut().println("wrote " + out + " (" + v.nx() + "x" + v.ny() + "x" + v.nz() + ", mode " + mode + ")");
        spec.commandLine().getOut().flush();
        return 0;
    }
}
