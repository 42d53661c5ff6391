package io.arrowfamfs.cli;

import io.arrowfamfs.catalog.GcReport;
import io.arrowfamfs.catalog.ReclaimReport;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "gc",
        description = {
            "One garbage-collection pass now (master only): closes the grants of this host's writer",
            "processes that died; then, when no other process of the master host is the master's agent,",
            "one reclamation pass as the agent makes on its own every heartbeat period: retired space no",
            "host can read moves into quarantine, and what has been there long enough is freed. Reports",
            "where the space is."
        },
        footer = {"  arrow-famfs gc -d /dev/shm/mine.img", "  arrow-famfs gc --wait 1m"})
final class GcCommand implements Callable<Integer> {
    @Mixin
    DeviceOptions device;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--wait",
            converter = Durations.class,
            paramLabel = "DURATION",
            description = {
                "keep making passes, for up to DURATION, until no retired space waits (for its readers or",
                "its quarantine); lease + grace + quarantine covers a reader host that died (default: one pass)"
            })
    Duration wait;

    @Override
    public Integer call() {
        try (Tables tables = new Tables(device)) {
            long deadline = System.nanoTime() + (wait == null ? 0 : wait.toNanos());
            GcReport report = tables.catalog.collect();
            int grants = report.grantsClosed();
            long grantBytes = report.bytesClosed();
            ReclaimReport r = report.reclamation();
            long quarantined = r.quarantinedBytes();
            long freed = r.freedBytes();
            while (r.reclaiming() && r.pinnedBytes() + r.waitingBytes() > 0 && System.nanoTime() - deadline < 0) {
                LockSupport.parkNanos(tables.catalog.hostSettings().period().toNanos());
                report = tables.catalog.collect();
                grants += report.grantsClosed();
                grantBytes += report.bytesClosed();
                r = report.reclamation();
                quarantined += r.quarantinedBytes();
                freed += r.freedBytes();
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf("closed %d grants of writers that died (%s)%n", grants, Sizes.human(grantBytes));
            if (r.reclaiming()) {
                out.printf(
                        "reclaimed: bound %s, %s into quarantine, %s freed; waiting: %s still readable by a host,"
                                + " %s in quarantine (%s)%n",
                        r.bound() == Long.MAX_VALUE ? "none (no host reads)" : Long.toString(r.bound()),
                        Sizes.human(quarantined),
                        Sizes.human(freed),
                        Sizes.human(r.pinnedBytes()),
                        Sizes.human(r.waitingBytes()),
                        Durations.format(tables.catalog.settings().quarantine()));
            } else {
                out.println("reclaimed: nothing here; another process of the master host is the master's agent"
                        + " and reclaims on its own");
            }
            SpaceLines.print(out, tables.catalog.space());
        }
        return 0;
    }
}
