package io.arrowfamfs.hosts;

import io.arrowfamfs.famfs.NodeId;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.famfs.VolumeOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code DEVICE NODE PINS_DIR}: an arrow-famfs process of host NODE running a host agent
 * candidate ({@link HostsVolume#PROCESSES} timing, catalog count 42). Prints "started", then
 * "elected" when it becomes the host's agent. Commands on stdin: "pin" pins and waits for a
 * lease, printing "pinned COUNT"; "check" checks that pin's lease, printing "ok" or "expired
 * TYPE MESSAGE". Exits when stdin closes.
 */
public final class HostProcess {
    public static void main(String[] args) throws Exception {
        NodeId node = new NodeId(UUID.fromString(args[1]), "test");
        try (Volume volume = Volume.open(Path.of(args[0]), VolumeOptions.of(node));
                HostsFile hosts = HostsFile.open(volume);
                Pins pins = Pins.open(Path.of(args[2]), volume.filesystemUuid(), HostsVolume.PROCESSES);
                HostAgent agent =
                        HostAgent.start(hosts, pins, HostIdentity.of(node), () -> 42, HostsVolume.PROCESSES)) {
            say("started");
            Thread watcher = new Thread(() -> {
                while (!agent.isAgent()) {
                    LockSupport.parkNanos(5_000_000);
                }
                say("elected");
            });
            watcher.setDaemon(true);
            watcher.start();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            Pin pin = null;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.equals("pin")) {
                    pin = pins.pin(() -> 42);
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (!HostsVolume.joined(pin.lease()) && System.nanoTime() - deadline < 0) {
                        pin.close();
                        LockSupport.parkNanos(10_000_000);
                        pin = pins.pin(() -> 42);
                    }
                    say("pinned " + pin.count());
                } else if (line.equals("check")) {
                    try {
                        pin.lease().check();
                        say("ok");
                    } catch (LeaseExpiredException e) {
                        say("expired " + e.getClass().getSimpleName() + " " + e.getMessage());
                    }
                }
            }
        }
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
