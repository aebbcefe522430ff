package org.cryomine.io.mrc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Objects;
import org.cryomine.core.AtomicFiles;
import org.cryomine.core.CryomineException;
import org.cryomine.core.Vec3;
import org.cryomine.core.Volume;
import org.cryomine.core.VoxelSize;
import org.cryomine.io.SlabWriter;
import org.cryomine.io.WriteOptions;

/**
 * An MRC2014 file written slab by slab along z ({@link SlabWriter}), with the header conventions of
 * {@link MrcWriter}: the header is written first with empty statistics, the slabs' stored values follow as
 * they come (positional writes from a direct buffer) while {@link MrcStatistics} accumulates dmin/dmax/dmean/rms, and {@link #close} rewrites the
 * header with them before moving the temporary file (a hidden sibling of the destination) into place. The
 * bytes equal {@link MrcWriter}'s for the same volume, except that rms is combined from per-slab sums of
 * squares and may differ from the two-pass value in its last float bit (rarely; the tests find none).
 */
final class MrcSlabWriter implements SlabWriter {

    private enum State { OPEN, CLOSED, ABORTED }

    private final Path target;
    private final Path tmp;
    private final FileChannel channel;
    private long position = MrcHeader.SIZE;
    private final MrcHeader header;
    private final int mode;
    private final boolean overwrite;
    private final MrcStatistics statistics = new MrcStatistics();
    private final int nx;
    private final int ny;
    private final int nz;
    private int written;
    private State state = State.OPEN;

    private MrcSlabWriter(Path target, Path tmp, FileChannel channel, MrcHeader header, WriteOptions options) {
        this.target = target;
        this.tmp = tmp;
        this.channel = channel;
        this.header = header;
        this.mode = options.mode();
        this.overwrite = options.overwrite();
        this.nx = header.nx;
        this.ny = header.ny;
        this.nz = header.nz;
    }

    /**
     * Creates the temporary file and writes a provisional header.
     *
     * @throws IllegalArgumentException when a size is below 1
     * @throws CryomineException        when {@code file} exists and {@code options} do not allow overwriting, is a
     *                                  directory, or the temporary file cannot be created
     */
    static MrcSlabWriter open(Path file, int nx, int ny, int nz, VoxelSize voxelSize, Vec3 origin,
                              WriteOptions options) {
        Objects.requireNonNull(file, "file");
        if (nx < 1 || ny < 1 || nz < 1) {
            throw new IllegalArgumentException("volume size must be at least 1 voxel along each axis, got "
                    + nx + "x" + ny + "x" + nz);
        }
        Path target = file.toAbsolutePath();
        AtomicFiles.requireWritable(target, options.overwrite());
        MrcHeader h = MrcWriter.header(nx, ny, nz, voxelSize, origin, options, MrcWriter.isImageStack(file));
        Path tmp = null;
        try {
            tmp = AtomicFiles.createTemporarySibling(target);
            FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
            MrcSlabWriter w = new MrcSlabWriter(target, tmp, channel, h, options);
            MrcWriter.writeFully(channel, ByteBuffer.wrap(h.encode()), 0);
            return w;
        } catch (IOException e) {
            AtomicFiles.deleteQuietly(tmp);
            throw new CryomineException(file + ": cannot write: " + e, e);
        }
    }

    @Override
    public void write(Volume slab) {
        Objects.requireNonNull(slab, "slab");
        if (state != State.OPEN) {
            throw new IllegalStateException(target + ": the slab writer is " + (state == State.CLOSED ? "closed"
                    : "aborted after an earlier error") + "; no more slabs can be written");
        }
        try {
            if (slab.nx() != nx || slab.ny() != ny) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: a slab must be %dx%d in x and y "
                        + "(the file's size), got %dx%dx%d", target, nx, ny, slab.nx(), slab.ny(), slab.nz()));
            }
            if (slab.nz() > nz - written) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: a slab of %d z-slices does not fit: "
                        + "%d of the file's %d slices are written already", target, slab.nz(), written, nz));
            }
            position = MrcWriter.writeData(channel, position, slab, mode, written, statistics);
            written += slab.nz();
        } catch (IOException e) {
            abort();
            throw new CryomineException(target + ": cannot write: " + e, e);
        } catch (RuntimeException e) {
            abort();
            throw e;
        }
    }

    @Override
    public int slicesWritten() {
        return written;
    }

    @Override
    public int nz() {
        return nz;
    }

    @Override
    public void close() {
        if (state != State.OPEN) {
            return;
        }
        if (written < nz) {
            abort();
            throw new CryomineException(String.format(Locale.ROOT, "%s: closed after %d of %d z-slices; the "
                    + "incomplete file was removed and nothing was written there", target, written, nz));
        }
        try {
            statistics.applyTo(header);
            ByteBuffer bytes = ByteBuffer.wrap(header.encode());
            long at = 0;
            while (bytes.hasRemaining()) {
                at += channel.write(bytes, at);
            }
            channel.close();
            AtomicFiles.publish(tmp, target, overwrite);
            state = State.CLOSED;
        } catch (FileAlreadyExistsException e) {
            abort();
            throw AtomicFiles.exists(target, e);
        } catch (IOException | RuntimeException e) {
            abort();
            throw new CryomineException(target + ": cannot finish the file: " + e, e);
        }
    }

    /** Closes and removes the temporary file; the destination is left as it was. */
    private void abort() {
        state = State.ABORTED;
        try {
            channel.close();
        } catch (IOException ignored) {
            // the file is removed next; nothing to keep
        }
        AtomicFiles.deleteQuietly(tmp);
    }

    @Override
    public String toString() {
        return "MrcSlabWriter[" + target + ", " + written + " of " + nz + " slices]";
    }
}
