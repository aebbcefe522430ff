/** Statistics helpers: principal component analysis (the baseline the autoencoder is compared with). */
package org.cryomine.core.stats;
