/** Particle lists: the {@link org.cryomine.io.particles.Particle} model and STAR / CSV files. */
package org.cryomine.io.particles;
