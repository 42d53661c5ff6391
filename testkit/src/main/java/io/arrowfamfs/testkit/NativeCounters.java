package io.arrowfamfs.testkit;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Mappings, slices of them, Arrow C streams and stream slots arrow-famfs holds, read from its platform MBean
 * {@value #MBEAN} through JMX, so the kit needs no compile-time dependency on the library. Before
 * arrow-famfs maps or streams anything the MBean is not registered and every count is zero.
 */
final class NativeCounters implements Probe<NativeCounters.Counts> {
    static final String MBEAN = "io.arrowfamfs:type=NativeResources";

    /** The counters at one moment. */
    record Counts(long mappings, long mappedBytes, long slices, long streams, long slots) {}

    @Override
    public Counts snapshot() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            ObjectName name = new ObjectName(MBEAN);
            if (!server.isRegistered(name)) {
                return new Counts(0, 0, 0, 0, 0);
            }
            return new Counts(
                    attribute(server, name, "LiveMappings"),
                    attribute(server, name, "LiveMappedBytes"),
                    attribute(server, name, "LiveSlices"),
                    attribute(server, name, "LiveStreams"),
                    attribute(server, name, "LiveStreamSlots"));
        } catch (InstanceNotFoundException e) {
            return new Counts(0, 0, 0, 0, 0);
        } catch (JMException e) {
            throw new AssertionError("leak check failed: cannot read mbean=" + MBEAN + " error=" + e, e);
        }
    }

    private static long attribute(MBeanServer server, ObjectName name, String attribute) throws JMException {
        return ((Number) server.getAttribute(name, attribute)).longValue();
    }

    @Override
    public List<String> leaksSince(Counts before) {
        Counts now = snapshot();
        List<String> leaks = new ArrayList<>();
        if (now.mappings() > before.mappings()) {
            leaks.add("mappings not unmapped: count=" + (now.mappings() - before.mappings()) + " bytes="
                    + (now.mappedBytes() - before.mappedBytes()));
        }
        if (now.slices() > before.slices()) {
            leaks.add("slices of mappings not released (frames attached from a pool and not closed): count="
                    + (now.slices() - before.slices()));
        }
        if (now.streams() > before.streams()) {
            leaks.add("arrow c streams not closed (BorrowedArrayStream): count=" + (now.streams() - before.streams()));
        }
        if (now.slots() > before.slots()) {
            leaks.add("stream slots not closed (StreamSlot): count=" + (now.slots() - before.slots()));
        }
        return leaks;
    }
}
