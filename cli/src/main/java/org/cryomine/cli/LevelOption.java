package org.cryomine.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.cryomine.segmentation.Selection;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --level L|auto}: a finite threshold level in standard deviations (one level for every group), or
 * {@code auto} for a level per group chosen from the data, returned as NaN
 * ({@link org.cryomine.pipeline.SegTrainSettings#PER_GROUP}, {@link org.cryomine.pipeline.RunEmbedding#PER_GROUP}).
 */
final class LevelOption implements ITypeConverter<Double> {

    @Override
    public Double convert(String value) {
        String v = value.trim();
        if (v.equalsIgnoreCase("auto")) {
            return Double.NaN;
        }
        double d;
        try {
            d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a level: give a number of standard deviations "
                    + "(e.g. 0.75) or auto");
        }
        if (!Double.isFinite(d)) {
            throw new TypeConversionException("the level must be finite (or auto), got " + value);
        }
        return d;
    }

    /** "membrane 0.612, globule 1.250 (per group, from the data)" or "... (given)". */
    static String describe(Selection selection, List<Double> levels, boolean perGroup) {
        List<String> parts = new ArrayList<>();
        for (int g = 0; g < levels.size(); g++) {
            parts.add(String.format(Locale.ROOT, "%s %.3f", selection.groups().get(g).name(), levels.get(g)));
        }
        return String.join(", ", parts) + (perGroup ? " (per group, from the data)" : " (given)");
    }
}
