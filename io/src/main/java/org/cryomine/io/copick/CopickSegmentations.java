package org.cryomine.io.copick;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import org.cryomine.core.CryomineException;
import org.cryomine.core.Vec3;
import org.cryomine.core.Volume;
import org.cryomine.core.VoxelSize;
import org.cryomine.io.SlabWriter;
import org.cryomine.io.VolumeHeader;
import org.cryomine.io.Volumes;
import org.cryomine.io.zarr.OmeZarr;
import org.cryomine.io.zarr.ZarrDataType;
import org.cryomine.io.zarr.ZarrWriteOptions;

/**
 * Label maps written as copick segmentations: an OME-NGFF 0.4 image on Zarr v2 with one scale level, axes z, y, x
 * in Å, scale the voxel spacing and no translation, unsigned integers, Blosc-LZ4 chunks with '/' separated keys, as
 * copick's {@code CopickSegmentation.from_numpy} writes them (copick/copick {@code src/copick/models.py} and {@code
 * src/copick/util/ome.py}: one level, uint8 by default). Values are copick labels: 0 background, and in a
 * multilabel segmentation each pickable object's {@code label}. The store's path comes from {@link
 * CopickProject#segmentationStore}.
 */
public final class CopickSegmentations {

    private static final int SLAB = 64;

    private CopickSegmentations() {
    }

    /**
     * Writes the label map in {@code labelFile} (read slab by slab along z, so it need not fit in memory) to {@code
     * store}, each value v becoming {@code copickLabel[v]}.
     *
     * @param copickLabel  the copick label of each label map value: index 0 is background and should hold 0
     * @param voxelSpacing the copick voxel spacing (Å), written as the scale
     * @param overwrite    replace an existing store
     * @return {@code store}
     * @throws CryomineException when a value of the label map is not an index of {@code copickLabel}, or the store
     *         exists and may not be replaced
     */
    public static Path write(Path labelFile, int[] copickLabel, Path store, double voxelSpacing, boolean overwrite) {
        Objects.requireNonNull(labelFile, "labelFile");
        VolumeHeader h = Volumes.readHeader(labelFile);
        try (SlabWriter w = open(store, h.nx(), h.ny(), h.nz(), copickLabel, voxelSpacing, overwrite)) {
            for (int z = 0; z < h.nz(); z += SLAB) {
                int n = Math.min(SLAB, h.nz() - z);
                w.write(relabel(Volumes.readRegion(labelFile, 0, 0, z, h.nx(), h.ny(), n), copickLabel, labelFile));
            }
        }
        return store;
    }

    /**
     * Writes {@code labels} (not modified) to {@code store}, each value v becoming {@code copickLabel[v]}; as
     * {@link #write(Path, int[], Path, double, boolean)}.
     */
    public static Path write(Volume labels, int[] copickLabel, Path store, double voxelSpacing, boolean overwrite) {
        Objects.requireNonNull(labels, "labels");
        try (SlabWriter w = open(store, labels.nx(), labels.ny(), labels.nz(), copickLabel, voxelSpacing, overwrite)) {
            w.write(relabel(labels, copickLabel, null));
        }
        return store;
    }

    private static SlabWriter open(Path store, int nx, int ny, int nz, int[] copickLabel, double voxelSpacing,
                                   boolean overwrite) {
        CopickNames.voxelSpacing(voxelSpacing); // validates
        int max = Arrays.stream(copickLabel).max().orElse(0);
        if (Arrays.stream(copickLabel).anyMatch(l -> l < 0)) {
            throw new IllegalArgumentException("copick labels are not negative, got " + Arrays.toString(copickLabel));
        }
        ZarrDataType type = max <= 255 ? ZarrDataType.UINT8 : max <= 65535 ? ZarrDataType.UINT16 : ZarrDataType.INT32;
        ZarrWriteOptions options = ZarrWriteOptions.defaults().withDataType(type).withOverwrite(overwrite);
        return OmeZarr.openSlabWriter(store, nx, ny, nz, VoxelSize.isotropic(voxelSpacing), Vec3.ZERO, options);
    }

    private static Volume relabel(Volume in, int[] copickLabel, Path source) {
        float[] v = in.data();
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            int l = Math.round(v[i]);
            if (l != v[i] || l < 0 || l >= copickLabel.length) {
                throw new CryomineException((source == null ? "the label map" : source.toString()) + " holds the value "
                        + v[i] + ", which is no label 0 to " + (copickLabel.length - 1) + "; write label maps of the "
                        + "selection's groups only");
            }
            out[i] = copickLabel[l];
        }
        return Volume.wrap(out, in.nx(), in.ny(), in.nz());
    }
}
