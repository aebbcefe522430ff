package org.cryomine.io;

import java.util.List;
import java.util.Objects;

/**
 * How to write a volume file.
 *
 * @param mode      the MRC mode to store: 2 (float32, the default), 0 (int8), 1 (int16), 6 (uint16) or
 *                  12 (float16); integer modes round to the nearest integer and refuse values that do not fit
 * @param overwrite replace an existing file (otherwise writing to an existing path fails)
 * @param labels    up to 10 text labels of at most 80 ASCII characters (MRC); empty means a default label
 */
public record WriteOptions(int mode, boolean overwrite, List<String> labels) {

    /** Allowed modes for writing. */
    public static final List<Integer> WRITABLE_MODES = List.of(0, 1, 2, 6, 12);

    public WriteOptions {
        if (!WRITABLE_MODES.contains(mode)) {
            throw new IllegalArgumentException("cannot write MRC mode " + mode + "; use one of " + WRITABLE_MODES);
        }
        labels = List.copyOf(Objects.requireNonNull(labels, "labels"));
        if (labels.size() > 10) {
            throw new IllegalArgumentException("at most 10 labels fit in an MRC header, got " + labels.size());
        }
        for (String label : labels) {
            if (label.length() > 80 || !label.chars().allMatch(c -> c >= 32 && c < 127)) {
                throw new IllegalArgumentException("a label must be at most 80 printable ASCII characters: '" + label + "'");
            }
        }
    }

    /** Mode 2, no overwriting, default label. */
    public static WriteOptions defaults() {
        return new WriteOptions(2, false, List.of());
    }

    public WriteOptions withMode(int newMode) {
        return new WriteOptions(newMode, overwrite, labels);
    }

    public WriteOptions withOverwrite(boolean value) {
        return new WriteOptions(mode, value, labels);
    }

    public WriteOptions withLabels(List<String> newLabels) {
        return new WriteOptions(mode, overwrite, newLabels);
    }
}
