/** MRC2014: reader (modes 0, 1, 2, 6, 12, 101; both byte orders; extended headers; axis re-ordering; gzip/bzip2), writer (modes 0, 1, 2, 6, 12), mrcfile-style validation and a float16 converter. */
package org.cryomine.io.mrc;
