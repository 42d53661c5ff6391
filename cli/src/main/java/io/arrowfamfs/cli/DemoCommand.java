package io.arrowfamfs.cli;

import io.arrowfamfs.catalog.FrameRef;
import io.arrowfamfs.catalog.TableImport;
import io.arrowfamfs.catalog.TableState;
import io.arrowfamfs.famfs.Mkfs;
import io.arrowfamfs.famfs.MkfsOptions;
import io.arrowfamfs.query.ImportSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The main job: a device (created if missing), the flights dataset published as a table by this
 * node (the master), then N reader processes, each its own client node, that attach every frame
 * zero-copy and aggregate it, and report how much memory they hold together.
 */
@Command(
        name = "demo",
        description = {
            "The main job: publish the flights dataset as table flights from this node (the"
                    + " master), then attach and aggregate it from reader processes, each its own client node, and report the"
                    + " memory they hold together.",
            "Creates a 1 GiB device if there is none; publishes only once."
        },
        exitCodeList = {
            "0:every reader got the same answer",
            "1:a reader disagreed or failed",
            "2:usage error: unknown option, bad value"
        },
        footer = "  arrow-famfs demo --readers 8")
final class DemoCommand implements Callable<Integer> {
    static final String DATASET_PROPERTY = "arrowfamfs.datasets";
    private static final long DEFAULT_SIZE = 1L << 30;
    private static final String TABLE = "flights";

    @Mixin
    DeviceOptions device;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--readers",
            paramLabel = "N",
            defaultValue = "4",
            description = "reader processes, 1 to 64 (default: ${DEFAULT-VALUE})")
    int readers;

    @Override
    public Integer call() throws Exception {
        if (readers < 1 || readers > 64) {
            throw new ParameterException(spec.commandLine(), "--readers must be 1..64: " + readers);
        }
        PrintWriter out = spec.commandLine().getOut();
        Path dev = device.device();
        if (!Files.exists(dev)) {
            Mkfs.format(dev, MkfsOptions.of(DEFAULT_SIZE, device.node()));
            out.printf("created device %s (%s); this node is its master%n", dev, Sizes.human(DEFAULT_SIZE));
        }
        TableState table = publish(out);
        out.printf("%nstarting %d reader processes, each its own client node...%n", readers);
        List<ChildJvm> processes = new ArrayList<>();
        try {
            for (int i = 0; i < readers; i++) {
                processes.add(ChildJvm.start(
                        Main.class.getName(),
                        List.of(),
                        "demo-reader",
                        "-d",
                        dev.toString(),
                        "--node-id",
                        readerNode(dev, i).toString(),
                        TABLE));
            }
            return report(out, table, processes);
        } finally {
            processes.forEach(ChildJvm::close);
        }
    }

    /**
     * Reader {@code i}'s node: the same for every run on one device, so that runs reuse the
     * readers' host pin tables ({@code /dev/shm/arrow-famfs-pins-*}) instead of leaving new ones.
     */
    static UUID readerNode(Path dev, int i) {
        return UUID.nameUUIDFromBytes(
                ("arrow-famfs demo reader " + i + " of " + dev.toAbsolutePath().normalize())
                        .getBytes(StandardCharsets.UTF_8));
    }

    /** Reads every reader's result, releases them together, and prints what they hold. */
    private int report(PrintWriter out, TableState table, List<ChildJvm> processes) throws Exception {
        out.printf(
                "%-6s %-36s %-6s %11s %11s %9s %12s %9s %9s%n",
                "reader", "node", "role", "attach ms", "warm attach", "scan ms", "rows", "avg delay", "avg dist");
        boolean ok = true;
        String expected = null;
        for (int i = 0; i < readers; i++) {
            String[] f = processes.get(i).expect("ready");
            long rows = Long.parseLong(f[6]);
            String result = f[6] + " " + f[7] + " " + f[8] + " " + f[9];
            ok &= rows == table.rows() && (expected == null || expected.equals(result));
            expected = expected == null ? result : expected;
            out.printf(
                    Locale.ROOT,
                    "%-6d %-36s %-6s %11s %11s %9s %,12d %9.2f %9.1f%n",
                    i,
                    f[1],
                    f[2],
                    f[3],
                    f[4],
                    f[5],
                    rows,
                    Double.parseDouble(f[7]) / rows,
                    Double.parseDouble(f[8]) / rows);
        }
        long sumPss = 0;
        long maxRss = 0;
        for (ChildJvm process : processes) {
            process.tell("report");
        }
        for (ChildJvm process : processes) {
            String[] f = process.expect("memory");
            ok &= process.waitFor() == 0;
            maxRss = Math.max(maxRss, Long.parseLong(f[1]));
            sumPss += Long.parseLong(f[2]);
        }
        out.printf(
                "%nframes: %s in shared memory; each reader maps all of it (RSS up to %s);%n",
                Sizes.human(table.bytes()), Sizes.human(maxRss));
        out.printf(
                Locale.ROOT,
                "the %d readers together hold %s (sum of PSS): %.2fx one copy of the frames%n",
                readers,
                Sizes.human(sumPss),
                (double) sumPss / table.bytes());
        out.println(
                ok
                        ? "every reader got the same answer over all " + String.format("%,d", table.rows()) + " rows"
                        : "demo FAILED");
        return ok ? 0 : Main.FAILED;
    }

    /** Publishes the flights table unless it is already there; returns it. */
    private TableState publish(PrintWriter out) throws Exception {
        try (Tables tables = new Tables(device)) {
            TableState existing = tables.catalog.snapshot().table(TABLE).orElse(null);
            if (existing != null && existing.rows() > 0) {
                out.printf(
                        "table %s already published: %,d rows in %d frames (%s)%n",
                        TABLE, existing.rows(), existing.frames().size(), Sizes.human(existing.bytes()));
                return existing;
            }
            Path source = source(out);
            long start = System.nanoTime();
            try (ImportSource input = ImportSource.open(source, tables.allocator, TableImport.DEFAULT_BATCH_ROWS)) {
                Progress progress = new Progress(spec.commandLine().getErr(), "publish " + source.getFileName());
                FrameRef frame = TableImport.run(
                        tables.catalog,
                        TABLE,
                        input.reader(),
                        tables.allocator,
                        TableImport.DEFAULT_BATCH_ROWS,
                        TableImport.DEFAULT_DICTIONARY_THRESHOLD,
                        progress);
                progress.done();
                out.printf(
                        "master %s published %s as table %s: %,d rows, %d batches, %s in %.0f ms%n",
                        tables.volume.node(),
                        source.getFileName(),
                        TABLE,
                        frame.rows(),
                        frame.batches(),
                        Sizes.human(frame.bytes()),
                        (System.nanoTime() - start) / 1e6);
            }
            return tables.catalog.snapshot().require(TABLE);
        }
    }

    private static Path source(PrintWriter out) throws IOException {
        String datasets = System.getProperty(DATASET_PROPERTY);
        if (datasets != null) {
            Path flights = Path.of(datasets, "flights-3m.parquet");
            if (Files.isReadable(flights)) {
                return flights;
            }
        }
        out.println("flights dataset not found; generating 3,000,000 synthetic flights");
        return DemoData.generate(3_000_000);
    }
}
