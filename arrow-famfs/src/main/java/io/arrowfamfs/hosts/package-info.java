/**
 * Who may still read what: host slots, heartbeats, reader pins, leases and expulsion, the
 * machinery that tells the master when retired space may be reused (docs/hosts.md).
 *
 * <p><b>Shared.</b> {@link io.arrowfamfs.hosts.HostsFile} maps the volume's host table
 * {@code .af/hosts} (layout in {@link io.arrowfamfs.hosts.HostsDescriptor}): a slot per host,
 * each 64-byte line with one writing host for its whole life, each record with a CRC32C and a
 * sequence so that a torn or stale line reads as "not there yet". Lines are written back and
 * fenced after every write, invalidated before every read.
 *
 * <p><b>Host-local.</b> {@link io.arrowfamfs.hosts.Pins} is the host's pin table in host memory:
 * readers {@link io.arrowfamfs.hosts.Pins#pin pin} the catalog count of their snapshot, and a
 * dead process's pins are cleared (its {@code flock} is gone). {@link
 * io.arrowfamfs.hosts.HostAgent}, one elected per host, heartbeats every period with the bound
 * (the lower of the catalog count it saw and the lowest pin). {@link io.arrowfamfs.hosts.Lease},
 * checked between batches, throws {@link io.arrowfamfs.hosts.LeaseExpiredException} once the last
 * heartbeat is older than half the lease, and {@link io.arrowfamfs.hosts.HostExpelledException}
 * once the host was expelled or rejoined.
 *
 * <p><b>Master.</b> {@link io.arrowfamfs.hosts.LeaseTracker}, elected among the master host's
 * processes, serves joins, expels hosts silent for the lease, stops counting them a grace later,
 * and offers {@link io.arrowfamfs.hosts.LeaseTracker#reclaimBound()}. Timing is {@link
 * io.arrowfamfs.hosts.HostSettings}.
 *
 * <p><b>Threading and lifecycle.</b> Every public class is thread-safe. The caller owns the
 * tables and closes them after the agent and tracker that use them; the agent and the tracker
 * each own one daemon thread, stopped and joined by their {@code close}. Use after close throws
 * {@link io.arrowfamfs.nativeio.ResourceClosedException}.
 *
 * <p><b>Errors.</b> {@link io.arrowfamfs.hosts.LeaseExpiredException} (and its subclass
 * {@link io.arrowfamfs.hosts.HostExpelledException}), {@link io.arrowfamfs.hosts.PinTableFullException},
 * {@link io.arrowfamfs.hosts.CorruptHostsFileException}, {@link
 * io.arrowfamfs.hosts.UnsupportedHostsFormatException}; all are {@link io.arrowfamfs.ArrowFamfsException}s.
 */
package io.arrowfamfs.hosts;
