/** JMH benchmarks of the filters, picking, networks, k-means and MRC input and output ({@code benchmarks/target/benchmarks.jar}). */
package org.cryomine.benchmarks;
