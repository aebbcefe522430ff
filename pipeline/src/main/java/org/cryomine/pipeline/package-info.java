/**
 * The whole chain as a library, what the command line runs. Settings are immutable records validated on
 * construction, started from a {@link org.cryomine.pipeline.Recipe} and changed with {@code with*} methods:
 * {@link org.cryomine.pipeline.MiningSettings}, {@link org.cryomine.pipeline.SegTrainSettings},
 * {@link org.cryomine.pipeline.SegmentSettings}. Operators run them and report to one
 * {@link org.cryomine.pipeline.PipelineListener}: {@link org.cryomine.pipeline.MiningPipeline} (pick, train,
 * encode, cluster, report into a resumable run folder), {@link org.cryomine.pipeline.RunEmbedding},
 * {@link org.cryomine.pipeline.SegmentationTraining} and {@link org.cryomine.pipeline.Segmenter}.
 */
package org.cryomine.pipeline;
