package org.cryomine.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.cryomine.core.CryomineException;
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
 * {@code cryomine convert IN OUT [--mode 0|1|2|6|12] [--rescale] [--force]}: reads any volume cryomine reads
 * and writes MRC2014 in the chosen mode, keeping voxel size, origin and (ASCII) labels and adding one.
 *
 * <p>Integer modes (0 int8, 1 int16, 6 uint16) round values to the nearest integer. Without
 * {@code --rescale} they refuse values that do not fit the type, and refuse non-integer data that rounding
 * would collapse: data spanning fewer than {@value #MIN_LEVELS} integer levels, or with a standard deviation
 * under one integer step (a float tomogram of standard deviation 0.27 became 4 values). With
 * {@code --rescale}, the data's range [min, max] is mapped linearly onto the type's whole range
 * (stored = round(lo + (value - min) * scale)), the mapping is printed and kept in a header label as
 * "value = stored * A + B" so that it can be undone.
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

    @Option(names = "--rescale", description = "For integer modes (0, 1, 6): map the data's range [min, max] "
            + "linearly onto the type's whole range (e.g. -128..127 for mode 0) instead of rounding the values as they "
            + "are; the mapping is printed and stored in a label.")
    boolean rescale;

    @Option(names = "--force", description = "Overwrite OUT if it exists.")
    boolean force;

    @Option(names = "--permissive", description = "Read a damaged input as far as possible.")
    boolean permissive;

    @Option(names = "--allow-stack", description = "Accept an image stack or volume stack as input.")
    boolean allowStack;

    @Spec
    CommandSpec spec;

    /** Non-integer data spanning fewer integer levels than this is refused in an integer mode without --rescale. */
    static final int MIN_LEVELS = 16;

    @Override
    public Integer call() {
        if (!WriteOptions.WRITABLE_MODES.contains(mode)) {
            throw new IllegalArgumentException("--mode " + mode + " is not one of " + WriteOptions.WRITABLE_MODES);
        }
        IntegerRange range = IntegerRange.of(mode);
        if (rescale && range == null) {
            throw new IllegalArgumentException("--rescale applies to the integer modes 0, 1 and 6, not to --mode " + mode);
        }
        ReadOptions options = new ReadOptions(permissive, allowStack);
        VolumeHeader header = Volumes.readHeader(in, options);
        Volume v = Volumes.read(in, options);
        String mapping = null;
        Summary summary = null;
        if (range != null) {
            summary = Summary.of(v.data());
            if (rescale) {
                mapping = rescale(v.data(), summary, range);
            } else {
                refuseLoss(summary, range);
            }
        }
        List<String> labels = new ArrayList<>();
        int keep = mapping == null ? 9 : 8;
        for (String label : header.labels()) {
            if (labels.size() < keep && label.length() <= 80 && label.chars().allMatch(c -> c >= 32 && c < 127)) {
                labels.add(label);
            }
        }
        String note = ("cryomine convert from " + in.getFileName()).replaceAll("[^\\x20-\\x7e]", "?");
        labels.add(note.length() > 80 ? note.substring(0, 80) : note);
        if (mapping != null) {
            labels.add(mapping);
        }
        StaleOutputs.cleanBeside(out);
        Volumes.write(v, out, new WriteOptions(mode, force, labels));
        if (mapping != null) {
            IntegerRange r = IntegerRange.of(mode);
            spec.commandLine().getOut().println(String.format(Locale.ROOT, "rescaled values %.6g..%.6g onto %d..%d (%s); "
                    + "%s", summary.min(), summary.max(), (long) r.lo(), (long) r.hi(), r.name(), mapping));
        }
        spec.commandLine().getOut().println("wrote " + out + " (" + v.nx() + "x" + v.ny() + "x" + v.nz() + ", mode " + mode + ")");
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** The values an integer MRC mode holds. */
    record IntegerRange(String name, double lo, double hi) {
        static IntegerRange of(int mode) {
            switch (mode) {
                case 0: return new IntegerRange("int8", -128, 127);
                case 1: return new IntegerRange("int16", -32768, 32767);
                case 6: return new IntegerRange("uint16", 0, 65535);
                default: return null;
            }
        }
    }

    /** Min, max, standard deviation, and whether every value is an integer (rounding then loses nothing). */
    record Summary(double min, double max, double sd, boolean integers, boolean finite) {
        static Summary of(float[] data) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            double mean = 0;
            double m2 = 0;
            boolean integers = true;
            boolean finite = true;
            long n = 0;
            for (float f : data) {
                if (!Float.isFinite(f)) {
                    finite = false;
                    continue;
                }
                min = Math.min(min, f);
                max = Math.max(max, f);
                integers &= f == Math.rint(f);
                n++;
                double d = f - mean; // Welford
                mean += d / n;
                m2 += d * (f - mean);
            }
            return new Summary(min, max, n > 0 ? Math.sqrt(m2 / n) : 0, integers, finite && n > 0);
        }
    }

    private void refuseLoss(Summary s, IntegerRange range) {
        String mrc = "MRC mode " + mode + " (" + range.name() + ", " + (long) range.lo() + ".." + (long) range.hi() + ")";
        if (!s.finite()) {
            throw new CryomineException(in + ": the data hold NaN or infinite values, which do not fit " + mrc
                    + "; write mode 2 (float32) instead");
        }
        if (s.min() < range.lo() - 0.5 || s.max() >= range.hi() + 0.5) {
            throw new CryomineException(String.format(Locale.ROOT, "%s: the data range %.6g..%.6g does not fit %s; use "
                    + "--rescale to map the data's range onto it, or write mode 2 (float32)", in, s.min(), s.max(), mrc));
        }
        long levels = Math.round(s.max()) - Math.round(s.min()) + 1;
        if (!s.integers() && (levels < MIN_LEVELS || s.sd() < 1)) {
            throw new CryomineException(String.format(Locale.ROOT, "%s: rounding these values (%.6g to %.6g, standard "
                    + "deviation %.3g) to integers would collapse the data to %d levels in %s; use --rescale to map the "
                    + "data's range onto the integer range, or write mode 2 (float32)", in, s.min(), s.max(), s.sd(),
                    levels, mrc));
        }
    }

    /**
     * Maps [s.min, s.max] of {@code data} (modified in place) onto [range.lo, range.hi]; returns the label
     * "cryomine rescale: value = stored * A + B" that undoes it.
     */
    private String rescale(float[] data, Summary s, IntegerRange range) {
        if (!s.finite()) {
            throw new CryomineException(in + ": the data hold NaN or infinite values, which cannot be rescaled to an "
                    + "integer mode; write mode 2 (float32) instead");
        }
        double width = s.max() - s.min();
        double scale = width > 0 ? (range.hi() - range.lo()) / width : 1;
        double offset = width > 0 ? range.lo() : Math.max(range.lo(), Math.min(range.hi(), 0));
        for (int i = 0; i < data.length; i++) {
            double stored = Math.rint(offset + (data[i] - s.min()) * scale);
            data[i] = (float) Math.max(range.lo(), Math.min(range.hi(), stored));
        }
        // value = (stored - offset) / scale + min = stored * a + b
        double a = 1 / scale;
        double b = s.min() - offset / scale;
        return String.format(Locale.ROOT, "cryomine rescale: value = stored * %.9g + %.9g", a, b);
    }
}
