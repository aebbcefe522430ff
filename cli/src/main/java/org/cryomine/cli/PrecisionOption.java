package org.cryomine.cli;

/**
 * {@code --precision auto|float32|mixed} of the training commands, parsed: {@code auto} (null: the recipe's choice, mixed
 * precision where the CPU computes bfloat16 natively), {@code float32} (false) or {@code mixed} (true: bfloat16
 * compute on float32 master weights).
 */
final class PrecisionOption {

    static final String DESCRIPTION = "auto (default: mixed where the CPU computes bfloat16 natively, AVX512_BF16 or "
            + "AMX, and boxes are at least 12 voxels; float32 elsewhere and in the paper recipe), float32, or mixed "
            + "(bfloat16 compute on float32 weights: 1.4-1.7x faster training; the model runs in bfloat16 later too).";

    private PrecisionOption() {
    }

    /** Null (the recipe's choice) for null or auto, false for float32, true for mixed. */
    static Boolean parse(String value) {
        if (value == null) {
            return null;
        }
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "auto" -> null;
            case "float32" -> Boolean.FALSE;
            case "mixed" -> Boolean.TRUE;
            default -> throw new IllegalArgumentException("--precision: '" + value + "' is not a precision: give auto, "
                    + "float32 or mixed");
        };
    }
}
