/**
 * The demonstration on simulated tomograms with known ground truth ({@code cryomine demo}): the whole chain run on
 * the pipeline module, a selection made from the truth standing in for a person, and every step scored against
 * the truth. Not on the user path: users call the {@code pipeline} module.
 */
package org.cryomine.demo;
