/**
 * IMOD binary model files ({@code .mod}): {@link org.cryomine.io.imod.ImodModelWriter} exports picks as
 * scattered-point objects, one per group or cluster, to be viewed over the tomogram in 3dmod.
 */
package org.cryomine.io.imod;
