/**
 * Run-folder housekeeping: {@link org.cryomine.io.run.RunLock} (one process per run folder) and
 * {@link org.cryomine.io.run.StaleTemporaries} (temporaries left by killed runs).
 */
package org.cryomine.io.run;
