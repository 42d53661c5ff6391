package io.arrowfamfs.cli;

import io.arrowfamfs.catalog.LegacyMigration;
import io.arrowfamfs.famfs.Volume;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
        name = "migrate",
        description = {
            "Convert a device's format-1 catalog (one famfs file per frame) to pools (master only).",
            "Every frame is checked and copied; nothing published is lost, and a migration killed half-way",
            "resumes where it stopped. The old files stay: famfs cannot free them (fsck reports them)."
        },
        footer = "  arrow-famfs migrate -d /dev/shm/old.img")
final class MigrateCommand implements Callable<Integer> {
    @Mixin
    DeviceOptions device;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Volume volume = device.open();
                BufferAllocator allocator = new RootAllocator()) {
            if (!LegacyMigration.needed(volume)) {
                out.printf("nothing to migrate: %s has no format-1 catalog left to convert%n", volume.path());
                return 0;
            }
            LegacyMigration.Result result = LegacyMigration.migrate(volume, allocator);
            out.printf(
                    "migrated %d tables: %d frames copied (%s) from %d format-1 commits%n",
                    result.tables(), result.framesCopied(), Sizes.human(result.bytesCopied()), result.legacyCommits());
        }
        return 0;
    }
}
