/**
 * Hand-written CUDA kernels for DoG picking (separable Gaussian, fused DoG, 3x3x3 extrema) launched through
 * JavaCPP's CUDA presets; found by core at run time through {@code ServiceLoader}, with a CPU fallback when no
 * driver, runtime or device is present.
 */
package org.cryomine.cuda;
