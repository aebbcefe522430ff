package org.cryomine.pipeline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cryomine.core.Labels;
import org.cryomine.core.Volume;
import org.cryomine.segmentation.PieceSizes;
import org.cryomine.segmentation.Selection;
import org.cryomine.segmentation.SheetPieces;
import org.cryomine.segmentation.SphereCompletion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What segmenting does to a label map after the network (beyond the paper), as the settings say and the model's
 * selection allows: small pieces removed, spheres completed (the named groups', and the membrane groups'), particle
 * pieces too large for a particle removed, particle pieces shaped like membrane given to the membrane they touch.
 * Needs the whole label map in memory.
 *
 * @param model    the segmentation model: its selection (group names and kinds) and its groups' typical objects
 * @param settings the segmenting settings
 */
record LabelCleanup(SegModel model, SegmentSettings settings) {

    private static final Logger LOG = LoggerFactory.getLogger(LabelCleanup.class);

    /**
     * Removes small pieces, completes spheres, removes particle pieces too large for a particle, then gives the
     * membrane groups the particle pieces shaped like membrane that touch them, in {@code labels} (modified), as the
     * settings say.
     */
    void apply(Volume labels) {
        for (Map.Entry<String, Integer> e : minPieces().entrySet()) {
            // a size the user gave removes what it says; the fraction's rule of thumb never empties a group
            boolean keepLargest = !settings.minPieces().containsKey(e.getKey());
            long cleared = PieceSizes.removeSmaller(labels, model.selection().labelOfGroup(e.getKey(), "--min-piece"),
                    e.getValue(), keepLargest);
            LOG.info("{}: {} voxels in pieces under {} voxels set to background", e.getKey(), cleared, e.getValue());
        }
        for (String group : sphereGroups()) {
            int label = model.selection().labelOfGroup(group, "--complete-spheres");
            List<SphereCompletion.Sphere> spheres = SphereCompletion.forBox(model.boxSize())
                    .complete(labels, label, settings.shellHalfThickness());
            for (SphereCompletion.Sphere s : spheres) {
                LOG.info("{}: sphere at ({}, {}, {}), radius {} voxels completed", group, Math.round(s.centre().x()),
                        Math.round(s.centre().y()), Math.round(s.centre().z()),
                        String.format(Locale.ROOT, "%.1f", s.radius()));
            }
            LOG.info("{}: {} spheres completed", group, spheres.size());
        }
        for (Map.Entry<String, Long> e : maxPieces().entrySet()) {
            int label = model.selection().labelOfGroup(e.getKey(), "--max-piece");
            long total = Labels.count(labels, label);
            long cleared = PieceSizes.removeLarger(labels, label, e.getValue());
            LOG.info("{}: {} voxels in pieces over {} voxels set to background", e.getKey(), cleared, e.getValue());
            mostlyRemoved(e.getKey(), cleared, total).ifPresent(LOG::warn);
        }
        if (settings.sheetsToMembranes()) {
            sheetsToMembranes(labels);
        }
    }

    /** {@link SheetPieces#reassign} for every particle group of the model's selection, into its membrane groups. */
    private void sheetsToMembranes(Volume labels) {
        Selection selection = model.selection();
        int[] membranes = selection.membraneGroups().stream()
                .mapToInt(name -> selection.labelOfGroup(name, "--sheets-to-membranes")).toArray();
        if (membranes.length == 0) {
            return;
        }
        for (Selection.Group group : selection.groups()) {
            if (group.kind() == Selection.Kind.PARTICLE) {
                long moved = SheetPieces.reassign(labels, selection.labelOfGroup(group.name(), "--sheets-to-membranes"),
                        membranes);
                LOG.info("{}: {} voxels in pieces shaped like membrane, beside a membrane, given to it", group.name(),
                        moved);
            }
        }
    }

    /**
     * What {@link #apply} would have done that a label map written slab by slab (a tomogram read by region) goes
     * without, one clause each, with the option and the way out; empty when nothing. Explicit {@code minPieces} and
     * {@code sphereGroups} are refused by region before any work ({@link SegmentSettings#needsWholeMap()}).
     */
    List<String> skippedByRegion() {
        List<String> out = new java.util.ArrayList<>();
        if (settings.minPieceFraction() > 0 && !model.groupObjectVoxels().isEmpty()) {
            out.add("small pieces are kept (--min-piece-fraction needs the whole map in memory; raise the heap to have "
                    + "them removed)");
        }
        if (!maxPieces().isEmpty()) {
            out.add("particle pieces too large for a particle are kept (--max-piece-multiple needs the whole map in "
                    + "memory)");
        }
        if (settings.sheetsToMembranes() && !model.selection().membraneGroups().isEmpty()) {
            out.add("particle pieces shaped like membrane keep their group (--sheets-to-membranes needs the whole map in "
                    + "memory)");
        }
        if (settings.completeMembranes() && !model.selection().membraneGroups().isEmpty()) {
            out.add("the membranes " + model.selection().membraneGroups() + " are not completed (--complete-membranes "
                    + "needs the whole map in memory; raise the heap to have them completed)");
        }
        return out;
    }

    /**
     * A warning when the large-piece rule removed most of a particle group's voxels: the group probably holds
     * extended objects (membranes, carbon) under a name that made it a particle group. On the quality suite it removed
     * at most 34% of a group (a carbon film taken for large globules).
     */
    static java.util.Optional<String> mostlyRemoved(String group, long cleared, long total) {
        if (total == 0 || 2 * cleared <= total) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(String.format(Locale.ROOT, "%s: %.0f%% of its voxels lay in pieces far larger than "
                + "one of its particles and were removed; if the group holds membranes or other extended objects, say so "
                + "(select --kind %s=membrane or =other) or keep them with --max-piece-multiple 0", group,
                100.0 * cleared / total, group));
    }

    /**
     * The groups whose spheres are completed: the settings' {@code sphereGroups}, and with
     * {@code completeMembranes} the model's membrane groups, in label order.
     */
    List<String> sphereGroups() {
        List<String> membranes = settings.completeMembranes() ? model.selection().membraneGroups() : List.of();
        return model.selection().groupNames().stream()
                .filter(name -> membranes.contains(name) || settings.sphereGroups().contains(name)).toList();
    }

    /**
     * The smallest piece kept per group: the settings' {@code minPieces}, and for the other groups the settings'
     * fraction of the group's typical object in the model's weak labels (at least 1 voxel), when both are known.
     */
    Map<String, Integer> minPieces() {
        Map<String, Integer> out = new LinkedHashMap<>(settings.minPieces());
        List<Integer> sizes = model.groupObjectVoxels();
        if (settings.minPieceFraction() == 0) {
            return out;
        }
        if (sizes.isEmpty()) {
            LOG.info("the model does not record its objects' sizes (trained before they were): no pieces removed by "
                    + "--min-piece-fraction; retrain, or give --min-piece GROUP=VOXELS");
        }
        for (int g = 0; g < sizes.size(); g++) {
            String name = model.selection().groups().get(g).name();
            out.putIfAbsent(name, (int) Math.max(1, Math.round(settings.minPieceFraction() * sizes.get(g))));
        }
        return out;
    }

    /**
     * The largest piece kept per particle group: the settings' {@code maxPieceMultiple} times the group's typical
     * object in the model's weak labels; empty when off or when the model does not record the sizes. Groups whose
     * spheres are completed ({@link #sphereGroups()}) hold shells, which are large: they keep their pieces.
     */
    Map<String, Long> maxPieces() {
        Map<String, Long> out = new LinkedHashMap<>();
        List<Integer> sizes = model.groupObjectVoxels();
        if (settings.maxPieceMultiple() == 0 || sizes.isEmpty()) {
            return out;
        }
        List<Selection.Group> groups = model.selection().groups();
        List<String> shells = sphereGroups();
        for (int g = 0; g < groups.size(); g++) {
            if (groups.get(g).kind() == Selection.Kind.PARTICLE && sizes.get(g) > 0
                    && !shells.contains(groups.get(g).name())) {
                out.put(groups.get(g).name(), (long) Math.ceil(settings.maxPieceMultiple() * sizes.get(g)));
            }
        }
        return out;
    }
}
