/** A small STAR file reader and writer (data blocks, key-value pairs, loops). */
package org.cryomine.io.star;
