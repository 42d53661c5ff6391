/**
 * Benchmarks behind {@code arrow-famfs bench NAME --json}. Each compares against a baseline
 * measured in the same run, repeats at least five times after a warm-up, and reports the run
 * count, median, min and max. They create their own devices in a scratch directory (default
 * /dev/shm) and remove them afterwards. Never run by the test suite, and tests never assert
 * timings.
 */
package io.arrowfamfs.bench;
