package io.arrowfamfs.catalog;

import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.famfs.VolumeOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

/**
 * A process on the master host that serves as the master's agent (as {@code arrow-famfs agent}
 * does) until its stdin closes or it is killed. Args: device. Prints "agent" once its lease
 * tracker is elected, so it commits the outboxes.
 */
public final class MasterAgentProcess {
    private MasterAgentProcess() {}

    public static void main(String[] args) throws Exception {
        try (Volume volume = Volume.open(Path.of(args[0]), VolumeOptions.of(CatalogTest.MASTER));
                Catalog catalog = Catalog.open(volume)) {
            catalog.serveAsAgent();
            while (!catalog.isMasterAgent()) {
                LockSupport.parkNanos(1_000_000);
            }
            System.out.println("agent");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        }
    }
}
