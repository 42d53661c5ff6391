package io.arrowfamfs.cli;

import io.arrowfamfs.famfs.Volume;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "mkdir", description = "Make a famfs directory (master only).")
final class MkdirCommand implements Callable<Integer> {
    @Mixin DeviceOptions device;

    @Option(names = {"-m", "--mode"}, paramLabel = "MODE", defaultValue = "0755", description = "octal permission bits")
    String mode;

    @Option(names = {"-p", "--parents"}, description = "make missing parents, and accept an existing directory")
    boolean parents;

    @Parameters(paramLabel = "PATH")
    String path;

    @Override
    public Integer call() {
        int bits = Modes.parse(mode);
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
