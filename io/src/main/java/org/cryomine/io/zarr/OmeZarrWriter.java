package org.cryomine.io.zarr;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import org.cryomine.core.CryomineException;
import org.cryomine.core.Vec3;
import org.cryomine.core.Volume;
import org.cryomine.core.VoxelSize;
import org.cryomine.io.SlabWriter;

/**
 * An OME-NGFF 0.4 image written slab by slab along z ({@link SlabWriter}): a Zarr v2 group with axes z, y, x
 * in Å, one array per scale level ("0", "1", ...; '/' separated chunk keys as NGFF 0.4 asks), each level's
 * scale (voxel size x 2^i) and, when not zero, translation (the origin; for mean-binned levels moved to the
 * centre of the binned cells). Chunks whose values are all 0 (the fill value) are not written. Everything
 * goes to a hidden temporary folder renamed into place by {@link #close} after the last slice.
 */
final class OmeZarrWriter implements SlabWriter {

    private final Path target;
    private final Path tmp;
    private final int nx;
    private final int ny;
    private final int nz;
    private final VoxelSize voxelSize;
    private final Vec3 origin;
    private final ZarrWriteOptions options;
    private final LevelWriter level0;
    private int written;
    private boolean open = true;

    private OmeZarrWriter(Path target, Path tmp, int nx, int ny, int nz, VoxelSize voxelSize, Vec3 origin,
                          ZarrWriteOptions options) throws IOException {
        this.target = target;
        this.tmp = tmp;
        this.nx = nx;
        this.ny = ny;
        this.nz = nz;
        this.voxelSize = voxelSize;
        this.origin = origin;
        this.options = options;
        LevelWriter next = null;
        for (int i = options.levels() - 1; i >= 0; i--) {
            next = new LevelWriter(tmp.resolve(Integer.toString(i)), binned(nx, i), binned(ny, i), binned(nz, i),
                    options, next);
        }
        this.level0 = next;
    }

    private static int binned(int n, int level) {
        return (int) ((n + (1L << level) - 1) >> level);
    }

    /**
     * Creates the temporary folder and the arrays' metadata.
     *
     * @throws CryomineException when {@code file} exists and may not be replaced, or cannot be created
     */
    static OmeZarrWriter open(Path file, int nx, int ny, int nz, VoxelSize voxelSize, Vec3 origin,
                              ZarrWriteOptions options) {
        Objects.requireNonNull(voxelSize, "voxelSize");
        Objects.requireNonNull(origin, "origin");
        if (nx < 1 || ny < 1 || nz < 1) {
            throw new IllegalArgumentException("volume size must be at least 1 voxel along each axis, got "
                    + nx + "x" + ny + "x" + nz);
        }
        Path target = file.toAbsolutePath();
        StoreFiles.requireWritable(target, options.overwrite());
        Path tmp = null;
        try {
            tmp = StoreFiles.createTemporarySibling(target);
            return new OmeZarrWriter(target, tmp, nx, ny, nz, voxelSize, origin, options);
        } catch (IOException | RuntimeException e) {
            StoreFiles.deleteTree(tmp);
            if (e instanceof IllegalArgumentException) {
                throw (IllegalArgumentException) e;
            }
            throw new CryomineException(file + ": cannot write: " + e, e);
        }
    }

    @Override
    public void write(Volume slab) {
        Objects.requireNonNull(slab, "slab");
        if (!open) {
            throw new IllegalStateException(target + ": the slab writer is closed or aborted; no more slabs can be "
                    + "written");
        }
        if (slab.nx() != nx || slab.ny() != ny || slab.nz() > nz - written) {
            abort();
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: a slab must be %dx%d in x and y and fit "
                    + "the %d of %d z-slices left, got %dx%dx%d", target, nx, ny, nz - written, nz, slab.nx(), slab.ny(),
                    slab.nz()));
        }
        try {
            level0.add(slab.data(), slab.nz());
            written += slab.nz();
        } catch (IOException e) {
            abort();
            throw new CryomineException(target + ": cannot write: " + e, e);
        } catch (IllegalArgumentException e) {
            abort();
            throw new CryomineException(target + ": " + e.getMessage() + " (in z-slices " + written + " to "
                    + (written + slab.nz() - 1) + ")", e);
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
        if (!open) {
            return;
        }
        if (written < nz) {
            abort();
            throw new CryomineException(String.format(Locale.ROOT, "%s: closed after %d of %d z-slices; the incomplete "
                    + "store was removed and nothing was written there", target, written, nz));
        }
        try {
            level0.finish();
            Files.writeString(tmp.resolve(".zgroup"), "{\n    \"zarr_format\": 2\n}");
            Files.write(tmp.resolve(".zattrs"), ZarrArray.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(attrs()));
            StoreFiles.publish(tmp, target, options.overwrite());
            open = false;
        } catch (IOException | RuntimeException e) {
            abort();
            throw e instanceof CryomineException ? (CryomineException) e
                    : new CryomineException(target + ": cannot finish the store: " + e, e);
        }
    }

    private ObjectNode attrs() {
        ObjectNode root = ZarrArray.JSON.createObjectNode();
        ObjectNode ms = root.putArray("multiscales").addObject();
        ms.put("version", "0.4");
        ms.put("name", target.getFileName().toString());
        ArrayNode axes = ms.putArray("axes");
        for (String a : new String[] {"z", "y", "x"}) {
            axes.addObject().put("name", a).put("type", "space").put("unit", "angstrom");
        }
        boolean mean = !options.dataType().isInteger();
        ArrayNode datasets = ms.putArray("datasets");
        for (int i = 0; i < options.levels(); i++) {
            double f = Math.pow(2, i);
            double shift = mean ? (f - 1) / 2 : 0;
            ObjectNode ds = datasets.addObject().put("path", Integer.toString(i));
            ArrayNode t = ds.putArray("coordinateTransformations");
            t.addObject().put("type", "scale").putArray("scale").add(voxelSize.z() * f).add(voxelSize.y() * f)
                    .add(voxelSize.x() * f);
            Vec3 o = origin.plus(new Vec3(shift * voxelSize.x(), shift * voxelSize.y(), shift * voxelSize.z()));
            if (!o.equals(Vec3.ZERO)) {
                t.addObject().put("type", "translation").putArray("translation").add(o.z()).add(o.y()).add(o.x());
            }
        }
        ms.put("type", mean ? "mean" : "nearest");
        ms.putObject("metadata").put("description", "written by cryomine: 2x2x2 " + (mean ? "mean binning"
                : "subsampling (voxel at even coordinates)") + " per level");
        return root;
    }

    /** Removes the temporary folder; the destination is left as it was. */
    private void abort() {
        open = false;
        StoreFiles.deleteTree(tmp);
    }

    @Override
    public String toString() {
        return "OmeZarrWriter[" + target + ", " + written + " of " + nz + " slices]";
    }
}
