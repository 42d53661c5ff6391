package io.arrowfamfs.cli;

import io.arrowfamfs.famfs.Volume;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "mkdir",
        description = "Make a famfs directory (master only).",
        footer = "  arrow-famfs mkdir -p data/raw")
final class MkdirCommand implements Callable<Integer> {
    @Mixin
    DeviceOptions device;

    @Option(
            names = {"-m", "--mode"},
            paramLabel = "MODE",
            defaultValue = "0755",
            converter = Modes.class,
            description = "octal permission bits (default: ${DEFAULT-VALUE})")
    int mode;

    @Option(
            names = {"-p", "--parents"},
            description = "make missing parents, and accept an existing directory")
    boolean parents;

    @Parameters(paramLabel = "PATH", description = "the directory to make, relative to the root")
    String path;

    @Override
    public Integer call() {
        int bits = mode;
        try (Volume volume = device.open()) {
            if (!parents) {
                volume.mkdir(path, bits);
                return 0;
            }
            StringBuilder prefix = new StringBuilder();
            for (String component : path.replaceAll("^/+|/+$", "").split("/")) {
                prefix.append(prefix.length() == 0 ? "" : "/").append(component);
                if (volume.namespace().lookup(prefix.toString()).isEmpty()) {
                    volume.mkdir(prefix.toString(), bits);
                }
            }
        }
        return 0;
    }
}
