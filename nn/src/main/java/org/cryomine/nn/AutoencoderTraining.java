package org.cryomine.nn;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import org.cryomine.core.Volume;

/** Implements {@link Autoencoder3D#fit}. */
final class AutoencoderTraining {

    private AutoencoderTraining() {
    }

    static TrainedAutoencoder fit(Autoencoder3D cfg, List<Volume> vols, TrainingListener listener, Path ckpt) {
        Normalization norm = Batches.scan(vols, cfg.boxX(), cfg.boxY(), cfg.boxZ(), cfg.normalization(), "subvolume");
        Trainer.split(vols.size(), cfg.validationFraction(), cfg.seed());
        AutoencoderNet net = new AutoencoderNet(cfg, true, false);
        try {
            net.initialize(cfg.seed());
            int vox = net.boxVoxels();
            Trainer.Task task = new Trainer.Task() {
                @Override
                public float train(int[] items) {
                    return net.trainStep(Batches.batch(vols, items, norm, vox), items.length);
                }

                @Override
                public double validate(int[] items) {
                    return net.evaluate(Batches.batch(vols, items, norm, vox), items.length)[0];
                }
            };
            ObjectNode fp = Json.MAPPER.createObjectNode();
            fp.set("config", Json.MAPPER.valueToTree(cfg));
            fp.set("normalization", Json.MAPPER.valueToTree(norm));
            fp.put("subvolumes", vols.size());
            TrainingHistory h = Trainer.run(net, task, vols.size(), new Trainer.Settings(cfg.batchSize(),
                    cfg.maxEpochs(), cfg.patience(), cfg.validationFraction(), cfg.seed()), listener, ckpt, fp);
            return new TrainedAutoencoder(cfg, norm, h, net);
        } catch (RuntimeException | Error e) {
            net.close();
            throw e;
        }
    }
}
