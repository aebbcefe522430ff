/**
 * Separable Gaussian and Difference-of-Gaussians filters with scipy.ndimage semantics (kernel radius
 * {@code int(truncate sigma + 0.5)}, boundary modes reflect, mirror, nearest, constant, wrap, passes z, y, x,
 * each stored as float32), summing in float32 (scipy: double; results agree within 1e-5 of the input's
 * range). Sigmas in voxels, given (x, y, z).
 *
 * <p>How it is fast, in plain Java (HotSpot C2 vectorises the inner loops; no {@code jdk.incubator.vector},
 * so no JVM flags): every 1-D pass convolves whole rows, with the kernel's symmetric pairs summed first and
 * two taps per sweep. The z pass copies each y's column of x-rows (1 MiB apart in a 512x512 volume, which
 * would thrash the cache sets) into a contiguous per-thread buffer; the y and x passes run together one z
 * slice at a time, the x pass on a blocked transpose of the slice; the DoG computes its two Gaussians
 * together (one read of the input in the z pass) and subtracts inside the transpose back of the last pass.
 * Work is spread over threads in chunks that idle threads take. Scratch memory: per thread about five z
 * slices plus one column (nz x-rows).
 */
package org.cryomine.core.filter;
