/**
 * The {@code cryomine} command: picocli commands that parse options, call the {@code pipeline} module, turn its
 * progress into console bars and its errors into one line with the option to change. No method code lives here.
 */
package org.cryomine.cli;
