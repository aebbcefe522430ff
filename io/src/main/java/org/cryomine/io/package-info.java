/** Volume I/O: the {@link org.cryomine.io.VolumeFormat} SPI (found with {@link java.util.ServiceLoader}), {@link org.cryomine.io.Volumes} to read and write any format, headers, options and the library's {@link org.cryomine.io.VolumeFormatException}. Sizes and coordinates are x, y, z; voxel sizes and origins in Å. */
package org.cryomine.io;
