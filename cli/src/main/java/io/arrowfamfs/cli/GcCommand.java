package io.arrowfamfs.cli;

import io.arrowfamfs.catalog.GcReport;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
        name = "gc",
        description = {
            "One reclamation pass now (master only), as the master's agent makes on its own: closes the",
            "grants of writers that died, and reports where the space is."
        },
        footer = "  arrow-famfs gc -d /dev/shm/mine.img")
final class GcCommand implements Callable<Integer> {
    @Mixin
    DeviceOptions device;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (Tables tables = new Tables(device)) {
            GcReport report = tables.catalog.collect();
            PrintWriter out = spec.commandLine().getOut();
            out.printf(
                    "closed %d grants of writers that died (%s)%n",
                    report.grantsClosed(), Sizes.human(report.bytesClosed()));
            SpaceLines.print(out, tables.catalog.space());
        }
        return 0;
    }
}
