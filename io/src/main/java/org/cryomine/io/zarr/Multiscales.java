package org.cryomine.io.zarr;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cryomine.core.Vec3;
import org.cryomine.io.VolumeFormatException;

/**
 * The first {@code multiscales} entry of an OME-NGFF 0.4 group's {@code .zattrs}: the axes (names, units)
 * and, per dataset, its path and its scale and translation (dataset transformations, then the multiscale's
 * own), converted to Å. Also reads 0.3-style axes given as plain names. Immutable.
 *
 * @param axisNames names of the array's axes, in array order (e.g. z, y, x; or t, c, z, y, x)
 * @param levels    the datasets, highest resolution first
 */
record Multiscales(List<String> axisNames, List<ScaleLevel> levels) {

    /** Å per unit; a unit not listed (or none) is taken as Å. */
    private static final Map<String, Double> UNITS = Map.of("angstrom", 1.0, "nanometer", 10.0, "micrometer", 1e4,
            "millimeter", 1e7, "meter", 1e10, "picometer", 0.01);

    /** The multiscales of group {@code dir}, or null when its {@code .zattrs} has none. */
    static Multiscales read(Path dir) {
        Path attrs = dir.resolve(".zattrs");
        if (!Files.isRegularFile(attrs)) {
            return null;
        }
        JsonNode ms = ZarrArray.readJson(attrs).path("multiscales").path(0);
        if (ms.isMissingNode()) {
            return null;
        }
        JsonNode axes = ms.path("axes");
        List<String> names = new ArrayList<>();
        double[] factor = new double[axes.size()];
        for (int i = 0; i < axes.size(); i++) {
            JsonNode a = axes.get(i);
            names.add((a.isTextual() ? a.asText() : a.path("name").asText("")).toLowerCase(Locale.ROOT));
            factor[i] = UNITS.getOrDefault(a.path("unit").asText("angstrom").toLowerCase(Locale.ROOT), 1.0);
        }
        List<ScaleLevel> levels = new ArrayList<>();
        for (JsonNode ds : ms.path("datasets")) {
            String path = ds.path("path").asText(null);
            if (path == null) {
                throw new VolumeFormatException(attrs, "a multiscales dataset has no path");
            }
            int n = Math.max(names.size(), 3);
            double[] scale = new double[n];
            double[] shift = new double[n];
            java.util.Arrays.fill(scale, 1);
            apply(ds.path("coordinateTransformations"), scale, shift);
            apply(ms.path("coordinateTransformations"), scale, shift);
            int[] xyz = axes(names, n);
            int[] shape = ZarrArray.open(dir.resolve(path)).shape;
            double[] f = new double[n];
            for (int i = 0; i < n; i++) {
                f[i] = i < factor.length ? factor[i] : 1;
            }
            levels.add(new ScaleLevel(path, shape[xyz[0]], shape[xyz[1]], shape[xyz[2]],
                    vec(scale, f, xyz), vec(shift, f, xyz)));
        }
        if (levels.isEmpty()) {
            throw new VolumeFormatException(attrs, "multiscales lists no datasets");
        }
        return new Multiscales(List.copyOf(names), List.copyOf(levels));
    }

    private static Vec3 vec(double[] v, double[] f, int[] xyz) {
        return new Vec3(v[xyz[0]] * f[xyz[0]], v[xyz[1]] * f[xyz[1]], v[xyz[2]] * f[xyz[2]]);
    }

    /** Composes a list of scale / translation transformations onto (scale, shift). */
    private static void apply(JsonNode transforms, double[] scale, double[] shift) {
        for (JsonNode t : transforms) {
            JsonNode values = t.path(t.path("type").asText(""));
            boolean isScale = t.path("type").asText("").equals("scale");
            for (int i = 0; i < Math.min(values.size(), scale.length); i++) {
                double v = values.get(i).asDouble();
                if (isScale) {
                    scale[i] *= v;
                    shift[i] *= v;
                } else {
                    shift[i] += v;
                }
            }
        }
    }

    /**
     * Indices of x, y, z among {@code names} (an array of {@code n} dimensions); without names, the last three
     * dimensions taken as z, y, x.
     */
    static int[] axes(List<String> names, int n) {
        int[] xyz = {names.indexOf("x"), names.indexOf("y"), names.indexOf("z")};
        if (xyz[0] < 0 || xyz[1] < 0 || xyz[2] < 0) {
            return new int[] {n - 1, n - 2, n - 3};
        }
        return xyz;
    }

    /** The level nearest {@code voxelSize} Å (mean over axes; ties to the finer), level 0 when it is 0. */
    int nearest(double voxelSize) {
        if (voxelSize <= 0) {
            return 0;
        }
        int best = 0;
        for (int i = 1; i < levels.size(); i++) {
            if (Math.abs(levels.get(i).meanVoxelSize() - voxelSize)
                    < Math.abs(levels.get(best).meanVoxelSize() - voxelSize)) {
                best = i;
            }
        }
        return best;
    }
}
