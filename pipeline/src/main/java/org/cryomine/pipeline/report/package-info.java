/** The self-contained HTML cluster-selection report of a mining run. */
package org.cryomine.pipeline.report;
