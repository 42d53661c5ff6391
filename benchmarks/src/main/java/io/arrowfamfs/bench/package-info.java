/**
 * Benchmarks behind {@code arrow-famfs bench NAME --json}. Each compares against a baseline
 * measured in the same run, repeats at least five times after a warm-up, and reports the run
 * count, median, min and max. Each formats its own device ({@code -d PATH}, refused if PATH
 * exists unless {@code --force}; else a file in a scratch directory, default /dev/shm) and
 * removes what it created afterwards; {@code commitlog}, the one micro-benchmark, formats no
 * device: it runs {@link io.arrowfamfs.bench.CommitLogBench} through JMH on a scratch file.
 * Never run by the test suite, and tests never assert timings.
 */
package io.arrowfamfs.bench;
