/**
 * The dataset job on Apache Spark: {@link org.cryomine.spark.SparkDatasetMining} picks, encodes and draws report
 * boxes in one task per tomogram (one TensorFlow session per partition) and trains and clusters on the driver,
 * with the results of the single-machine dataset run; {@link org.cryomine.spark.SparkSegmentation} segments a
 * dataset with a trained model. {@code MineDataset} and {@code SegmentDataset} are the {@code spark-submit} entry
 * points (docs/spark.md).
 */
package org.cryomine.spark;
