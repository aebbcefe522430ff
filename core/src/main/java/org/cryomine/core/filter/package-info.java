/**
 * Separable Gaussian and Difference-of-Gaussians filters with scipy.ndimage semantics (kernel radius
 * {@code int(truncate sigma + 0.5)}, boundary modes reflect, mirror, nearest, constant, wrap), float32
 * storage with double accumulation, multi-threaded. Sigmas in voxels, given (x, y, z).
 */
package org.cryomine.core.filter;
