/** Internal helpers of cryomine; not part of the public API. */
package org.cryomine.core.internal;
