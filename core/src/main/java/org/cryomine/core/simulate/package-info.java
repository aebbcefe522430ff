/**
 * A seeded simulator of crowded-cell cryo-electron tomograms with ground truth
 * ({@link org.cryomine.core.simulate.TomogramSimulator}): membranes, ribosome-like and small globules, gold,
 * carbon, the missing wedge and noise at a chosen SNR, with a label map and an object list.
 */
package org.cryomine.core.simulate;
