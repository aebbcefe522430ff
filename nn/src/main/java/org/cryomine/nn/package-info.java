/**
 * The networks on TensorFlow Java (graph mode): {@link org.cryomine.nn.Autoencoder3D} (the paper's 3-D
 * convolutional autoencoder) and {@link org.cryomine.nn.Edss3d} (the weakly supervised encoder-decoder segmentation
 * network); configuration records whose {@code fit} returns a separate, {@code AutoCloseable} trained model with a
 * versioned model directory.
 */
package org.cryomine.nn;
