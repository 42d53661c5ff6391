package io.arrowfamfs.bench;

import io.arrowfamfs.famfs.NodeId;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a benchmark runs: its scratch directory (copies, baselines; removed afterwards), the
 * device it formats and runs on (empty: a fresh one in the scratch directory), the master's
 * identity, and whether an existing device may be overwritten.
 *
 * @param scratch directory for a temporary directory of scratch files
 * @param device the device to format and run on; empty for a fresh one in the scratch directory
 * @param master the node that formats the device and publishes (its master)
 * @param force whether an existing file or famfs device at {@code device} may be overwritten
 */
public record BenchSite(Path scratch, Optional<Path> device, NodeId master, boolean force) {}
