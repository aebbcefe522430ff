package org.cryomine.segmentation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.cryomine.core.AtomicFiles;
import org.cryomine.core.CryomineException;

/**
 * The clusters a person selected, put into named groups. Group {@code i} (0-based, in file order) gets
 * label {@code i + 1} in every label map; 0 is background. A cluster may belong to one group only.
 *
 * <p>On disk (the report's "save selection" button writes the same):
 * <pre>{"groups": [{"name": "membrane", "clusters": [3, 17]}, {"name": "globule", "clusters": [5, 9]}]}</pre>
 * A group may say what it holds ({@code "kind": "membrane"}, {@code "particle"} or {@code "other"}); without it, a
 * group whose name holds "membrane" or "vesicle" (in any case) is a membrane and any other a particle
 * ({@link Kind#of(String)}). The recommended segmentation completes membranes' hidden caps and removes particle
 * groups' pieces far larger than one particle (beyond the paper); a group of extended objects that are not membranes
 * (carbon film, filaments) is of kind other, so that neither happens to it.
 *
 * @param groups the groups in label order; at least one
 */
public record Selection(List<Group> groups) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What a group holds, as far as segmenting cares: membranes (surfaces), particles (discrete objects of about one
     * size, as copick's objects with {@code is_particle: true}), or other extended objects (carbon film, filaments).
     */
    public enum Kind {
        MEMBRANE, PARTICLE, OTHER;

        /**
         * The kind a group's name suggests: {@link #MEMBRANE} when it holds "membrane" or "vesicle" (any case), else
         * {@link #PARTICLE} (what DoG picks of one size mostly are).
         */
        public static Kind of(String groupName) {
            String n = groupName.toLowerCase(java.util.Locale.ROOT);
            return n.contains("membrane") || n.contains("vesicle") ? MEMBRANE : PARTICLE;
        }

        /** The kind named {@code text} ("membrane", "particle" or "other", any case). */
        public static Kind parse(String text) {
            for (Kind k : values()) {
                if (k.label().equalsIgnoreCase(text.trim())) {
                    return k;
                }
            }
            throw new IllegalArgumentException("'" + text + "' is not a group kind; use membrane, particle or other");
        }

        /** The kind as written in selection files: "membrane", "particle" or "other". */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One named group of cluster numbers.
     *
     * @param name     a non-blank name, unique in the selection
     * @param clusters cluster numbers (0-based, as {@code ClusterModel} numbers them), at least one
     * @param kind     what the group holds
     */
    public record Group(String name, List<Integer> clusters, Kind kind) {
        /** A group of the kind its name suggests ({@link Kind#of(String)}). */
        public Group(String name, List<Integer> clusters) {
            this(name, clusters, name == null ? Kind.PARTICLE : Kind.of(name));
        }

        public Group {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a selection group needs a non-blank name");
            }
            Objects.requireNonNull(kind, "kind");
            clusters = List.copyOf(new TreeSet<>(Objects.requireNonNull(clusters, "clusters")));
            if (clusters.isEmpty()) {
                throw new IllegalArgumentException("selection group '" + name + "' names no cluster");
            }
            for (int c : clusters) {
                if (c < 0) {
                    throw new IllegalArgumentException("selection group '" + name + "' names cluster " + c
                            + "; cluster numbers start at 0");
                }
            }
        }

        /** The same group, of {@code newKind}. */
        public Group withKind(Kind newKind) {
            return new Group(name, clusters, newKind);
        }
    }

    public Selection {
        groups = List.copyOf(Objects.requireNonNull(groups, "groups"));
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("a selection needs at least one group of clusters");
        }
        Map<Integer, String> owner = new HashMap<>();
        Map<String, Boolean> names = new HashMap<>();
        for (Group g : groups) {
            if (names.put(g.name(), Boolean.TRUE) != null) {
                throw new IllegalArgumentException("selection group name '" + g.name() + "' is used twice");
            }
            for (int c : g.clusters()) {
                String previous = owner.put(c, g.name());
                if (previous != null) {
                    throw new IllegalArgumentException("cluster " + c + " is in both groups '" + previous + "' and '"
                            + g.name() + "'; a cluster may belong to one group only");
                }
            }
        }
    }

    /**
     * Parses command-line groups such as {@code membrane=3,17}, one string a group, in label order.
     */
    public static Selection parse(List<String> groupSpecs) {
        List<Group> groups = new ArrayList<>();
        for (String spec : groupSpecs) {
            int eq = spec.indexOf('=');
            if (eq <= 0 || eq == spec.length() - 1) {
                throw new IllegalArgumentException("group '" + spec + "' is not of the form NAME=C1,C2,... (e.g. membrane=3,17)");
            }
            List<Integer> clusters = new ArrayList<>();
            for (String c : spec.substring(eq + 1).split(",")) {
                try {
                    clusters.add(Integer.parseInt(c.trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("group '" + spec + "': '" + c + "' is not a cluster number", e);
                }
            }
            groups.add(new Group(spec.substring(0, eq).trim(), clusters));
        }
        return new Selection(groups);
    }

    /** Reads a selection file written by {@link #save} or by hand; errors name the file and what is wrong with it. */
    public static Selection load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CryomineException("cannot read selection file " + file + ": " + e.getMessage(), e);
        }
        return fromJson(text, "selection file " + file);
    }

    /**
     * Parses the JSON form of a selection.
     *
     * @param source names where the text came from, for error messages
     */
    public static Selection fromJson(String json, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new CryomineException(source + " is not valid JSON: " + e.getMessage(), e);
        }
        JsonNode groups = root == null ? null : root.get("groups");
        if (groups == null || !groups.isArray()) {
            throw new CryomineException(source + " has no \"groups\" array; expected "
                    + "{\"groups\": [{\"name\": \"membrane\", \"clusters\": [3, 17]}]}");
        }
        List<Group> list = new ArrayList<>();
        for (JsonNode g : groups) {
            JsonNode name = g.get("name");
            JsonNode clusters = g.get("clusters");
            if (name == null || !name.isTextual() || clusters == null || !clusters.isArray()) {
                throw new CryomineException(source + ": every group needs a \"name\" string and a "
                        + "\"clusters\" array, got " + g);
            }
            List<Integer> numbers = new ArrayList<>();
            for (JsonNode c : clusters) {
                if (!c.canConvertToInt() || !c.isIntegralNumber()) {
                    throw new CryomineException(source + ": group '" + name.asText() + "' has "
                            + c + " where a cluster number belongs");
                }
                numbers.add(c.asInt());
            }
            JsonNode kind = g.get("kind");
            if (kind != null && !kind.isTextual()) {
                throw new CryomineException(source + ": group '" + name.asText() + "' has \"kind\": " + kind
                        + "; use \"membrane\", \"particle\" or \"other\"");
            }
            try {
                list.add(kind == null ? new Group(name.asText(), numbers)
                        : new Group(name.asText(), numbers, Kind.parse(kind.asText())));
            } catch (IllegalArgumentException e) {
                throw new CryomineException(source + ": " + e.getMessage(), e);
            }
        }
        try {
            return new Selection(list);
        } catch (IllegalArgumentException e) {
            throw new CryomineException(source + ": " + e.getMessage(), e);
        }
    }

    /** The JSON text of this selection. */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode array = root.putArray("groups");
        for (Group g : groups) {
            ObjectNode node = array.addObject();
            node.put("name", g.name());
            ArrayNode clusters = node.putArray("clusters");
            g.clusters().forEach(clusters::add);
            node.put("kind", g.kind().label());
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the selection as JSON through a temporary file and a rename; refuses to replace an existing file. */
    public void save(Path file) {
        save(file, false);
    }

    /**
     * Writes the selection as JSON through a temporary file and a rename.
     *
     * @param overwrite whether an existing file may be replaced
     * @throws CryomineException if the file exists and overwrite is false, or cannot be written
     */
    public void save(Path file, boolean overwrite) {
        AtomicFiles.writeString(file, overwrite, toJson());
    }

    /** Label of a cluster: 1 + the index of its group, or 0 when no group holds it. */
    public int labelOf(int cluster) {
        for (int i = 0; i < groups.size(); i++) {
            if (groups.get(i).clusters().contains(cluster)) {
                return i + 1;
            }
        }
        return 0;
    }

    /** The names of the membrane groups, in order. */
    public List<String> membraneGroups() {
        return groupsOf(Kind.MEMBRANE);
    }

    /** The names of the groups of {@code kind}, in order. */
    public List<String> groupsOf(Kind kind) {
        return groups.stream().filter(g -> g.kind() == kind).map(Group::name).toList();
    }

    /**
     * The same selection with the group named {@code name} of {@code kind}.
     *
     * @throws CryomineException when no group has that name
     */
    public Selection withKind(String name, Kind kind) {
        int g = labelOfGroup(name, "--kind") - 1;
        List<Group> changed = new ArrayList<>(groups);
        changed.set(g, groups.get(g).withKind(kind));
        return new Selection(changed);
    }

    /** The groups' names, in order. */
    public List<String> groupNames() {
        return groups.stream().map(Group::name).toList();
    }

    /**
     * Label of the group named {@code name}: 1 + its index.
     *
     * @param option the option that names it, for the error message
     * @throws CryomineException when no group has that name
     */
    public int labelOfGroup(String name, String option) {
        int g = groupNames().indexOf(name);
        if (g < 0) {
            throw new CryomineException(option + " names the group '" + name + "', but the selection's groups are "
                    + groupNames() + "; name one of those");
        }
        return g + 1;
    }

    /** Number of labels including background: groups + 1. */
    public int labelCount() {
        return groups.size() + 1;
    }

    /**
     * Checks that every cluster named exists in a model of {@code k} clusters (numbered 0 to k-1).
     *
     * @throws CryomineException naming the clusters that do not exist
     */
    public Selection requireClustersBelow(int k) {
        List<Integer> missing = new ArrayList<>();
        for (Group g : groups) {
            for (int c : g.clusters()) {
                if (c >= k) {
                    missing.add(c);
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new CryomineException("the selection names cluster(s) " + missing + " but the model has only " + k
                    + " clusters, numbered 0 to " + (k - 1));
        }
        return this;
    }
}
