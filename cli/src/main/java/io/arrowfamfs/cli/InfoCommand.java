package io.arrowfamfs.cli;

import io.arrowfamfs.catalog.Catalog;
import io.arrowfamfs.catalog.CatalogSnapshot;
import io.arrowfamfs.catalog.CorruptCatalogException;
import io.arrowfamfs.catalog.UnsupportedCatalogFormatException;
import io.arrowfamfs.catalog.VolumeSettings;
import io.arrowfamfs.famfs.Namespace;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.famfs.omf.Superblock;
import io.arrowfamfs.space.SpaceReport;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "info",
        description = "The superblock, this node's role (master or client), the log and space usage.",
        footer = "  arrow-famfs info --json --node-id 7c9e6679-7425-40de-944b-e07fc1f90ae7")
final class InfoCommand implements Callable<Integer> {
    @Mixin
    DeviceOptions device;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "print one JSON object on stdout instead of text")
    boolean json;

    /** What info shows of the catalog, read once: the tables' snapshot, the space, the settings. */
    private record CatalogView(CatalogSnapshot tables, SpaceReport space, VolumeSettings settings) {}

    /** The catalog's view, or why it cannot be read (info still reports the volume). */
    private static CatalogRead read(Volume volume) {
        try (Catalog catalog = Catalog.open(volume)) {
            return new CatalogRead(
                    Optional.of(new CatalogView(catalog.snapshot(), catalog.space(), catalog.settings())), "");
        } catch (CorruptCatalogException | UnsupportedCatalogFormatException e) {
            return new CatalogRead(Optional.empty(), e.getMessage());
        }
    }

    private record CatalogRead(Optional<CatalogView> view, String problem) {}

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Volume volume = device.open()) {
            Superblock sb = volume.superblock();
            Namespace ns = volume.namespace();
            CatalogRead catalog = read(volume);
            if (json) {
                try (Json j = new Json(out)) {
                    j.write(g -> {
                        g.writeStartObject();
                        g.writeStringField("device", volume.path().toString());
                        g.writeNumberField("famfs_version", sb.version().tsVersion());
                        g.writeStringField(
                                "omf_version",
                                sb.version().omfMajor() + "." + sb.version().omfMinor());
                        g.writeStringField("fs_uuid", sb.fsUuid().toString());
                        g.writeStringField("system_uuid", sb.systemUuid().toString());
                        g.writeStringField("node_id", volume.node().toString());
                        g.writeStringField("node_id_source", volume.node().source());
                        g.writeStringField("role", volume.role().label());
                        g.writeNumberField("device_size", sb.deviceSize());
                        g.writeNumberField("alloc_unit", sb.allocUnit());
                        g.writeNumberField("log_size", sb.logLength());
                        g.writeNumberField("log_entries_used", ns.entries());
                        g.writeNumberField("log_entries_total", ns.capacity());
                        g.writeNumberField("files", ns.files());
                        g.writeNumberField("directories", ns.directories());
                        g.writeNumberField("allocated_bytes", ns.allocatedBytes());
                        g.writeNumberField("free_bytes", ns.freeBytes());
                        g.writeNumberField("log_problems", ns.problems().size());
                        if (catalog.view().isPresent()) {
                            CatalogView view = catalog.view().get();
                            g.writeNumberField("tables", view.tables().tables().size());
                            g.writeNumberField("catalog_version", view.tables().version());
                            g.writeNumberField(
                                    "lease_ms", view.settings().lease().toMillis());
                            g.writeNumberField(
                                    "grace_ms", view.settings().grace().toMillis());
                            g.writeNumberField(
                                    "quarantine_ms",
                                    view.settings().quarantine().toMillis());
                            SpaceLines.write(g, view.space());
                        } else {
                            g.writeStringField("catalog_problem", catalog.problem());
                        }
                        g.writeEndObject();
                    });
                }
            } else {
                out.printf("device        %s%n", volume.path());
                out.printf(
                        "famfs         v%d (OMF %d.%d)%n",
                        sb.version().tsVersion(),
                        sb.version().omfMajor(),
                        sb.version().omfMinor());
                out.printf("fs uuid       %s%n", sb.fsUuid());
                out.printf("master        %s%n", sb.systemUuid());
                out.printf(
                        "this node     %s (from %s): %s%n",
                        volume.node(), volume.node().source(), volume.role().label());
                out.printf("device size   %s (%d bytes)%n", Sizes.human(sb.deviceSize()), sb.deviceSize());
                out.printf(
                        "log           %d of %d entries used (%s)%n",
                        ns.entries(), ns.capacity(), Sizes.human(sb.logLength()));
                out.printf("namespace     %d files, %d directories%n", ns.files(), ns.directories());
                out.printf(
                        "space         %s allocated, %s free%n",
                        Sizes.human(ns.allocatedBytes()), Sizes.human(ns.freeBytes()));
                if (catalog.view().isPresent()) {
                    CatalogView view = catalog.view().get();
                    out.printf(
                            "tables        %d, catalog version %d%n",
                            view.tables().tables().size(), view.tables().version());
                    out.printf(
                            "settings      lease %s, grace %s, quarantine %s%n",
                            Durations.format(view.settings().lease()),
                            Durations.format(view.settings().grace()),
                            Durations.format(view.settings().quarantine()));
                    SpaceLines.print(out, view.space());
                } else {
                    out.printf("tables        catalog unreadable: %s%n", catalog.problem());
                }
            }
            LsCommand.warnProblems(spec.commandLine().getErr(), ns);
        }
        return 0;
    }
}
