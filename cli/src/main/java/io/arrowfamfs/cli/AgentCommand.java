package io.arrowfamfs.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
        name = "agent",
        description = {
            "Run in the foreground as this host's agent, until stopped (SIGTERM or SIGINT). On the",
            "master: the master's agent (leases, reclamation, the outboxes of client nodes), elected",
            "among the arrow-famfs processes of the master host. On any host: the host agent that",
            "heartbeats for the host's readers. Prints a line when this process takes a role or loses it."
        },
        footer = {
            "  arrow-famfs agent -d /dev/dax0.0",
            "  arrow-famfs agent -d /dev/shm/mine.img --node-id 7c9e6679-7425-40de-944b-e07fc1f90ae7"
        })
final class AgentCommand implements Callable<Integer> {
    @Mixin
    DeviceOptions device;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                stopped.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        try (Tables tables = new Tables(device)) {
            tables.catalog.serveAsAgent();
            out.printf(
                    "agent for %s: node %s (%s)%n",
                    tables.volume.path(),
                    tables.volume.node(),
                    tables.volume.role().label());
            out.flush();
            boolean master = false;
            boolean host = false;
            while (!stop.await(tables.catalog.hostSettings().period().toMillis(), TimeUnit.MILLISECONDS)) {
                if (tables.catalog.isMasterAgent() != master) {
                    master = !master;
                    out.println(
                            master
                                    ? "the master's agent: leases, reclamation, outboxes"
                                    : "no longer the master's agent");
                    out.flush();
                }
                if (tables.catalog.isHostAgent() != host) {
                    host = !host;
                    out.println(host ? "the host agent: heartbeats for this host" : "no longer the host agent");
                    out.flush();
                }
            }
            out.println("stopping");
            out.flush();
        } finally {
            stopped.countDown();
        }
        return 0;
    }
}
