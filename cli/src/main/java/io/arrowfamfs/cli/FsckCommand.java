package io.arrowfamfs.cli;

import io.arrowfamfs.catalog.CatalogCheck;
import io.arrowfamfs.famfs.Fsck;
import io.arrowfamfs.famfs.FsckReport;
import io.arrowfamfs.famfs.FsckReport.Finding;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "fsck",
        description = "Check the superblock, log, extents and catalog, read-only.",
        exitCodeList = {
            "0:clean (orphans are reported as notes, not damage)",
            "1:damaged, or the check failed",
            "2:usage error: unknown option, bad value"
        },
        footer = "  arrow-famfs fsck --json")
final class FsckCommand implements Callable<Integer> {
    @Mixin
    DeviceOptions device;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "print one JSON object on stdout instead of text")
    boolean json;

    @Override
    public Integer call() {
        FsckReport famfs = Fsck.check(device.existingDevice());
        List<Finding> findings = new ArrayList<>(famfs.findings());
        if (famfs.namespace() != null) {
            findings.addAll(CatalogCheck.check(device.device()));
        }
        FsckReport report =
                new FsckReport(famfs.device(), famfs.superblock(), famfs.header(), famfs.namespace(), findings);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            try (Json j = new Json(out)) {
                j.write(g -> {
                    g.writeStartObject();
                    g.writeStringField("device", report.device().toString());
                    g.writeBooleanField("clean", report.clean());
                    if (report.superblock() != null) {
                        g.writeNumberField(
                                "famfs_version", report.superblock().version().tsVersion());
                    }
                    if (report.namespace() != null) {
                        g.writeNumberField("log_entries", report.namespace().entries());
                        g.writeNumberField("files", report.namespace().files());
                        g.writeNumberField("directories", report.namespace().directories());
                        g.writeNumberField("allocated_bytes", report.namespace().allocatedBytes());
                        g.writeNumberField("free_bytes", report.namespace().freeBytes());
                    }
                    g.writeArrayFieldStart("findings");
                    for (Finding f : report.findings()) {
                        g.writeStartObject();
                        g.writeStringField("severity", f.severity().name().toLowerCase(java.util.Locale.ROOT));
                        g.writeStringField("where", f.where());
                        g.writeStringField("message", f.message());
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                });
            }
        } else {
            out.printf("fsck %s%n", report.device());
            if (report.superblock() != null) {
                out.printf(
                        "  superblock   ok: famfs v%d, %s, master %s%n",
                        report.superblock().version().tsVersion(),
                        Sizes.human(report.superblock().deviceSize()),
                        report.superblock().systemUuid());
            }
            if (report.namespace() != null) {
                out.printf(
                        "  log          %d of %d entries checked%n",
                        report.namespace().entries(), report.namespace().capacity());
                out.printf(
                        "  namespace    %d files, %d directories, %s allocated, %s free%n",
                        report.namespace().files(),
                        report.namespace().directories(),
                        Sizes.human(report.namespace().allocatedBytes()),
                        Sizes.human(report.namespace().freeBytes()));
            }
            for (Finding f : report.findings()) {
                out.printf(
                        "  %-6s %s: %s%n",
                        f.severity() == FsckReport.Severity.DAMAGE ? "DAMAGE" : "note", f.where(), f.message());
            }
            out.println(report.clean() ? "clean" : "DAMAGED");
        }
        return report.clean() ? 0 : Main.FAILED;
    }
}
