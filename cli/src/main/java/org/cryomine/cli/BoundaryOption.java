package org.cryomine.cli;

import java.util.Locale;
import org.cryomine.core.BoundaryPolicy;

/** The {@code --boundary skip|fill|mirror} value of the picking commands and of {@code quality}. */
final class BoundaryOption {

    private BoundaryOption() {
    }

    /** The policy named by {@code value} (case-insensitive). */
    static BoundaryPolicy parse(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "skip" -> BoundaryPolicy.SKIP;
            case "fill" -> BoundaryPolicy.FILL_MEAN;
            case "mirror" -> BoundaryPolicy.MIRROR;
            default -> throw new IllegalArgumentException("--boundary must be skip, fill or mirror, got '" + value + "'");
        };
    }
}
