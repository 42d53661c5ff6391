package io.arrowfamfs.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JvmFlagsTest {
    @Test
    void theDriverNamesTheFlagsTheBuildReadFromTheSameSource() {
        // The build reads arrowfamfs.jvm.flags from the core's jvm-flags.properties into this JVM's
        // system properties; the driver reads the same file from its class path.
        assertEquals(System.getProperty("arrowfamfs.jvm.flags"), JvmFlags.flags());
    }

    @Test
    void theseFlagsLetThisJvmPassTheDriversCheck() throws Exception {
        JvmFlags.check();
    }
}
