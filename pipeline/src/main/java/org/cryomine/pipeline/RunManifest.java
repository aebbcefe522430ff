package org.cryomine.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.cryomine.core.AtomicFiles;
import org.cryomine.core.CryomineException;

/**
 * The {@code manifest.json} of a run directory: the library version, the input files with their SHA-256
 * checksums, and for every finished stage its parameters (seeds included) and outputs. A stage whose
 * recorded parameters and inputs equal the current ones is not redone; when a stage is redone, every
 * later stage is forgotten, so a rerun never mixes results of different settings.
 *
 * <p>Stages are kept in the order they finished. The file is rewritten atomically after every change.
 */
public final class RunManifest {

    /** Format tag written into every manifest; loading another format fails with a clear message. */
    public static final String FORMAT = "cryomine-run/1";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final ObjectNode root;

    private RunManifest(Path file, ObjectNode root) {
        this.file = file;
        this.root = root;
    }

    /** Opens the manifest of {@code runDir}, or starts a new one (the directory is created). */
    public static RunManifest openOrCreate(Path runDir) throws IOException {
        Files.createDirectories(runDir);
        Path file = runDir.resolve("manifest.json");
        if (!Files.exists(file)) {
            ObjectNode root = JSON.createObjectNode();
            root.put("format", FORMAT);
            root.put("cryomineVersion", version());
            root.put("created", Instant.now().toString());
            root.putObject("inputs");
            root.putObject("stages");
            return new RunManifest(file, root);
        }
        return open(runDir);
    }

    /** Opens an existing run directory's manifest. */
    public static RunManifest open(Path runDir) throws IOException {
        Path file = runDir.resolve("manifest.json");
        if (!Files.isRegularFile(file)) {
            throw new CryomineException(runDir + " is not a cryomine run directory (no manifest.json); run 'cryomine mine' first");
        }
        JsonNode node;
        try {
            node = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new CryomineException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (!(node instanceof ObjectNode obj) || !FORMAT.equals(node.path("format").asText())) {
            throw new CryomineException(file + " is not a manifest of format " + FORMAT + " (found '"
                    + node.path("format").asText() + "'); rerun the pipeline with this cryomine version");
        }
        if (!obj.has("stages")) {
            obj.putObject("stages");
        }
        if (!obj.has("inputs")) {
            obj.putObject("inputs");
        }
        return new RunManifest(file, obj);
    }

    /** The run directory. */
    public Path directory() {
        return file.getParent();
    }

    /** Records an input file under {@code role} with its absolute path and checksum. */
    public void recordInput(String role, Path input) throws IOException {
        ObjectNode in = ((ObjectNode) root.get("inputs")).putObject(role);
        in.put("path", input.toAbsolutePath().normalize().toString());
        in.put("sha256", sha256(input));
        save();
    }

    /** Records the name of the recipe the run's settings started from (see {@link Recipe}). */
    public void recordRecipe(String recipe) throws IOException {
        if (!recipe.equals(root.path("recipe").asText(null))) {
            root.put("recipe", recipe);
            save();
        }
    }

    /** Records the dataset's tomograms (names and paths, in order); the inputs' checksums are recorded per tomogram. */
    public void recordDataset(Dataset dataset) throws IOException {
        com.fasterxml.jackson.databind.node.ArrayNode list = JSON.createArrayNode();
        for (Dataset.Tomogram t : dataset.tomograms()) {
            list.addObject().put("name", t.name()).put("path", t.path().toAbsolutePath().normalize().toString());
        }
        if (!list.equals(root.get("dataset"))) {
            root.set("dataset", list);
            save();
        }
    }

    /** The dataset recorded by {@link #recordDataset}, if this is a dataset run. */
    public Optional<Dataset> dataset() {
        JsonNode list = root.path("dataset");
        if (!list.isArray()) {
            return Optional.empty();
        }
        List<Dataset.Tomogram> out = new java.util.ArrayList<>();
        for (JsonNode t : list) {
            out.add(new Dataset.Tomogram(t.path("name").asText(), Path.of(t.path("path").asText())));
        }
        return Optional.of(new Dataset(out));
    }

    /** The recipe the run's settings started from, if recorded (runs mined before recipes existed have none). */
    public Optional<String> recipe() {
        JsonNode n = root.path("recipe");
        return n.isTextual() ? Optional.of(n.asText()) : Optional.empty();
    }

    /**
     * {@code node} as it reads back from a manifest file (floats become doubles, as the file holds them), so that
     * parameters compare equal before and after a save.
     */
    static ObjectNode roundTrip(ObjectNode node) {
        try {
            return (ObjectNode) JSON.readTree(JSON.writeValueAsString(node));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The mapper manifests are written with. */
    static ObjectMapper json() {
        return JSON;
    }

    /** The recorded path of an input, if any. */
    public Optional<Path> inputPath(String role) {
        JsonNode n = root.path("inputs").path(role).path("path");
        return n.isTextual() ? Optional.of(Path.of(n.asText())) : Optional.empty();
    }

    /** The recorded checksum of an input, if any. */
    public Optional<String> inputChecksum(String role) {
        JsonNode n = root.path("inputs").path(role).path("sha256");
        return n.isTextual() ? Optional.of(n.asText()) : Optional.empty();
    }

    /**
     * Whether {@code stage} finished with exactly these parameters and every output it listed still exists.
     */
    public boolean isDone(String stage, JsonNode parameters) {
        return finishedWith(root.path("stages").path(stage), parameters);
    }

    /** Whether the stage record {@code s} holds exactly {@code parameters} and every output it lists still exists. */
    private boolean finishedWith(JsonNode s, JsonNode parameters) {
        if (s.isMissingNode() || !parameters.equals(s.get("parameters"))) {
            return false;
        }
        for (JsonNode out : s.path("outputs")) {
            if (!Files.exists(directory().resolve(out.asText()))) {
                return false;
            }
        }
        return true;
    }

    /** Replaces {@code stage} in {@code stages} by a record of {@code parameters}, {@code outputs} and the time now. */
    private static ObjectNode record(ObjectNode stages, String stage, JsonNode parameters, List<String> outputs) {
        stages.remove(stage);
        ObjectNode s = stages.putObject(stage);
        s.set("parameters", parameters);
        outputs.forEach(s.putArray("outputs")::add);
        s.put("finished", Instant.now().toString());
        return s;
    }

    /** The parameters a finished stage recorded. */
    public Optional<JsonNode> parameters(String stage) {
        JsonNode s = root.path("stages").path(stage).path("parameters");
        return s.isMissingNode() ? Optional.empty() : Optional.of(s);
    }

    /** Forgets {@code stage} and every stage that finished after it. */
    public void invalidateFrom(String stage) throws IOException {
        ObjectNode stages = (ObjectNode) root.get("stages");
        List<String> names = new java.util.ArrayList<>();
        stages.fieldNames().forEachRemaining(names::add);
        int at = names.indexOf(stage);
        if (at < 0) {
            return;
        }
        for (String n : names.subList(at, names.size())) {
            stages.remove(n);
        }
        save();
    }

    /** Records that {@code stage} finished with {@code parameters}, producing {@code outputs} (relative paths). */
    public void markDone(String stage, JsonNode parameters, List<String> outputs) throws IOException {
        record((ObjectNode) root.get("stages"), stage, parameters, outputs).put("cryomineVersion", version());
        save();
    }

    /**
     * Whether the per-tomogram {@code stage} of tomogram {@code name} (a dataset run) finished with exactly these
     * parameters and every output it listed still exists.
     */
    public boolean isDone(String name, String stage, JsonNode parameters) {
        return finishedWith(root.path("tomograms").path(name).path(stage), parameters);
    }

    /** Records that the per-tomogram {@code stage} of tomogram {@code name} finished (see {@link #markDone}). */
    public void markDone(String name, String stage, JsonNode parameters, List<String> outputs) throws IOException {
        ObjectNode tomograms = root.has("tomograms") ? (ObjectNode) root.get("tomograms") : root.putObject("tomograms");
        ObjectNode t = tomograms.has(name) ? (ObjectNode) tomograms.get(name) : tomograms.putObject(name);
        record(t, stage, parameters, outputs);
        save();
    }

    /** The parameters the per-tomogram {@code stage} of tomogram {@code name} recorded. */
    public Optional<JsonNode> parameters(String name, String stage) {
        JsonNode s = root.path("tomograms").path(name).path(stage).path("parameters");
        return s.isMissingNode() ? Optional.empty() : Optional.of(s);
    }

    /** Forgets the per-tomogram {@code stages} of tomogram {@code name}. */
    public void forget(String name, String... stages) throws IOException {
        JsonNode t = root.path("tomograms").path(name);
        if (t instanceof ObjectNode obj) {
            for (String stage : stages) {
                obj.remove(stage);
            }
            save();
        }
    }

    /** When {@code stage} last finished (an ISO-8601 instant), if it did. */
    public Optional<String> finished(String stage) {
        JsonNode n = root.path("stages").path(stage).path("finished");
        return n.isTextual() ? Optional.of(n.asText()) : Optional.empty();
    }

    /** A new empty JSON object for stage parameters. */
    public static ObjectNode newParameters() {
        return JSON.createObjectNode();
    }

    private void save() throws IOException {
        AtomicFiles.writeString(file, true, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
    }

    /**
     * SHA-256 of a file's bytes, as lower-case hex; of a folder (a Zarr store), of its regular files in the order of
     * their '/'-separated relative paths, each as its path, a 0 byte, its length and its bytes.
     */
    public static String sha256(Path input) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        if (!Files.isDirectory(input)) {
            update(digest, input);
            return HexFormat.of().formatHex(digest.digest());
        }
        java.util.TreeMap<String, Path> files = new java.util.TreeMap<>();
        try (java.util.stream.Stream<Path> all = Files.walk(input)) {
            all.filter(Files::isRegularFile).forEach(f -> files.put(input.relativize(f).toString()
                    .replace(java.io.File.separatorChar, '/'), f));
        }
        for (var e : files.entrySet()) {
            digest.update(e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(java.nio.ByteBuffer.allocate(8).putLong(Files.size(e.getValue())).array());
            update(digest, e.getValue());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void update(MessageDigest digest, Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
    }

    /** The library version from the jar manifest, or "development". */
    public static String version() {
        String v = RunManifest.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }
}
