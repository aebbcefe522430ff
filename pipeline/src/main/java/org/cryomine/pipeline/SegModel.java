package org.cryomine.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cryomine.core.AtomicFiles;
import org.cryomine.core.CryomineException;
import org.cryomine.core.pick.Contrast;
import org.cryomine.core.stats.IntensityStatistics;
import org.cryomine.nn.CodeAveraging;
import org.cryomine.segmentation.Selection;

/**
 * A segmentation model directory written by {@code cryomine train-seg}: {@code edss3d/} (the trained
 * network; with an ensemble, {@code edss3d-2/}, {@code edss3d-3/}, ... the others), {@code autoencoder/} and {@code centroids.csv} (copied from the run, for the clusters mode),
 * and {@code segmodel.json} (format, selection, threshold level ("per-group" when chosen from the data) and each
 * group's level, each group's typical object size in the weak labels, the training tomogram's intensity statistics,
 * contrast, box size, picker, code averaging, training settings).
 *
 * @param dir       the directory
 * @param selection the groups; label i + 1 is group i
 * @param level     weak-label threshold level given for training (standard deviations); NaN when the levels were
 *                  chosen per group from the data
 * @param groupLevels the level each group's weak labels used, in the selection's order (standard deviations, dense
 *                  side); all equal to {@code level} when one was given
 * @param contrast  contrast of the training tomogram
 * @param boxSize   cubic box edge in voxels
 * @param picker    description of the picker used for mining (informative)
 * @param codeAveraging how the run's clustered codes were made, so the clusters mode encodes picks alike
 * @param groupObjectVoxels each group's typical object in the weak labels, in voxels
 *                  ({@link org.cryomine.segmentation.TrainingSet#medianVoxels}), in the selection's order; empty for
 *                  models written before it was recorded
 * @param intensity the training tomogram's intensity level and scale (of a dataset's tomograms, the medians of their
 *                  medians and spreads), which segmenting matches a new tomogram to
 *                  ({@link SegmentSettings#matchIntensities()}); null for models written before it was recorded
 * @param networks  how many Edss3d networks the model holds ({@link SegTrainSettings#networks()}), whose mean
 *                  probabilities segment; at least 1 (1 for models written before ensembles)
 */
public record SegModel(Path dir, Selection selection, double level, List<Double> groupLevels, Contrast contrast,
                       int boxSize, String picker, CodeAveraging codeAveraging, List<Integer> groupObjectVoxels,
                       IntensityStatistics intensity, int networks) {

    public SegModel {
        if (networks < 1) {
            throw new IllegalArgumentException("a segmentation model holds at least one network, not " + networks);
        }
        groupLevels = List.copyOf(groupLevels);
        groupObjectVoxels = List.copyOf(groupObjectVoxels);
        if (groupLevels.size() != selection.groups().size()) {
            throw new IllegalArgumentException(groupLevels.size() + " group levels for " + selection.groups().size()
                    + " groups");
        }
        if (!groupObjectVoxels.isEmpty() && groupObjectVoxels.size() != selection.groups().size()) {
            throw new IllegalArgumentException(groupObjectVoxels.size() + " object sizes for "
                    + selection.groups().size() + " groups");
        }
    }

    public static final String FORMAT = "cryomine-segmodel/1";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The first network's directory. */
    public Path edss3d() {
        return dir.resolve("edss3d");
    }

    /** Every network's directory: {@code edss3d}, then {@code edss3d-2}, {@code edss3d-3}, ... */
    public List<Path> edss3dNetworks() {
        List<Path> out = new ArrayList<>(networks);
        out.add(edss3d());
        for (int n = 2; n <= networks; n++) {
            out.add(dir.resolve("edss3d-" + n));
        }
        return out;
    }

    public Path autoencoder() {
        return dir.resolve("autoencoder");
    }

    public Path centroids() {
        return dir.resolve("centroids.csv");
    }

    /**
     * Writes {@code segmodel.json}, with the settings it was trained with under {@code "training"} (informative,
     * for reproducing a model) and the number of weak examples it trained on under {@code "examples"}. A label radius of infinity is written as the string {@code "Infinity"}.
     */
    void writeDescription(SegTrainSettings training, int examples) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("cryomineVersion", RunManifest.version());
        root.set("selection", JSON.readTree(selection.toJson()));
        if (Double.isNaN(level)) {
            root.put("level", "per-group");
        } else {
            root.put("level", level);
        }
        ObjectNode levels = root.putObject("groupLevels");
        for (int g = 0; g < groupLevels.size(); g++) {
            levels.put(selection.groups().get(g).name(), groupLevels.get(g));
        }
        if (!groupObjectVoxels.isEmpty()) {
            ObjectNode sizes = root.putObject("groupObjectVoxels");
            for (int g = 0; g < groupObjectVoxels.size(); g++) {
                sizes.put(selection.groups().get(g).name(), groupObjectVoxels.get(g));
            }
        }
        if (intensity != null) {
            ObjectNode i = root.putObject("intensity");
            i.put("median", intensity.median());
            i.put("spread", intensity.spread());
            i.put("samples", intensity.samples());
        }
        root.put("contrast", contrast.name());
        root.put("boxSize", boxSize);
        root.put("picker", picker);
        root.put("codeAveraging", codeAveraging.name());
        root.set("training", JSON.valueToTree(training));
        root.put("examples", examples);
        root.put("networks", networks);
        AtomicFiles.writeString(dir.resolve("segmodel.json"), true, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    }

    /** Reads a segmentation model directory; errors say what is missing. */
    public static SegModel open(Path dir) throws IOException {
        Path file = dir.resolve("segmodel.json");
        if (!Files.isRegularFile(file)) {
            throw new CryomineException(dir + " is not a cryomine segmentation model (no segmodel.json); make one with "
                    + "'cryomine train-seg'");
        }
        JsonNode root = JSON.readTree(file.toFile());
        if (!FORMAT.equals(root.path("format").asText())) {
            throw new CryomineException(file + " has format '" + root.path("format").asText() + "', this cryomine reads "
                    + FORMAT + "; retrain with 'cryomine train-seg'");
        }
        Selection selection = Selection.fromJson(root.path("selection").toString(), file.toString());
        double level = root.path("level").isNumber() ? root.path("level").asDouble() : Double.NaN;
        List<Double> levels = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        for (Selection.Group g : selection.groups()) { // models written before per-group levels: the one level
            JsonNode l = root.path("groupLevels").path(g.name());
            levels.add(l.isNumber() ? l.asDouble() : level);
            JsonNode n = root.path("groupObjectVoxels").path(g.name());
            if (n.isNumber()) {
                sizes.add(n.asInt());
            }
        }
        return new SegModel(dir, selection, level, levels, Contrast.valueOf(root.path("contrast").asText()),
                root.path("boxSize").asInt(), root.path("picker").asText(),
                CodeAveraging.valueOf(root.path("codeAveraging").asText(CodeAveraging.NONE.name())),
                sizes.size() == selection.groups().size() ? sizes : List.of(), intensity(root.path("intensity"), file),
                networks(root.path("networks"), file));
    }

    /** The recorded number of networks (1 when not recorded); a clear error when it is not a positive whole number. */
    private static int networks(JsonNode node, Path file) {
        if (node.isMissingNode()) {
            return 1;
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber() || node.asInt() < 1) {
            throw new CryomineException(file + ": \"networks\" must be a whole number >= 1, got " + node
                    + "; retrain with 'cryomine train-seg'");
        }
        return node.asInt();
    }

    /** The recorded intensity statistics, or null when the model records none; a clear error when malformed. */
    private static IntensityStatistics intensity(JsonNode node, Path file) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        try {
            return new IntensityStatistics(node.path("median").asDouble(Double.NaN),
                    node.path("spread").asDouble(Double.NaN), node.path("samples").asLong(0));
        } catch (IllegalArgumentException e) {
            throw new CryomineException(file + ": \"intensity\" is malformed (" + e.getMessage() + "); retrain with "
                    + "'cryomine train-seg'");
        }
    }
}
