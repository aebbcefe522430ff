/**
 * Template-free particle picking: the DoG {@link org.cryomine.core.pick.SubvolumePicker}, local-extremum search
 * and strongest-first suppression ({@link org.cryomine.core.pick.PeakFinder}), sliding-window
 * {@link org.cryomine.core.pick.GridExtractor}, and the picked {@link org.cryomine.core.pick.Subvolume}.
 * Positions in voxels (x, y, z).
 */
package org.cryomine.core.pick;
