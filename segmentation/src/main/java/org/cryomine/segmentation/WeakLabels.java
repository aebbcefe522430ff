package org.cryomine.segmentation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.cryomine.core.Labels;
import org.cryomine.core.Volume;
import org.cryomine.core.filter.ConnectedComponents;
import org.cryomine.core.filter.GaussianFilter;

/**
 * Weak labels for Edss3d from selected clusters (docs/method.md step 7): every member of a selected group is
 * a training image whose label volume carries the group's label where the member's <em>decoded</em>
 * image is dense (by the {@link DensityThreshold}, in the autoencoder's normalization units) and 0
 * elsewhere; members of unselected clusters are background examples, labelled 0 throughout.
 *
 * <p>Beyond the paper, the labels can be trusted only near the box centre: voxels farther than
 * {@code labelRadius} box edges from it are {@link Labels#UNKNOWN} and add nothing to Edss3d's loss. A box is
 * picked, clustered and decoded for the object at its centre; near its faces the decoded image is blurred (the
 * more so with a centre-weighted autoencoder) and a background example may hold part of a neighbouring
 * membrane, so labels there teach the network wrong classes.
 *
 * <p>Also beyond the paper, the labels can follow the subvolume's own density ({@code dataSigma > 0}): a voxel
 * of a selected member is labelled where its decoded image is denser than the training data's mean (the
 * decoding says which object is there) <em>and</em> the member itself, smoothed by a Gaussian of
 * {@code dataSigma} voxels, is dense at the threshold's level (the data says exactly where its density lies).
 * The decoding alone is a blurred, slightly displaced copy of thin structures: in the default demo's boxes,
 * within 0.35 box edges of the centre, the labels' IoU with the truth was 0.58 for membranes and 0.67 for
 * large globules from the decoding alone (level 0.75), and 0.64 and 0.70 with {@code dataSigma = 1}.
 *
 * <p>Cluster numbers index the cluster model (not a class), which avoids the original code's mix-up of
 * class labels and cluster ids.
 *
 * @param selection          the selected groups; group i gets label i + 1
 * @param threshold          which decoded voxels are dense
 * @param backgroundPerLabelled background examples drawn per labelled example (e.g. 1.0); at most all
 *                           unselected members are used
 * @param seed               seed of the background draw
 * @param labelRadius        radius, in box edges, of the ball around the box centre whose voxels are labelled;
 *                           beyond it voxels are {@link Labels#UNKNOWN}; positive; at least {@code sqrt(3)/2}
 *                           (or infinity) labels the whole box, as the paper does
 * @param dataSigma          0: labels from the decoded image alone, as the paper does; positive: the
 *                           Gaussian (voxels) that smooths each member before its own density refines its
 *                           labels (see above)
 * @param groupLevels        empty: {@code threshold}'s level for every group; otherwise one finite level per group
 *                           (standard deviations, dense side, in the selection's order, e.g. from
 *                           {@link GroupLevels}), used in place of {@code threshold}'s level for that group's members
 * @param centralObject      false: every dense voxel within the radius gets the group's label (the paper); true
 *                           (beyond the paper): only the connected piece of dense voxels nearest the box centre, the
 *                           object that was picked and clustered; other dense pieces in the box (a small particle
 *                           beside a membrane, a neighbour) become {@link Labels#UNKNOWN}, so they teach nothing
 * @param evenBackground     false: the background examples are a seeded random sample of the unselected clusters'
 *                           boxes (the paper), so the most numerous kinds (noise, the cytosol) fill it; true (beyond
 *                           the paper): the unselected clusters give their boxes in turn, one each per round (in a
 *                           seeded order), so every kind the person left out, however rare (a carbon edge, gold, a
 *                           cluster of small particles), is shown as background
 * @param balancedGroups     false: each member of a selected group is one example (the paper), so a group with many
 *                           members (a membrane picked all along its length) fills most of the set; true (beyond the
 *                           paper): every group gives as many examples as the group with the most members, the
 *                           others' members repeated in turn (in a seeded order), and the background examples are
 *                           counted against that total
 * @param freshBackground    false: the background examples are drawn once (the paper), so which kinds of background the
 *                           network sees, and how often, is the draw's chance; true (beyond the paper): every unselected
 *                           box (at most {@link #POOL_MULTIPLE} times the number drawn, in the draw's order) is a
 *                           background example in the set's {@link TrainingSet#pool()}, of which an epoch trains on as
 *                           many as one draw would hold, a fresh sample each epoch
 * @param groupAverageWeight 0: each member's labels follow its own smoothed density (with {@code dataSigma > 0}); w in
 *                           (0, 1] (beyond the paper): for a group of {@link Selection.Kind#PARTICLE particles}, the
 *                           density that refines a member's labels is {@code (1 - w)} times its own smoothed density plus
 *                           {@code w} times the group's average (its members smoothed alike, each moved by the whole-voxel
 *                           shift, up to {@link #AVERAGE_MAX_SHIFT} per axis, that best matches it to the average, over
 *                           {@link #AVERAGE_ROUNDS} rounds), the average moved back to the member. Copies of one kind of
 *                           object average to the object with the noise of many boxes averaged away, so the labels cut
 *                           the object less ragged and take in less of the noise beside it; membranes, which lie every
 *                           way through their boxes, keep their own densities. Without effect where {@code dataSigma} is 0
 */
public record WeakLabels(Selection selection, DensityThreshold threshold, double backgroundPerLabelled, long seed,
                         double labelRadius, double dataSigma, List<Double> groupLevels, boolean centralObject,
                         boolean evenBackground, boolean balancedGroups, boolean freshBackground,
                         double groupAverageWeight) {

    /** Labels the whole box from the decoded image alone, as the paper does. */
    public WeakLabels(Selection selection, DensityThreshold threshold, double backgroundPerLabelled, long seed) {
        this(selection, threshold, backgroundPerLabelled, seed, Double.POSITIVE_INFINITY, 0, List.of(), false, false,
                false, false, 0);
    }

    /** A copy labelling only voxels within {@code boxEdges} box edges of the box centre. */
    public WeakLabels withLabelRadius(double boxEdges) {
        return new WeakLabels(selection, threshold, backgroundPerLabelled, seed, boxEdges, dataSigma, groupLevels,
                centralObject, evenBackground, balancedGroups, freshBackground, groupAverageWeight);
    }

    /** A copy whose labels also follow the members' own density smoothed by {@code sigma} voxels (0: off). */
    public WeakLabels withDataSigma(double sigma) {
        return new WeakLabels(selection, threshold, backgroundPerLabelled, seed, labelRadius, sigma, groupLevels,
                centralObject, evenBackground, balancedGroups, freshBackground, groupAverageWeight);
    }

    /** A copy with one level per group, in the selection's order (empty: the threshold's level for every group). */
    public WeakLabels withGroupLevels(List<Double> levels) {
        return new WeakLabels(selection, threshold, backgroundPerLabelled, seed, labelRadius, dataSigma, levels,
                centralObject, evenBackground, balancedGroups, freshBackground, groupAverageWeight);
    }

    /** A copy labelling only the dense piece nearest each box centre ({@code true}) or every dense voxel. */
    public WeakLabels withCentralObject(boolean v) {
        return new WeakLabels(selection, threshold, backgroundPerLabelled, seed, labelRadius, dataSigma, groupLevels, v,
                evenBackground, balancedGroups, freshBackground, groupAverageWeight);
    }

    /** A copy drawing the background examples evenly from the unselected clusters ({@code true}) or at random. */
    public WeakLabels withEvenBackground(boolean v) {
        return new WeakLabels(selection, threshold, backgroundPerLabelled, seed, labelRadius, dataSigma, groupLevels,
                centralObject, v, balancedGroups, freshBackground, groupAverageWeight);
    }

    /** A copy giving every group as many examples as the largest ({@code true}) or one per member. */
    public WeakLabels withBalancedGroups(boolean v) {
        return new WeakLabels(selection, threshold, backgroundPerLabelled, seed, labelRadius, dataSigma, groupLevels,
                centralObject, evenBackground, v, freshBackground, groupAverageWeight);
    }

    /**
     * A copy whose background examples are every unselected box (at most {@link #POOL_MULTIPLE} times the number drawn)
     * taking turns, {@code backgroundPerLabelled} per labelled example in each epoch ({@code true}), or one seeded draw
     * of that many ({@code false}).
     */
    public WeakLabels withFreshBackground(boolean v) {
        return new WeakLabels(selection, threshold, backgroundPerLabelled, seed, labelRadius, dataSigma, groupLevels,
                centralObject, evenBackground, balancedGroups, v, groupAverageWeight);
    }

    /**
     * A copy whose particle groups' labels follow their members' densities mixed with weight {@code w} with the group's
     * aligned average ({@code 0}: their own densities alone).
     */
    public WeakLabels withGroupAverageWeight(double w) {
        return new WeakLabels(selection, threshold, backgroundPerLabelled, seed, labelRadius, dataSigma, groupLevels,
                centralObject, evenBackground, balancedGroups, freshBackground, w);
    }

    /** With {@link #groupAverageWeight}, the largest shift per axis, voxels, by which a member is matched to the average. */
    public static final int AVERAGE_MAX_SHIFT = 3;

    /** With {@link #groupAverageWeight}, the rounds of matching the members to their average. */
    public static final int AVERAGE_ROUNDS = 4;

    /** With {@link #freshBackground}, the most background boxes in the pool per background example of an epoch. */
    public static final int POOL_MULTIPLE = 10;

    public WeakLabels {
        Objects.requireNonNull(selection, "selection");
        Objects.requireNonNull(threshold, "threshold");
        groupLevels = List.copyOf(groupLevels);
        if (!groupLevels.isEmpty() && groupLevels.size() != selection.groups().size()) {
            throw new IllegalArgumentException(groupLevels.size() + " group levels for " + selection.groups().size()
                    + " groups: give one per group, or none for the threshold's level");
        }
        for (double l : groupLevels) {
            if (!Double.isFinite(l)) {
                throw new IllegalArgumentException("group levels must be finite, got " + groupLevels);
            }
        }
        if (!(backgroundPerLabelled >= 0) || !Double.isFinite(backgroundPerLabelled)) {
            throw new IllegalArgumentException("background examples per labelled example must be >= 0, got "
                    + backgroundPerLabelled);
        }
        if (!(labelRadius > 0)) {
            throw new IllegalArgumentException("label radius must be positive (in box edges), got " + labelRadius);
        }
        if (!(dataSigma >= 0) || !Double.isFinite(dataSigma)) {
            throw new IllegalArgumentException("the data refinement's sigma must be finite and >= 0 voxels (0: off), got "
                    + dataSigma);
        }
        if (!(groupAverageWeight >= 0 && groupAverageWeight <= 1)) {
            throw new IllegalArgumentException("the group average's weight must be in [0, 1] (0: off), got "
                    + groupAverageWeight);
        }
    }

    /**
     * Builds the training set.
     *
     * @param images      original subvolumes (not modified, not copied)
     * @param decoded     the autoencoder's decoding of each subvolume, same order and size
     * @param assignments cluster number of each subvolume
     * @throws IllegalArgumentException when the lists differ in length or sizes, or no subvolume falls in a
     *                                  selected group
     */
    public TrainingSet build(List<Volume> images, List<Volume> decoded, int[] assignments) {
        if (images.size() != decoded.size() || images.size() != assignments.length) {
            throw new IllegalArgumentException(images.size() + " images, " + decoded.size() + " decoded images and "
                    + assignments.length + " assignments: they must match one to one");
        }
        GaussianFilter smoothing = dataSigma > 0 ? GaussianFilter.of(dataSigma) : null;
        Volume[] refined = groupAverageWeight > 0 && smoothing != null ? particleGroupsRefined(images, assignments, smoothing)
                : new Volume[images.size()];
        List<Volume> outImages = new ArrayList<>();
        List<Volume> outLabels = new ArrayList<>();
        List<Integer> sources = new ArrayList<>();
        List<Integer> background = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            int label = selection.labelOf(assignments[i]);
            if (label == 0) {
                background.add(i);
                continue;
            }
            Volume image = images.get(i);
            Volume dec = decoded.get(i);
            if (image.nx() != dec.nx() || image.ny() != dec.ny() || image.nz() != dec.nz()) {
                throw new IllegalArgumentException("subvolume " + i + " is " + image + " but its decoding is " + dec);
            }
            outImages.add(image);
            Volume data = refined[i] != null ? refined[i] : smoothing != null ? smoothing.apply(image) : null;
            outLabels.add(labelVolume(dec, data, dec, label));
            sources.add(i);
        }
        if (outImages.isEmpty()) {
            throw new IllegalArgumentException("no subvolume belongs to a selected cluster " + selection.groups()
                    + "; select clusters that have members");
        }
        if (balancedGroups) {
            repeatSmallerGroups(outImages, outLabels, sources, assignments);
        }
        int wanted = (int) Math.min(background.size(), Math.round(backgroundPerLabelled * outImages.size()));
        int taken = freshBackground ? (int) Math.min(background.size(), (long) POOL_MULTIPLE * wanted) : wanted;
        int firstBackground = outImages.size();
        SplittableRandom random = new SplittableRandom(seed);
        if (evenBackground) {
            background = evenAcrossClusters(background, assignments, random);
        }
        for (int i = 0; i < taken; i++) {
            if (!evenBackground) { // partial Fisher-Yates: a seeded sample without replacement
                java.util.Collections.swap(background, i, i + random.nextInt(background.size() - i));
            }
            Volume image = images.get(background.get(i));
            outImages.add(image);
            outLabels.add(centralObject ? backgroundAroundCentre(image, decoded.get(background.get(i)), smoothing)
                    : labelVolume(null, null, image, 0));
            sources.add(background.get(i));
        }
        int[] pool = freshBackground && wanted > 0
                ? java.util.stream.IntStream.range(firstBackground, outImages.size()).toArray() : new int[0];
        return new TrainingSet(outImages, outLabels, selection.labelCount(),
                sources.stream().mapToInt(Integer::intValue).toArray(), pool, pool.length == 0 ? 0 : wanted);
    }

    /**
     * For each member of a {@link Selection.Kind#PARTICLE} group, its smoothed image mixed with the group's aligned
     * average ({@link #groupAverageWeight}); null for every other box.
     */
    private Volume[] particleGroupsRefined(List<Volume> images, int[] assignments, GaussianFilter smoothing) {
        Volume[] refined = new Volume[images.size()];
        for (int g = 0; g < selection.groups().size(); g++) {
            if (selection.groups().get(g).kind() != Selection.Kind.PARTICLE) {
                continue;
            }
            List<Integer> members = new ArrayList<>();
            List<Volume> smoothed = new ArrayList<>();
            for (int i = 0; i < images.size(); i++) {
                if (selection.labelOf(assignments[i]) == g + 1) {
                    members.add(i);
                    smoothed.add(smoothing.apply(images.get(i)));
                }
            }
            if (members.isEmpty()) {
                continue;
            }
            Volume first = smoothed.get(0);
            AlignedAverage average = AlignedAverage.of(smoothed,
                    CentreBall.of(first.nx(), first.ny(), first.nz(), labelRadius), threshold.mean(), AVERAGE_MAX_SHIFT,
                    AVERAGE_ROUNDS);
            for (int k = 0; k < members.size(); k++) {
                refined[members.get(k)] = average.mixedWith(k, smoothed.get(k), groupAverageWeight);
            }
        }
        return refined;
    }

    /** Salt of the repeats' order, so it does not follow the background draw. */
    private static final long REPEAT_SALT = 0x9E3779B97F4A7C15L;

    /**
     * Appends repeats of the members of every group with fewer members than the largest, in turn in a seeded order of
     * each group's members, until every group has as many examples as the largest. The lists are modified; a repeat
     * shares its image and label volume with the member it repeats.
     */
    private void repeatSmallerGroups(List<Volume> images, List<Volume> labels, List<Integer> sources,
                                     int[] assignments) {
        java.util.TreeMap<Integer, List<Integer>> byGroup = new java.util.TreeMap<>();
        for (int e = 0; e < sources.size(); e++) {
            byGroup.computeIfAbsent(selection.labelOf(assignments[sources.get(e)]), g -> new ArrayList<>()).add(e);
        }
        int largest = byGroup.values().stream().mapToInt(List::size).max().orElse(0);
        SplittableRandom random = new SplittableRandom(seed ^ REPEAT_SALT);
        for (List<Integer> members : byGroup.values()) {
            List<Integer> order = shuffled(new ArrayList<>(members), random);
            for (int r = 0; members.size() + r < largest; r++) {
                int e = order.get(r % order.size());
                images.add(images.get(e));
                labels.add(labels.get(e));
                sources.add(sources.get(e));
            }
        }
    }

    /**
     * {@code boxes} reordered so that every prefix draws as evenly as it can from their clusters: each cluster's boxes
     * in a seeded random order, then clusters taken in turn (in a seeded random order), one box each per round.
     */
    static List<Integer> evenAcrossClusters(List<Integer> boxes, int[] assignments, SplittableRandom random) {
        java.util.TreeMap<Integer, List<Integer>> byCluster = new java.util.TreeMap<>();
        for (int i : boxes) {
            byCluster.computeIfAbsent(assignments[i], c -> new ArrayList<>()).add(i);
        }
        List<List<Integer>> queues = new ArrayList<>();
        for (List<Integer> members : byCluster.values()) {
            queues.add(shuffled(members, random));
        }
        shuffled(queues, random);
        List<Integer> out = new ArrayList<>(boxes.size());
        for (int round = 0; out.size() < boxes.size(); round++) {
            for (List<Integer> q : queues) {
                if (round < q.size()) {
                    out.add(q.get(round));
                }
            }
        }
        return out;
    }

    /** {@code list} shuffled in place (Fisher-Yates, from the last element down) and returned. */
    private static <T> List<T> shuffled(List<T> list, SplittableRandom random) {
        for (int i = list.size() - 1; i > 0; i--) {
            java.util.Collections.swap(list, i, random.nextInt(i + 1));
        }
        return list;
    }

    /**
     * {@code label} where {@code decoded} (null: nowhere) is dense (and, with {@code smoothed}, where the decoding
     * is denser than the mean and the smoothed data dense), 0 elsewhere, unknown beyond the radius.
     */
    private Volume labelVolume(Volume decoded, Volume smoothed, Volume shape, int label) {
        DensityThreshold threshold = label == 0 || groupLevels.isEmpty() ? this.threshold
                : this.threshold.withLevel(groupLevels.get(label - 1));
        int nx = shape.nx();
        int ny = shape.ny();
        int nz = shape.nz();
        float[] src = decoded == null ? null : decoded.data();
        float[] data = smoothed == null ? null : smoothed.data();
        DensityThreshold aboveMean = this.threshold.withLevel(0);
        float[] out = new float[nx * ny * nz];
        boolean[] inside = CentreBall.of(nx, ny, nz, labelRadius);
        for (int v = 0; v < out.length; v++) {
            if (!inside[v]) {
                out[v] = Labels.UNKNOWN;
            } else if (src != null && (data == null ? threshold.isDense(src[v])
                    : aboveMean.isDense(src[v]) && threshold.isDense(data[v]))) {
                out[v] = label;
            }
        }
        Volume labels = Volume.wrap(out, nx, ny, nz);
        if (centralObject && label != 0) {
            keepCentralPiece(labels, label);
        }
        return labels;
    }

    /**
     * A background example's labels with {@link #centralObject}: 0 within the radius, except the dense pieces (as a
     * member's labels would find them, at the lowest group level) other than the one nearest the centre, which are
     * {@link Labels#UNKNOWN}: the box was picked for its central object, and a piece of a selected membrane or
     * globule beside it must not be taught as background.
     */
    private Volume backgroundAroundCentre(Volume image, Volume decoded, GaussianFilter smoothing) {
        double level = groupLevels.stream().mapToDouble(Double::doubleValue).min().orElse(threshold.level());
        WeakLabels asMember = new WeakLabels(selection, threshold.withLevel(level), backgroundPerLabelled, seed,
                labelRadius, dataSigma, List.of(), true, evenBackground, balancedGroups, freshBackground, 0);
        Volume dense = asMember.labelVolume(decoded, smoothing != null ? smoothing.apply(image) : null, decoded, 1);
        float[] d = dense.data();
        for (int v = 0; v < d.length; v++) {
            d[v] = d[v] == 1 ? 0 : d[v]; // the central piece is background; unknown stays unknown
        }
        return dense;
    }

    /**
     * Sets to {@link Labels#UNKNOWN} every connected piece (26-connected) of {@code label} voxels but the one with the
     * voxel nearest the box centre (the first such piece in voxel order on ties). {@code labels} is modified.
     */
    static void keepCentralPiece(Volume labels, int label) {
        float[] out = labels.data();
        ConnectedComponents pieces = ConnectedComponents.of(labels, v -> out[v] == label);
        if (pieces.count() < 2) {
            return;
        }
        int nx = labels.nx();
        int ny = labels.ny();
        double cx = (nx - 1) / 2.0;
        double cy = (ny - 1) / 2.0;
        double cz = (labels.nz() - 1) / 2.0;
        int[] ids = pieces.ids();
        int nearest = 0;
        double best = Double.POSITIVE_INFINITY;
        for (int v = 0; v < ids.length; v++) {
            if (ids[v] != 0) {
                double dx = v % nx - cx;
                double dy = (v / nx) % ny - cy;
                double dz = v / (nx * ny) - cz;
                double d2 = dx * dx + dy * dy + dz * dz;
                if (d2 < best) {
                    best = d2;
                    nearest = ids[v];
                }
            }
        }
        for (int v = 0; v < ids.length; v++) {
            if (ids[v] != 0 && ids[v] != nearest) {
                out[v] = Labels.UNKNOWN;
            }
        }
    }
}
