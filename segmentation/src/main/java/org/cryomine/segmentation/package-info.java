/**
 * Weak supervision and segmentation, independent of any network: selections of clusters, weak labels from
 * decoded images, sphere completion of vesicles, class weights, label embedding, and tiled segmentation of whole
 * tomograms (in memory or slab by slab) over any {@link org.cryomine.segmentation.TileModel}.
 */
package org.cryomine.segmentation;
