/**
 * OME-Zarr volumes (OME-NGFF 0.4 multiscale images on Zarr v2, as the CryoET Data Portal serves them):
 * {@link org.cryomine.io.zarr.ZarrFormat} behind the volume SPI, reading by region through chunks, choosing a
 * scale level by voxel size, and writing atomically (whole or slab by slab) with Blosc (LZ4, Zstd, zlib
 * inside; pure-Java LZ4 and Zstd from aircompressor), zstd, zlib, gzip or no compression. Sizes and
 * coordinates in the API are x, y, z; Zarr arrays are stored z, y, x; voxel sizes and origins in Å.
 */
package org.cryomine.io.zarr;
