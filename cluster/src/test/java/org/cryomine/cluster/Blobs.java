package org.cryomine.cluster;

import java.util.Random;

/** Seeded, well separated Gaussian blobs for tests. */
final class Blobs {

    final float[][] points;
    final int[] truth;

    /**
     * @param perCluster points per blob
     * @param clusters   number of blobs; centres on a grid spaced {@code spacing} apart, unit noise
     */
    Blobs(int clusters, int perCluster, int dimension, double spacing, long seed) {
        Random random = new Random(seed);
        double[][] centres = new double[clusters][dimension];
        for (int c = 0; c < clusters; c++) {
            for (int j = 0; j < dimension; j++) {
                centres[c][j] = spacing * random.nextInt(10) + (j == 0 ? spacing * 10 * c : 0);
            }
        }
        points = new float[clusters * perCluster][dimension];
        truth = new int[points.length];
        for (int i = 0; i < points.length; i++) {
            int c = i % clusters;
            truth[i] = c;
            for (int j = 0; j < dimension; j++) {
                points[i][j] = (float) (centres[c][j] + random.nextGaussian());
            }
        }
    }
}
