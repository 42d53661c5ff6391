package io.arrowfamfs.cli;

import io.arrowfamfs.ArrowFamfsException;
import io.arrowfamfs.famfs.FamfsNode;
import io.arrowfamfs.famfs.FamfsNode.FamfsFile;
import io.arrowfamfs.famfs.Mkfs;
import io.arrowfamfs.famfs.MkfsOptions;
import io.arrowfamfs.famfs.Placement;
import io.arrowfamfs.famfs.Role;
import io.arrowfamfs.famfs.Volume;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.zip.CRC32;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The main job: a device (created if missing), the flights dataset copied into famfs by this
 * node (the master), then N reader processes, each its own client node, that replay the log,
 * map the file through its extent map, check every byte, and are refused a write.
 */
@Command(name = "demo", description = "The main job: publish a dataset and read it from several client processes.")
final class DemoCommand implements Callable<Integer> {
    static final String DATASET_PROPERTY = "arrowfamfs.datasets";
    private static final long DEFAULT_SIZE = 1L << 30;

    @Mixin DeviceOptions device;
    @Spec CommandSpec spec;

    @Option(names = "--readers", defaultValue = "4", description = "reader processes (default: 4)")
    int readers;

    @Option(names = "--source", paramLabel = "FILE",
            description = "file to share (default: the flights dataset, else generated data)")
    Path source;

    @Override
    public Integer call() throws Exception {
        if (readers < 1 || readers > 64) {
            throw new IllegalArgumentException("--readers must be 1..64: " + readers);
        }
        PrintWriter out = spec.commandLine().getOut();
        Path dev = device.device();
        if (!Files.exists(dev)) {
            Mkfs.format(dev, MkfsOptions.of(DEFAULT_SIZE, device.node()));
            out.printf("created device %s (%s), this node is its master%n", dev, Sizes.human(DEFAULT_SIZE));
        }
        Path input = source != null ? source : defaultSource(out);
        String target = "demo/" + input.getFileName();
        long expectedCrc = crc(input);
        try (Volume volume = device.open()) {
            FamfsNode existing = volume.namespace().lookup(target).orElse(null);
            if (existing instanceof FamfsFile file && file.size() == Files.size(input)) {
                out.printf("reusing %s (%s) already on the device%n", target, Sizes.human(file.size()));
            } else if (existing != null) {
                throw new ArrowFamfsException("demo target exists with other contents: path=" + target
                        + "; famfs has no delete: use another --device or --source");
            } else {
                if (volume.role() != Role.MASTER) {
                    throw new ArrowFamfsException("demo must publish from the device's master: node=" + volume.node()
                            + " master=" + volume.superblock().systemUuid() + "; hint: use a new --device");
                }
                if (volume.namespace().lookup("demo").isEmpty()) {
                    volume.mkdir("demo", 0755);
                }
                long start = System.nanoTime();
                FamfsFile file = volume.copyIn(input, target, 0644, Placement.PACKED);
                out.printf("master %s copied %s into %s: %s in %.1f ms (allocate, copy, write back, log)%n",
                        volume.node(), input.getFileName(), target, Sizes.human(file.size()),
                        (System.nanoTime() - start) / 1e6);
            }
        }
        out.printf("starting %d reader processes, each its own client node...%n", readers);
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < readers; i++) {
            processes.add(startReader(dev, target));
        }
        out.printf("%-7s %-36s %-7s %9s %9s %-6s %s%n", "reader", "node", "role", "map ms", "scan ms", "bytes", "write");
        boolean ok = true;
        for (int i = 0; i < readers; i++) {
            Process process = processes.get(i);
            String line = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            int status = process.waitFor();
            String[] f = line.split(" ");
            if (status != 0 || f.length != 6) {
                out.printf("%-7d failed (exit %d): %s%n", i, status, line);
                ok = false;
                continue;
            }
            boolean match = Long.parseLong(f[4], 16) == expectedCrc;
            ok &= match && f[5].equals("refused");
            out.printf("%-7d %-36s %-7s %9s %9s %-6s %s%n", i, f[0], f[1], f[2], f[3], match ? "ok" : "WRONG", f[5]);
        }
        out.println(ok ? "all readers saw the published bytes and none could write" : "demo FAILED");
        return ok ? 0 : Main.FAILED;
    }

    private Process startReader(Path dev, String target) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(List.of("demo-reader", "-d", dev.toString(), "--node-id", UUID.randomUUID().toString(), target));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** The flights dataset if it is there, else 64 MiB of generated data in a temporary file. */
    private static Path defaultSource(PrintWriter out) throws IOException {
        String datasets = System.getProperty(DATASET_PROPERTY);
        if (datasets != null) {
            Path flights = Path.of(datasets, "flights-3m.parquet");
            if (Files.isReadable(flights)) {
                return flights;
            }
        }
        Path generated = Path.of(System.getProperty("java.io.tmpdir"), "arrow-famfs-demo-64m.bin");
        if (!Files.exists(generated)) {
            out.println("flights dataset not found; generating 64 MiB of data");
            Random random = new Random(42);
            byte[] block = new byte[1 << 20];
            try (OutputStream stream = Files.newOutputStream(generated)) {
                for (int i = 0; i < 64; i++) {
                    random.nextBytes(block);
                    stream.write(block);
                }
            }
        }
        return generated;
    }

    private static long crc(Path file) {
        CRC32 crc = new CRC32();
        try {
            crc.update(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return crc.getValue();
    }
}
