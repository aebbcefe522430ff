package org.cryomine.io.copick;

import java.util.List;
import java.util.Objects;
import org.cryomine.core.CryomineException;

/**
 * One entry of a copick configuration's {@code pickable_objects} (copick/copick {@code src/copick/models.py},
 * {@code PickableObject}). Immutable.
 *
 * @param name       the object's name, valid by {@link CopickNames}; pick files and segmentations are named after it
 * @param isParticle whether it is picked as points (true) or segmented as masks (false)
 * @param label      its value in multilabel segmentations; not 0, which is background (copick's default 1)
 * @param color      RGBA, four values 0 to 255 (copick's default 100, 100, 100, 255)
 * @param radius     the particle's radius in Å, or null when not given
 * @param pdbId      a PDB id, or null
 * @param emdbId     an EMDB id, or null
 */
public record PickableObject(String name, boolean isParticle, int label, List<Integer> color, Double radius,
                             String pdbId, String emdbId) {

    /** copick's default colour. */
    public static final List<Integer> DEFAULT_COLOR = List.of(100, 100, 100, 255);

    public PickableObject {
        CopickNames.requireValid("pickable object name", name);
        if (label == 0) {
            throw new CryomineException("pickable object '" + name + "' has label 0, which copick reserves for "
                    + "background; give it another label");
        }
        color = List.copyOf(Objects.requireNonNull(color, "color"));
        if (color.size() != 4 || color.stream().anyMatch(c -> c < 0 || c > 255)) {
            throw new CryomineException("pickable object '" + name + "' has color " + color + "; copick wants four "
                    + "values (RGBA) of 0 to 255");
        }
        if (radius != null && !(radius > 0)) {
            throw new CryomineException("pickable object '" + name + "' has radius " + radius + "; give a positive "
                    + "radius in Å or none");
        }
    }

    /** A particle with copick's defaults for everything else. */
    public static PickableObject particle(String name, int label) {
        return new PickableObject(name, true, label, DEFAULT_COLOR, null, null, null);
    }
}
