/** PNG pictures of volume slices with an explicit, shareable intensity window. */
package org.cryomine.io.png;
