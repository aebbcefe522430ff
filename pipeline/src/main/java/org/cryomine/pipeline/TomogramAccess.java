package org.cryomine.pipeline;

import java.util.Locale;
import org.cryomine.core.Volume;
import org.cryomine.io.VolumeHeader;

/**
 * Whether a command reads the tomogram whole into one {@link Volume} or by region (slabs and boxes read
 * from the file as needed). {@link #AUTO} reads by region when the tomogram cannot be one volume (more
 * than 2^31 - 9 voxels) or its float32 size exceeds a quarter of the maximum heap; {@link #REGION} forces
 * it (e.g. to test the region path on a small file), {@link #WHOLE} forbids it.
 */
public enum TomogramAccess {
    AUTO, WHOLE, REGION;

    /** Parses "auto", "whole" or "region" (any case), with an error that lists the choices. */
    public static TomogramAccess parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--read must be auto, whole or region, got '" + s + "'");
        }
    }

    /** Whether a tomogram with this header is read by region under this setting. */
    public boolean byRegion(VolumeHeader header) {
        return byRegion(header.voxelCount(), Runtime.getRuntime().maxMemory());
    }

    /** As {@link #byRegion(VolumeHeader)} for {@code voxels} voxels and a heap of {@code maxHeap} bytes. */
    public boolean byRegion(long voxels, long maxHeap) {
        return switch (this) {
            case WHOLE -> false;
            case REGION -> true;
            case AUTO -> voxels > Volume.MAX_VOXELS || voxels * Float.BYTES > maxHeap / 4;
        };
    }

    /** Bytes a slab may take when reading by region unless told otherwise: a quarter of the maximum heap. */
    public static long defaultRegionMemory() {
        return Runtime.getRuntime().maxMemory() / 4;
    }

    /** Bytes for {@code --region-memory MB} (0: {@link #defaultRegionMemory()}), validated. */
    public static long regionMemory(int megabytes) {
        if (megabytes < 0) {
            throw new IllegalArgumentException("--region-memory must be 0 (a quarter of the heap) or a number of MB, got "
                    + megabytes);
        }
        return megabytes == 0 ? defaultRegionMemory() : megabytes * 1_000_000L;
    }

    /** A one-line description of a tomogram's size for messages: "2000x2000x600 (9.6 GB as float32)". */
    public static String describe(VolumeHeader h) {
        return String.format(Locale.ROOT, "%dx%dx%d (%.1f GB as float32)", h.nx(), h.ny(), h.nz(),
                h.voxelCount() * 4.0 / 1e9);
    }
}
