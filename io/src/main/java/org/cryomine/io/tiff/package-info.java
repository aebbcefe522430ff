/** Multi-page grey-level TIFF stacks (ImageJ hyperstacks) read through TwelveMonkeys imageio-tiff. */
package org.cryomine.io.tiff;
