package io.arrowfamfs.cli;

import io.arrowfamfs.catalog.Catalog;
import io.arrowfamfs.hosts.HostSettings;
import io.arrowfamfs.hosts.HostView;
import io.arrowfamfs.hosts.HostsFile;
import io.arrowfamfs.hosts.HostsSurvey;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "hosts",
        description = {
            "Every host in the volume's host table: its slot, state, heartbeat age, heartbeats seen,",
            "the catalog count it has seen, its lowest pin and its lease; then join requests waiting",
            "for a slot. Watches the table for a while (--watch) to tell live hosts from silent ones;",
            "writes nothing and takes no slot."
        },
        footer = {"  arrow-famfs hosts -d /dev/shm/mine.img", "  arrow-famfs hosts --watch 2s --json"})
final class HostsCommand implements Callable<Integer> {
    @Mixin
    DeviceOptions device;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--watch",
            converter = Durations.class,
            paramLabel = "DURATION",
            description = "how long to watch heartbeats (default: three heartbeat periods)")
    Duration watch;

    @Option(names = "--json", description = "print one JSON object on stdout instead of text")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Tables tables = new Tables(device);
                HostsFile hosts = HostsFile.open(tables.volume())) {
            Catalog catalog = tables.catalog();
            HostSettings settings = catalog.hostSettings();
            Duration window = watch != null ? watch : settings.period().multipliedBy(3);
            List<HostView> views = HostsSurvey.watch(hosts, settings, window);
            if (json) {
                printJson(out, views, settings, window);
            } else {
                printText(out, views, hosts.slots(), window);
            }
        }
        return 0;
    }

    private static void printText(PrintWriter out, List<HostView> views, int slots, Duration window) {
        out.printf(
                "%d of %d slots in use, watched %s%n",
                views.stream().filter(v -> v.slot() >= 0).count(), slots, Durations.format(window));
        out.printf(
                "%-5s %-36s %-9s %-4s %-10s %-10s %-10s %-10s %s%n",
                "SLOT", "HOST", "STATE", "GEN", "HEARTBEAT", "SEEN", "CATALOG", "LOWEST_PIN", "LEASE");
        for (HostView v : views) {
            out.printf(
                    "%-5s %-36s %-9s %-4d %-10s %-10d %-10d %-10s %s%n",
                    v.slot() < 0 ? "-" : Integer.toString(v.slot()),
                    v.host(),
                    v.state(),
                    v.generation(),
                    age(v.sinceHeartbeatNanos(), window),
                    v.seenCount(),
                    v.catalogSeen(),
                    v.lowestPin().isPresent() ? Long.toString(v.lowestPin().getAsLong()) : "none",
                    v.lease());
        }
    }

    private static String age(OptionalLong nanos, Duration window) {
        return nanos.isPresent()
                ? Durations.format(Duration.ofNanos(nanos.getAsLong())) + " ago"
                : ">" + Durations.format(window);
    }

    private static void printJson(PrintWriter out, List<HostView> views, HostSettings settings, Duration window) {
        try (Json j = new Json(out)) {
            j.write(g -> {
                g.writeStartObject();
                g.writeNumberField("lease_ms", settings.lease().toMillis());
                g.writeNumberField("grace_ms", settings.grace().toMillis());
                g.writeNumberField("period_ms", settings.period().toMillis());
                g.writeNumberField("watched_ms", window.toMillis());
                g.writeArrayFieldStart("hosts");
                for (HostView v : views) {
                    g.writeStartObject();
                    g.writeNumberField("slot", v.slot());
                    g.writeStringField("host", v.host().toString());
                    g.writeStringField("boot_id", v.bootId().toString());
                    g.writeStringField("state", v.state());
                    g.writeNumberField("generation", v.generation());
                    if (v.sinceHeartbeatNanos().isPresent()) {
                        g.writeNumberField(
                                "heartbeat_age_ms", v.sinceHeartbeatNanos().getAsLong() / 1_000_000);
                    } else {
                        g.writeNullField("heartbeat_age_ms");
                    }
                    g.writeNumberField("seen_count", v.seenCount());
                    g.writeNumberField("catalog_seen", v.catalogSeen());
                    if (v.lowestPin().isPresent()) {
                        g.writeNumberField("lowest_pin", v.lowestPin().getAsLong());
                    } else {
                        g.writeNullField("lowest_pin");
                    }
                    g.writeStringField("lease", v.lease());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            });
        }
    }
}
