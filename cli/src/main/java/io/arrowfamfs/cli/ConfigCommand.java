package io.arrowfamfs.cli;

import io.arrowfamfs.catalog.VolumeSettings;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "config",
        description = "The volume's reclamation settings, kept in its catalog for every host.",
        subcommands = {HelpCommand.class, ConfigCommand.Set.class})
final class ConfigCommand {
    @Command(
            name = "set",
            description = {
                "Change a setting (master only): lease (how long a silent host keeps its slot), grace (how",
                "long an expelled host's pins still count) or quarantine (how long retired space waits,",
                "once no host reads it, before it is reused)."
            },
            footer = {"  arrow-famfs config set lease 2s", "  arrow-famfs config set quarantine 1m"})
    static final class Set implements Callable<Integer> {
        @Mixin
        DeviceOptions device;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", description = "lease, grace or quarantine")
        String name;

        @Parameters(
                index = "1",
                paramLabel = "VALUE",
                converter = Durations.class,
                description = "a duration: 300ms, 5s, 2m, 1h")
        Duration value;

        @Override
        public Integer call() {
            try (Tables tables = new Tables(device)) {
                VolumeSettings settings = tables.catalog.configure(name, value);
                PrintWriter out = spec.commandLine().getOut();
                out.printf(
                        "lease %s, grace %s, quarantine %s%n",
                        Durations.format(settings.lease()),
                        Durations.format(settings.grace()),
                        Durations.format(settings.quarantine()));
            }
            return 0;
        }
    }
}
