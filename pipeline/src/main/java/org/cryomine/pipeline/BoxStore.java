package org.cryomine.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;
import org.cryomine.core.ProgressListener;
import org.cryomine.core.Volume;
import org.cryomine.core.VoxelSize;
import org.cryomine.core.pick.RegionSource;
import org.cryomine.core.pose.Pose;
import org.cryomine.core.pose.PoseNormalizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The boxes around a list of centres, cut from a tomogram read by region (a {@link RegionSource}) in one
 * pass of z-slabs and kept in a scratch file, so that training can read every box in every epoch, in any
 * order, without the tomogram in memory and without re-reading it: {@code get(i)} reads box i's
 * {@code 4 size^3} bytes back (from the page cache, usually). Box i holds the voxels of {@code new BoxView(tomogram,
 * centres, size).get(i)} (voxels outside the tomogram get its mean) and, with pose normalization, those
 * {@code PoseNormalizedBoxes} gives on the whole tomogram (its origin is left at 0).
 *
 * <h2>Memory and disk</h2>
 * Slabs of {@code depth} z-slices with a margin on either side are read one at a time, only where there
 * are centres: {@code size / 2} slices of margin for plain boxes, {@code size/2 + sqrt(3) size/2 + 2} for
 * pose normalization (the rotated box's reach); a box whose pose reaches further is resampled from a region
 * read for it alone. The depth is chosen so a slab with its margins takes at most the given memory budget
 * (at least the margin). When some box leaves the tomogram (or may sample outside it, with pose
 * normalization), the tomogram's mean is needed first and one more pass over the file computes it, summing
 * in the same order as {@link Volume#statistics()}. The scratch file holds {@code 4 size^3} bytes per box
 * (128 KiB for 32^3); it is opened with {@code DELETE_ON_CLOSE} (on Linux unlinked at once, so a crash leaves
 * nothing behind; its space is freed by {@link #close()}).
 *
 * <p>Reads are thread-safe; the list is read-only.
 */
public final class BoxStore extends AbstractList<Volume> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BoxStore.class);

    private final Path file;
    private final FileChannel channel;
    private final int size;
    private final VoxelSize voxelSize;
    private final long[] slot;

    private BoxStore(Path file, FileChannel channel, int size, VoxelSize voxelSize, long[] slot) {
        this.file = file;
        this.channel = channel;
        this.size = size;
        this.voxelSize = voxelSize;
        this.slot = slot;
    }

    /**
     * Cuts the boxes (pose-normalized when {@code pose} is not null) into a new scratch file in
     * {@code scratchDir}. Reports stage "extracting boxes" per slab; checks for cancellation between slabs.
     *
     * @param memoryBudget bytes a slab with its margins may take
     */
    public static BoxStore extract(RegionSource source, List<int[]> centres, int size, PoseNormalizer pose,
                                   Path scratchDir, long memoryBudget, ProgressListener progress) throws IOException {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(progress, "progress");
        if (size < 1) {
            throw new IllegalArgumentException("box size must be positive, got " + size);
        }
        int nx = source.nx();
        int ny = source.ny();
        int nz = source.nz();
        int margin = pose == null ? size / 2 + 1 : (int) Math.ceil(size / 2.0 + Math.sqrt(3) * size / 2.0) + 2;
        long perSlice = (long) nx * ny * Float.BYTES;
        int depth = (int) Math.max(margin, Math.min(nz, memoryBudget / perSlice - 2L * margin));
        boolean needMean = false;
        for (int[] c : centres) {
            int reach = pose == null ? size / 2 : margin;
            needMean |= c[0] - reach < 0 || c[1] - reach < 0 || c[2] - reach < 0
                    || c[0] + reach >= nx || c[1] + reach >= ny || c[2] + reach >= nz;
        }
        float mean = needMean ? (float) mean(source, Math.max(1, (int) Math.min(nz, memoryBudget / perSlice)), progress)
                : 0f;
        Integer[] order = IntStream.range(0, centres.size()).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingInt(i -> centres.get(i)[2]));
        Files.createDirectories(scratchDir);
        Path file = Files.createTempFile(scratchDir, "boxes-", ".f32");
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
                StandardOpenOption.DELETE_ON_CLOSE);
        long[] slot = new long[centres.size()];
        try {
            int slabs = (nz + depth - 1) / depth;
            long written = 0;
            int next = 0;
            for (int k = 0; k < slabs; k++) {
                progress.checkCancelled();
                int z0 = k * depth;
                int z1 = Math.min(nz, z0 + depth);
                List<Integer> here = new ArrayList<>();
                while (next < order.length && (k == slabs - 1 || centres.get(order[next])[2] < z1)) {
                    here.add(order[next++]);
                }
                if (here.isEmpty()) {
                    continue;
                }
                int r0 = Math.max(0, z0 - margin);
                int r1 = Math.min(nz, z1 + margin);
                RegionWindow w = new RegionWindow(source.read(0, 0, r0, nx, ny, r1 - r0), 0, 0, r0, nx, ny, nz);
                Volume[] boxes = new Volume[here.size()];
                IntStream.range(0, boxes.length).parallel().forEach(j -> {
                    int[] c = centres.get(here.get(j));
                    boxes[j] = cut(source, w, c, size, pose, mean);
                });
                ByteBuffer buf = ByteBuffer.allocate(size * size * size * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                for (int j = 0; j < boxes.length; j++) {
                    buf.clear();
                    buf.asFloatBuffer().put(boxes[j].data());
                    slot[here.get(j)] = written;
                    writeFully(channel, buf, written);
                    written += buf.capacity();
                }
                progress.onProgress("extracting boxes", next, centres.size());
            }
            LOG.debug("{} boxes of {}^3 cut in slabs of {} slices (margin {}) into {}", centres.size(), size, depth,
                    margin, file);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return new BoxStore(file, channel, size, source.voxelSize(), slot);
    }

    /** Box around {@code c} from the window (pose-normalized if asked), or from a region read for it alone. */
    private static Volume cut(RegionSource source, RegionWindow w, int[] c, int size, PoseNormalizer pose, float mean) {
        RegionWindow own = w.holdsBox(c, size) ? w : windowAround(source, c[0] - size / 2, c[0] + size, c[1] - size / 2,
                c[1] + size, c[2] - size / 2, c[2] + size);
        Volume raw = own.box(c, size, mean);
        if (pose == null) {
            return raw;
        }
        Pose p = pose.estimate(raw);
        int[] r = RegionWindow.poseSampleRange(c, size, p);
        if (!w.holds(r[0], r[1], r[2], r[3], r[4], r[5])) {
            own = windowAround(source, r[0], r[1], r[2], r[3], r[4], r[5]);
        } else {
            own = w;
        }
        return own.poseNormalized(c, raw, p, mean);
    }

    /** A window holding the tomogram voxels in the inclusive ranges (clipped), read for one box. */
    private static RegionWindow windowAround(RegionSource s, int xa, int xb, int ya, int yb, int za, int zb) {
        int x0 = Math.max(0, xa);
        int y0 = Math.max(0, ya);
        int z0 = Math.max(0, za);
        int x1 = Math.max(x0 + 1, Math.min(s.nx(), xb + 1));
        int y1 = Math.max(y0 + 1, Math.min(s.ny(), yb + 1));
        int z1 = Math.max(z0 + 1, Math.min(s.nz(), zb + 1));
        x0 = Math.min(x0, x1 - 1);
        y0 = Math.min(y0, y1 - 1);
        z0 = Math.min(z0, z1 - 1);
        return new RegionWindow(s.read(x0, y0, z0, x1 - x0, y1 - y0, z1 - z0), x0, y0, z0, s.nx(), s.ny(), s.nz());
    }

    /**
     * The mean of every voxel, summed in double in x-fastest order as {@link Volume#statistics()} sums, read in
     * slabs of {@code depth} slices.
     */
    static double mean(RegionSource source, int depth, ProgressListener progress) {
        double sum = 0;
        for (int z = 0; z < source.nz(); z += depth) {
            progress.checkCancelled();
            Volume v = source.read(0, 0, z, source.nx(), source.ny(), Math.min(depth, source.nz() - z));
            for (float f : v.data()) {
                sum += f;
            }
            progress.onProgress("tomogram mean", Math.min(source.nz(), z + depth), source.nz());
        }
        return sum / source.voxelCount();
    }

    private static void writeFully(FileChannel channel, ByteBuffer buf, long position) throws IOException {
        buf.rewind();
        long p = position;
        while (buf.hasRemaining()) {
            p += channel.write(buf, p);
        }
    }

    @Override
    public Volume get(int index) {
        int n = size * size * size;
        ByteBuffer buf = ByteBuffer.allocate(n * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        try {
            long p = slot[index];
            while (buf.hasRemaining()) {
                int r = channel.read(buf, p + buf.position());
                if (r < 0) {
                    throw new IOException("unexpected end of the scratch file " + file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read box " + index + " back from " + file
                    + " (was the store closed, or the disk full?)", e);
        }
        buf.flip();
        float[] data = new float[n];
        buf.asFloatBuffer().get(data);
        return Volume.wrap(data, size, size, size, voxelSize, org.cryomine.core.Vec3.ZERO);
    }

    @Override
    public int size() {
        return slot.length;
    }

    /** Box edge in voxels. */
    public int boxSize() {
        return size;
    }

    /** Deletes the scratch file; safe to call twice. */
    @Override
    public void close() throws IOException {
        channel.close();
        Files.deleteIfExists(file);
    }
}
