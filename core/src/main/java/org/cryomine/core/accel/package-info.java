/**
 * Optional hardware acceleration of the DoG picker, found at run time: a {@link
 * org.cryomine.core.accel.DogAccelerator} is a service provider ({@link java.util.ServiceLoader},
 * {@code META-INF/services/org.cryomine.core.accel.DogAccelerator}) in a separate module such as
 * {@code cryomine-cuda}. {@link org.cryomine.core.accel.Accelerators#dog()} probes the providers once and
 * logs one line saying whether DoG picking runs on an accelerator or on the CPU; without a provider (or
 * without a usable device) nothing native is loaded and the CPU filters of {@code org.cryomine.core.filter}
 * are used. Positions in voxels (x, y, z), x fastest.
 */
package org.cryomine.core.accel;
