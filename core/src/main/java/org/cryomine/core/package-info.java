/**
 * The core types: {@link org.cryomine.core.Volume} (float32, x fastest, then y, then z; voxel size in Å), label
 * values, axis flips, progress listeners, atomic file writing and the project's exception type. Depends on nothing
 * but SLF4J, EJML and Commons Math; every other module builds on it.
 */
package org.cryomine.core;
