package org.cryomine.io.copick;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Pattern;
import org.cryomine.core.CryomineException;

/**
 * copick's naming rules. Object names, user ids, session ids and segmentation names become parts of file
 * names joined by '_', so copick refuses names that {@code sanitize_name} would change (copick/copick
 * {@code src/copick/util/escape.py}: no white space, no underscore, none of {@code <>:"/\|?*}, no control
 * character, no leading or trailing '-', not empty). Voxel spacings are written with three decimals, as
 * Python's {@code f"{voxel_size:.3f}"} in {@code src/copick/impl/filesystem.py}.
 */
public final class CopickNames {

    private static final Pattern INVALID = Pattern.compile("[<>:\"/\\\\|?*\\x00-\\x1F\\x7F\\s_]",
            Pattern.UNICODE_CHARACTER_CLASS);

    private CopickNames() {
    }

    /** Whether copick accepts {@code name} unchanged as an object name, user id or session id (not empty). */
    public static boolean isValid(String name) {
        return name != null && !name.isEmpty() && name.equals(sanitized(name));
    }

    /**
     * What copick's {@code sanitize_name} makes of {@code name}: invalid characters replaced by '-', leading and
     * trailing '-' removed (may be empty).
     */
    public static String sanitized(String name) {
        String s = INVALID.matcher(name).replaceAll("-");
        int a = 0;
        int b = s.length();
        while (a < b && s.charAt(a) == '-') {
            a++;
        }
        while (b > a && s.charAt(b - 1) == '-') {
            b--;
        }
        return s.substring(a, b);
    }

    /**
     * Returns {@code name} when copick accepts it.
     *
     * @param what what the name is, for the message (e.g. "user id")
     * @throws CryomineException naming the problem and copick's cleaned name when there is one
     */
    public static String requireValid(String what, String name) {
        if (isValid(name)) {
            return name;
        }
        String clean = name == null ? "" : sanitized(name);
        throw new CryomineException(what + " '" + name + "' is not a valid copick name: copick joins names with '_' "
                + "into file names, so they may not contain white space, '_' or any of <>:\"/\\|?*, nor start or end "
                + "with '-'" + (clean.isEmpty() ? "" : "; use '" + clean + "'"));
    }

    /**
     * A voxel spacing as copick writes it in folder and file names: three decimals, rounded as Python's
     * {@code "%.3f"} rounds (the exact binary value, ties to even), e.g. 10 as "10.000".
     *
     * @param angst voxel spacing in Å, positive
     */
    public static String voxelSpacing(double angst) {
        if (!(angst > 0) || Double.isInfinite(angst)) {
            throw new IllegalArgumentException("a voxel spacing must be a positive number of Å, got " + angst);
        }
        return new BigDecimal(angst).setScale(3, RoundingMode.HALF_EVEN).toPlainString();
    }
}
