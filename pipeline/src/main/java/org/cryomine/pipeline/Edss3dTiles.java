package org.cryomine.pipeline;

import java.util.List;
import org.cryomine.core.Volume;
import org.cryomine.nn.TrainedEdss3d;
import org.cryomine.segmentation.TileModel;

/**
 * A trained Edss3d seen as a {@link TileModel}: its raw softmax probabilities of cubic tiles of {@code edge} voxels
 * (the network is fully convolutional: tiles may be larger than its training boxes), {@code batchSize} tiles a call.
 */
record Edss3dTiles(TrainedEdss3d net, int batchSize, int edge) implements TileModel {

    @Override
    public int classes() {
        return net.config().numClasses();
    }

    @Override
    public int[] tileSize() {
        return edge == net.config().boxX() ? new int[] {net.config().boxX(), net.config().boxY(), net.config().boxZ()}
                : new int[] {edge, edge, edge};
    }

    @Override
    public Volume[] probabilities(Volume tile) {
        return net.probabilities(tile);
    }

    @Override
    public List<Volume[]> probabilities(List<Volume> tiles) {
        return net.probabilities(tiles);
    }
}
