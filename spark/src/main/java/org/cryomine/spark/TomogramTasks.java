package org.cryomine.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.cryomine.core.CryomineException;
import org.cryomine.core.ProgressListener;
import org.cryomine.core.Vec3;
import org.cryomine.core.Volume;
import org.cryomine.core.VoxelSize;
import org.cryomine.io.VolumeHeader;
import org.cryomine.nn.TrainedAutoencoder;
import org.cryomine.pipeline.BoxStore;
import org.cryomine.pipeline.ContrastCheck;
import org.cryomine.pipeline.DatasetSteps;
import org.cryomine.pipeline.FileRegionSource;
import org.cryomine.pipeline.MiningPipeline;
import org.cryomine.pipeline.MiningSettings;
import org.cryomine.pipeline.PickTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the executors do, one tomogram per partition: pick, cut the training sample, encode, gather the report's
 * boxes. Tasks write nothing but executor-local scratch (removed when they end), so a retried task leaves nothing
 * behind; results go back to the driver.
 */
final class TomogramTasks {

    private static final Logger LOG = LoggerFactory.getLogger(TomogramTasks.class);

    /** Tests: the first attempt of a task whose step names this text fails (local mode: same JVM). */
    static volatile String failFirstAttemptOf;

    private TomogramTasks() {
    }

    /** Everything a task needs besides its tomogram: serializable. */
    record Context(MiningSettingsFactory settings, long regionMemory, String scratch, HadoopFiles.Conf hadoop)
            implements Serializable {
        private static final long serialVersionUID = 1L;

        /** The executor-local scratch folder: the one set, else this JVM's {@code java.io.tmpdir}. */
        Path scratchDir() {
            return Path.of(scratch != null ? scratch : System.getProperty("java.io.tmpdir"));
        }
    }

    /**
     * A tomogram's picks and geometry, or why it failed.
     *
     * @param centres x, y, z of each pick, flattened
     * @param skewness the skewness of its voxel values ({@link ContrastCheck#skewness}), NaN on failure
     */
    record Picked(String name, int nx, int ny, int nz, double vx, double vy, double vz, int[] centres, double[] scores,
                  double skewness, String error) implements Serializable {
        private static final long serialVersionUID = 1L;

        List<int[]> centreList() {
            List<int[]> out = new ArrayList<>(centres.length / 3);
            for (int i = 0; i < centres.length; i += 3) {
                out.add(new int[] {centres[i], centres[i + 1], centres[i + 2]});
            }
            return out;
        }

        PickTable table() {
            return new PickTable(centreList(), scores);
        }

        int count() {
            return scores.length;
        }
    }

    /** One box: voxels x fastest, voxel size and origin in Å. */
    record Box(float[] data, int nx, int ny, int nz, double vx, double vy, double vz, double ox, double oy, double oz)
            implements Serializable {
        private static final long serialVersionUID = 1L;

        static Box of(Volume v) {
            return new Box(v.data().clone(), v.nx(), v.ny(), v.nz(), v.voxelSize().x(), v.voxelSize().y(),
                    v.voxelSize().z(), v.origin().x(), v.origin().y(), v.origin().z());
        }

        Volume volume() {
            return Volume.wrap(data, nx, ny, nz, new VoxelSize(vx, vy, vz), new Vec3(ox, oy, oz));
        }
    }

    /** A tomogram and the centres of the boxes a step needs (flattened x, y, z), with extra per-step data. */
    record Work(TomogramRef tomogram, int[] centres, int[] assignments, int offset, int[] wanted)
            implements Serializable {
        private static final long serialVersionUID = 1L;

        List<int[]> centreList() {
            List<int[]> out = new ArrayList<>(centres.length / 3);
            for (int i = 0; i < centres.length; i += 3) {
                out.add(new int[] {centres[i], centres[i + 1], centres[i + 2]});
            }
            return out;
        }
    }

    /** A tomogram's codes: each box's own, and those clustered (the same rows unless averaged over flips). */
    record Encoded(String name, float[][] own, float[][] clustered) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** Per-cluster voxel sums and counts, and the boxes the report pictures, by index in pick order. */
    record ReportPart(double[][] sums, long[] counts, HashMap<Integer, Box> boxes) implements Serializable {
        private static final long serialVersionUID = 1L;

        ReportPart merge(ReportPart o) {
            for (int c = 0; c < sums.length; c++) {
                if (o.sums[c] != null) {
                    if (sums[c] == null) {
                        sums[c] = o.sums[c];
                    } else {
                        for (int j = 0; j < sums[c].length; j++) {
                            sums[c][j] += o.sums[c][j];
                        }
                    }
                }
                counts[c] += o.counts[c];
            }
            boxes.putAll(o.boxes);
            return this;
        }
    }

    /** Picks each tomogram; a failure (unreadable file, no picks, too small) becomes a result naming it. */
    static Iterator<Picked> pick(Iterator<TomogramRef> refs, Context ctx) {
        List<Picked> out = new ArrayList<>();
        MiningSettings settings = ctx.settings().create();
        while (refs.hasNext()) {
            TomogramRef ref = refs.next();
            long t0 = System.nanoTime();
            try (HadoopFiles.Staged staged = HadoopFiles.stage(ref.uri(), ctx.scratchDir(), ctx.hadoop().get())) {
                maybeFail("pick " + ref.name());
                FileRegionSource source = FileRegionSource.open(staged.file());
                VolumeHeader h = source.header();
                int b = settings.boxSize();
                if (h.nx() < b || h.ny() < b || h.nz() < b) {
                    throw new CryomineException("(" + h.nx() + "x" + h.ny() + "x" + h.nz() + ") is smaller than the "
                            + b + "^3 box");
                }
                PickTable picks = DatasetSteps.pick(settings, source, ctx.scratchDir(), ctx.regionMemory(),
                        ProgressListener.NONE);
                int[] flat = new int[3 * picks.centres().size()];
                for (int i = 0; i < picks.centres().size(); i++) {
                    System.arraycopy(picks.centres().get(i), 0, flat, 3 * i, 3);
                }
                VoxelSize v = h.voxelSizeOrDefault();
                out.add(new Picked(ref.name(), h.nx(), h.ny(), h.nz(), v.x(), v.y(), v.z(), flat, picks.scores(),
                        ContrastCheck.skewness(staged.file()), null));
                LOG.info("picked {}: {} boxes in {} ms", ref.name(), picks.scores().length,
                        (System.nanoTime() - t0) / 1_000_000);
            } catch (IOException | RuntimeException e) {
                LOG.warn("tomogram {} ({}) failed: {}", ref.name(), ref.uri(), e.toString());
                out.add(new Picked(ref.name(), 0, 0, 0, 0, 0, 0, new int[0], new double[0], Double.NaN,
                        e.getMessage() == null ? e.toString() : e.getMessage()));
            }
        }
        return out.iterator();
    }

    /** The boxes at each work item's centres (the training sample), in order. */
    static Iterator<Box> boxes(Iterator<Work> work, Context ctx) throws IOException {
        List<Box> out = new ArrayList<>();
        MiningSettings settings = ctx.settings().create();
        while (work.hasNext()) {
            Work w = work.next();
            try (HadoopFiles.Staged staged = HadoopFiles.stage(w.tomogram().uri(), ctx.scratchDir(), ctx.hadoop().get());
                 BoxStore store = DatasetSteps.boxes(settings, FileRegionSource.open(staged.file()), w.centreList(),
                         ctx.scratchDir(), ctx.regionMemory(), ProgressListener.NONE)) {
                for (Volume v : store) {
                    out.add(Box.of(v));
                }
            } catch (IOException | RuntimeException e) {
                throw failure("cutting the training boxes of", w.tomogram(), e);
            }
        }
        return out.iterator();
    }

    /** Encodes each tomogram's boxes with the broadcast network, loaded once for the partition. */
    static Iterator<Encoded> encode(Iterator<Work> work, Context ctx, Broadcast<byte[]> model) throws IOException {
        List<Encoded> out = new ArrayList<>();
        if (!work.hasNext()) {
            return out.iterator();
        }
        MiningSettings settings = ctx.settings().create();
        Path dir = HadoopFiles.unzip(model.value(), ctx.scratchDir(), "cryomine-model-");
        try (TrainedAutoencoder ae = TrainedAutoencoder.load(dir)) {
            while (work.hasNext()) {
                Work w = work.next();
                long t0 = System.nanoTime();
                try (HadoopFiles.Staged staged = HadoopFiles.stage(w.tomogram().uri(), ctx.scratchDir(),
                        ctx.hadoop().get());
                     BoxStore store = DatasetSteps.boxes(settings, FileRegionSource.open(staged.file()), w.centreList(),
                             ctx.scratchDir(), ctx.regionMemory(), ProgressListener.NONE)) {
                    MiningPipeline.Encoded e = DatasetSteps.encode(settings, ae, store, ProgressListener.NONE);
                    maybeFail("encode " + w.tomogram().name());
                    out.add(new Encoded(w.tomogram().name(), e.own(), e.clustered() == e.own() ? null : e.clustered()));
                    LOG.info("encoded {}: {} boxes in {} ms", w.tomogram().name(), e.own().length,
                            (System.nanoTime() - t0) / 1_000_000);
                } catch (IOException | RuntimeException e) {
                    throw failure("encoding", w.tomogram(), e);
                }
            }
        } finally {
            HadoopFiles.deleteRecursively(dir);
        }
        return out.iterator();
    }

    /** Each tomogram's member sums per cluster and the pictured boxes. */
    static Iterator<ReportPart> report(Iterator<Work> work, Context ctx, int k) throws IOException {
        MiningSettings settings = ctx.settings().create();
        ReportPart part = new ReportPart(new double[k][], new long[k], new HashMap<>());
        while (work.hasNext()) {
            Work w = work.next();
            try (HadoopFiles.Staged staged = HadoopFiles.stage(w.tomogram().uri(), ctx.scratchDir(), ctx.hadoop().get());
                 BoxStore store = DatasetSteps.boxes(settings, FileRegionSource.open(staged.file()), w.centreList(),
                         ctx.scratchDir(), ctx.regionMemory(), ProgressListener.NONE)) {
                java.util.Set<Integer> wanted = new java.util.HashSet<>();
                for (int i : w.wanted()) {
                    wanted.add(i);
                }
                for (int i = 0; i < store.size(); i++) {
                    Volume v = store.get(i);
                    int c = w.assignments()[i];
                    float[] d = v.data();
                    if (part.sums()[c] == null) {
                        part.sums()[c] = new double[d.length];
                    }
                    double[] s = part.sums()[c];
                    for (int j = 0; j < d.length; j++) {
                        s[j] += d[j];
                    }
                    part.counts()[c]++;
                    if (wanted.contains(w.offset() + i)) {
                        part.boxes().put(w.offset() + i, Box.of(v));
                    }
                }
            } catch (IOException | RuntimeException e) {
                throw failure("gathering the report boxes of", w.tomogram(), e);
            }
        }
        return List.of(part).iterator();
    }

    private static CryomineException failure(String step, TomogramRef t, Exception e) {
        return new CryomineException(step + " tomogram " + t.name() + " (" + t.uri() + ") failed: " + e.getMessage(), e);
    }

    /** Test hook: fails the first attempt of the task whose step matches {@link #failFirstAttemptOf}. */
    static void maybeFail(String step) {
        String target = failFirstAttemptOf;
        TaskContext task = TaskContext.get();
        if (target != null && step.equals(target) && task != null && task.attemptNumber() == 0) {
            throw new InjectedFailure("injected failure of the first attempt of '" + step + "'");
        }
    }

    /** Whether {@code e} is the test hook's injected failure (which must fail the task, so Spark retries it). */
    static boolean isInjected(Throwable e) {
        return e instanceof InjectedFailure;
    }

    /** The test hook's failure. */
    static final class InjectedFailure extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        InjectedFailure(String message) {
            super(message);
        }
    }
}
