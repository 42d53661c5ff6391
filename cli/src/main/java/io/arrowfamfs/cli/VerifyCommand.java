package io.arrowfamfs.cli;

import io.arrowfamfs.catalog.FrameRef;
import io.arrowfamfs.catalog.TableState;
import io.arrowfamfs.frame.CorruptFrameException;
import io.arrowfamfs.frame.Frame;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "verify",
        description = "Check every frame of TABLE against its CRC32C checksums.",
        exitCodeList = {
            "0:every frame intact",
            "1:a frame is damaged, or the check failed",
            "2:usage error: unknown option, missing TABLE"
        },
        footer = "  arrow-famfs verify flights")
final class VerifyCommand implements Callable<Integer> {
    @Mixin
    DeviceOptions device;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "TABLE", description = "the table to check")
    String table;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        int damaged = 0;
        try (Tables tables = new Tables(device)) {
            TableState state = tables.catalog.snapshot().require(table);
            for (FrameRef ref : state.frames()) {
                try (Frame frame = tables.catalog.attach(ref, tables.allocator, false)) {
                    frame.verify();
                    out.printf("ok       %s  %,d rows  %d batches%n", ref.name(), frame.rows(), frame.batchCount());
                } catch (CorruptFrameException e) {
                    damaged++;
                    out.printf("DAMAGED  %s  %s%n", ref.name(), e.getMessage());
                }
            }
            out.printf("%s: %d frames, %d damaged%n", table, state.frames().size(), damaged);
        }
        return damaged == 0 ? 0 : Main.FAILED;
    }
}
