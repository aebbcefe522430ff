/**
 * Pose normalization of subvolumes by the principal axes of their density
 * ({@link org.cryomine.core.pose.PoseNormalizer}, DESIGN step 3).
 */
package org.cryomine.core.pose;
