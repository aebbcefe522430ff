/**
 * k-means clustering of codes: {@link org.cryomine.cluster.KMeansClusterer} (configuration: greedy k-means++,
 * Hamerly-accelerated Lloyd, then swap refinement that repairs Lloyd's merged-pair / split-blob local minima) fits a
 * {@link org.cryomine.cluster.ClusterModel} (centres, assignments, canonical cluster numbers, Hungarian matching
 * between models); {@link org.cryomine.cluster.KSelector} computes the diagnostics for choosing k
 * ({@link org.cryomine.cluster.KSelection}); {@link org.cryomine.cluster.ClusterMetrics} holds the adjusted Rand
 * index, the silhouette and the Calinski-Harabasz index with scikit-learn's definitions.
 *
 * <p>Points are given as {@code float[n][d]} arrays (one row per point, e.g. one autoencoder code per
 * subvolume) and are never modified; every model holds its own copies.
 */
package org.cryomine.cluster;
