package io.arrowfamfs.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.arrowfamfs.nativeio.MappedRegion;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Fails a test that leaves a mapping behind: every region it mapped must be unmapped when it ends. */
public final class LeakCheck implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LeakCheck.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NS).put("mappings", MappedRegion.liveMappings());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        long before = context.getStore(NS).get("mappings", Long.class);
        assertEquals(before, MappedRegion.liveMappings(), "mappings leaked by " + context.getDisplayName()
                + " (" + MappedRegion.liveBytes() + " bytes still mapped)");
    }
}
