package io.arrowfamfs.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test that leaves a mapping behind: every region it mapped must be unmapped when it ends.
 * Reads arrow-famfs's {@code io.arrowfamfs:type=NativeResources} MBean, so the kit needs no
 * compile-time dependency on the library it tests.
 */
public final class LeakCheck implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LeakCheck.class);
    private static final String MBEAN = "io.arrowfamfs:type=NativeResources";

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NS).put("mappings", attribute("LiveMappings"));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        long before = context.getStore(NS).get("mappings", Long.class);
        assertEquals(before, attribute("LiveMappings"), "mappings leaked by " + context.getDisplayName()
                + " (" + attribute("LiveMappedBytes") + " bytes still mapped)");
    }

    /** The MBean's attribute, or 0 while nothing has been mapped (the MBean registers on first use). */
    static long attribute(String name) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            return (Long) server.getAttribute(new ObjectName(MBEAN), name);
        } catch (InstanceNotFoundException e) {
            return 0;
        } catch (JMException e) {
            throw new AssertionError("cannot read " + MBEAN + " " + name, e);
        }
    }
}
