/**
 * EMAN2's HDF5 image files ({@code .hdf}) read through jhdf: {@link org.cryomine.io.hdf.Eman2HdfFormat}
 * behind the volume SPI. Sizes and coordinates x, y, z; voxel sizes and origins in Å.
 */
package org.cryomine.io.hdf;
