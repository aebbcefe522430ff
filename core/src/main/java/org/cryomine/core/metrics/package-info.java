/**
 * Quality measures against ground truth: picking recall and precision per object class, cluster purity and
 * macro-F1, segmentation IoU, and membrane recall split by the missing wedge.
 */
package org.cryomine.core.metrics;
