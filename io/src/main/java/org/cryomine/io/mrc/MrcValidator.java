package org.cryomine.io.mrc;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.cryomine.core.VolumeStatistics;
import org.cryomine.io.ByteSource;
import org.cryomine.io.ReadOptions;
import org.cryomine.io.VolumeFormatException;
import org.cryomine.io.Volumes;

/**
 * Checks an MRC file against the MRC2014 specification, test by test as mrcfile 1.4.3's
 * {@code validate}: map ID, machine stamp, mode, negative sizes, axis mapping, volume stack sizes,
 * labels and nlabl, nversion, extended header type, data statistics, and file size. An empty list
 * means the file is valid. Never throws for a bad file (only the problems are listed); the file is not modified.
 */
public final class MrcValidator {

    private static final Set<String> EXTTYPS = Set.of("CCP4", "MRCO", "SERI", "AGAR", "FEI1", "FEI2", "HDF5");
    private static final Set<Integer> VALID_MODES = Set.of(0, 1, 2, 3, 4, 6, 12, 101);

    private MrcValidator() {
    }

    /** Every problem found in {@code file}, in words; empty when the file is a valid MRC2014 file. */
    public static List<String> validate(Path file) {
        List<String> problems = new ArrayList<>();
        MrcHeader h;
        long fileSize;
        try (ByteSource source = ByteSource.open(file)) {
            fileSize = source.size();
            if (fileSize < MrcHeader.SIZE) {
                problems.add("File is " + fileSize + " bytes long, too short for the 1024-byte MRC header");
                return problems;
            }
            byte[] bytes = new byte[MrcHeader.SIZE];
            source.read(0, bytes, 0, bytes.length);
            h = parse(bytes, problems);
        } catch (VolumeFormatException e) {
            problems.add(e.getMessage());
            return problems;
        }
        checkHeader(h, problems);
        long data = h.dataBytes();
        if (data < 0 && h.nx > 0 && h.ny > 0 && h.nz > 0) {
            problems.add(String.format(Locale.ROOT, "Header sizes %dx%dx%d of mode %d describe more than 2^63 bytes "
                    + "of data: the header is corrupt", h.nx, h.ny, h.nz, h.mode));
            return problems;
        }
        long expected = MrcHeader.SIZE + (long) Math.max(0, h.nsymbt) + Math.max(0, data);
        if (fileSize != expected) {
            problems.add(String.format(Locale.ROOT, "File is %s than expected: %d bytes on disk but the header "
                    + "describes %d", fileSize < expected ? "smaller" : "larger", fileSize, expected));
        } else if (problems.stream().noneMatch(p -> p.startsWith("Invalid mode") || p.startsWith("Header field 'n"))) {
            checkStatistics(file, h, problems);
        }
        return problems;
    }

    private static MrcHeader parse(byte[] bytes, List<String> problems) {
        ByteOrder order = MrcHeader.orderFromStamp(bytes);
        MrcHeader h = MrcHeader.parse(bytes, order == null ? ByteOrder.LITTLE_ENDIAN : order);
        if (order == null) {
            problems.add("Invalid machine stamp: " + h.stampText());
            MrcHeader big = MrcHeader.parse(bytes, ByteOrder.BIG_ENDIAN);
            if (!h.plausible() && big.plausible()) {
                h = big;
            }
        }
        return h;
    }

    private static void checkHeader(MrcHeader h, List<String> problems) {
        if (!(h.map[0] == 'M' && h.map[1] == 'A' && h.map[2] == 'P' && h.map[3] == ' ')) {
            problems.add("Map ID string is incorrect: found '" + new String(h.map, java.nio.charset.StandardCharsets.ISO_8859_1)
                    .replace("\0", "\\0") + "', should be 'MAP '");
        }
        if (!VALID_MODES.contains(h.mode)) {
            problems.add("Invalid mode: " + h.mode + " (MRC2014 modes are 0, 1, 2, 3, 4, 6, 12 and 101)");
        }
        String[] names = {"nx", "ny", "nz", "mx", "my", "mz", "ispg", "nlabl"};
        int[] values = {h.nx, h.ny, h.nz, h.mx, h.my, h.mz, h.ispg, h.nlabl};
        for (int i = 0; i < names.length; i++) {
            if (values[i] < 0) {
                problems.add("Header field '" + names[i] + "' is negative: " + values[i]);
            }
        }
        for (int i = 0; i < 3; i++) {
            if (h.cella[i] < 0) {
                problems.add("Cell dimension '" + "xyz".charAt(i) + "' is negative: " + h.cella[i]);
            }
        }
        if (!h.axisMappingValid()) {
            problems.add("Invalid axis mapping: found " + h.mapc + ", " + h.mapr + ", " + h.maps
                    + "; mapc, mapr, maps should be 1, 2, 3 in some order");
        }
        if (h.ispg >= 401 && h.ispg <= 630 && (h.mz <= 0 || h.nz % h.mz != 0)) {
            problems.add("Error in dimensions for volume stack: nz should be divisible by mz. Found nz = " + h.nz
                    + ", mz = " + h.mz);
        }
        checkLabels(h, problems);
        if (h.nversion != 20140 && h.nversion != 20141) {
            problems.add("File does not declare MRC format version 20140 or 20141: nversion = " + h.nversion);
        }
        if (h.nsymbt > 0 && !EXTTYPS.contains(new String(h.exttyp, java.nio.charset.StandardCharsets.ISO_8859_1))) {
            problems.add("Extended header type is undefined or unrecognised: exttyp = '" + h.exttypText() + "'");
        }
        if (h.nsymbt < 0) {
            problems.add("Header field 'nsymbt' (extended header size) is negative: " + h.nsymbt);
        }
    }

    private static void checkLabels(MrcHeader h, List<String> problems) {
        int count = 0;
        boolean seenEmpty = false;
        boolean gap = false;
        for (String label : h.labels) {
            if (!label.replace('\0', ' ').isBlank()) {
                count++;
                gap |= seenEmpty;
            } else {
                seenEmpty = true;
            }
        }
        if (gap) {
            problems.add("Error in header labels: empty labels appear between text-containing labels");
        }
        if (count != h.nlabl) {
            problems.add("Error in header labels: nlabl is " + h.nlabl + " but " + count + " labels contain text");
        }
    }

    private static void checkStatistics(Path file, MrcHeader h, List<String> problems) {
        VolumeStatistics stats;
        try {
            stats = Volumes.statistics(new MrcFormat(), file, new ReadOptions(true, true));
        } catch (RuntimeException e) {
            problems.add("Data could not be read: " + e.getMessage());
            return;
        }
        double min = stats.min();
        double max = stats.max();
        double mean = stats.mean();
        double rms = stats.rms();
        if (h.rms >= 0 && !isClose(rms, h.rms)) {
            problems.add("Data statistics appear to be inaccurate: RMS deviation is " + rms + " but the value in the header is " + h.rms);
        }
        if (h.dmin < h.dmax && h.dmin != (float) min) {
            problems.add("Data statistics appear to be inaccurate: minimum is " + min + " but the value in the header is " + h.dmin);
        }
        if (h.dmin < h.dmax && h.dmax != (float) max) {
            problems.add("Data statistics appear to be inaccurate: maximum is " + max + " but the value in the header is " + h.dmax);
        }
        if (h.dmean > Math.min(h.dmin, h.dmax) && !isClose(mean, h.dmean)) {
            problems.add("Data statistics appear to be inaccurate: mean is " + mean + " but the value in the header is " + h.dmean);
        }
    }

    /** numpy.isclose with rtol 0.01, atol 1e-8. */
    private static boolean isClose(double actual, double expected) {
        return Math.abs(actual - expected) <= 1e-8 + 0.01 * Math.abs(expected);
    }
}
