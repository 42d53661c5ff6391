package io.arrowfamfs.nativeio;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * The counters behind {@link NativeResourcesMXBean}, registered with the platform MBean server
 * when the first region is mapped or the first stream is created. Registration failure (a
 * security manager, a name taken by another class loader's copy) leaves the counters working and
 * only unpublished.
 */
final class NativeResources implements NativeResourcesMXBean {
    static final String OBJECT_NAME = "io.arrowfamfs:type=NativeResources";
    static final NativeResources INSTANCE = register(new NativeResources());

    private final AtomicLong liveMappings = new AtomicLong();
    private final AtomicLong liveMappedBytes = new AtomicLong();
    private final AtomicLong liveSlices = new AtomicLong();
    private final AtomicLong liveStreams = new AtomicLong();
    private final AtomicLong liveStreamSlots = new AtomicLong();
    private final AtomicLong invalidatedBytes = new AtomicLong();

    private NativeResources() {}

    private static NativeResources register(NativeResources resources) {
        try {
            ManagementFactory.getPlatformMBeanServer().registerMBean(resources, new ObjectName(OBJECT_NAME));
        } catch (JMException | SecurityException e) {
            // Unpublished; MappedRegion.liveMappings() still answers in-process.
        }
        return resources;
    }

    void mapped(long bytes) {
        liveMappings.incrementAndGet();
        liveMappedBytes.addAndGet(bytes);
    }

    void unmapped(long bytes) {
        liveMappings.decrementAndGet();
        liveMappedBytes.addAndGet(-bytes);
    }

    void sliced() {
        liveSlices.incrementAndGet();
    }

    void sliceReleased() {
        liveSlices.decrementAndGet();
    }

    void invalidated(long bytes) {
        invalidatedBytes.addAndGet(bytes);
    }

    void streamOpened() {
        liveStreams.incrementAndGet();
    }

    void streamClosed() {
        liveStreams.decrementAndGet();
    }

    void slotOpened() {
        liveStreamSlots.incrementAndGet();
    }

    void slotClosed() {
        liveStreamSlots.decrementAndGet();
    }

    @Override
    public long getLiveMappings() {
        return liveMappings.get();
    }

    @Override
    public long getLiveMappedBytes() {
        return liveMappedBytes.get();
    }

    @Override
    public long getLiveSlices() {
        return liveSlices.get();
    }

    @Override
    public long getInvalidatedBytes() {
        return invalidatedBytes.get();
    }

    @Override
    public long getLiveStreams() {
        return liveStreams.get();
    }

    @Override
    public long getLiveStreamSlots() {
        return liveStreamSlots.get();
    }
}
