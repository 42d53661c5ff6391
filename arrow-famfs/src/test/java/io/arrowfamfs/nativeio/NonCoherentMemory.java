package io.arrowfamfs.nativeio;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Memory shared by simulated hosts without cache coherence, for tests of shared-memory protocols
 * (publish with write-back and fence, read after invalidate, one writing host per cache line).
 *
 * <p>The memory is a real mapped region. Each host gets a view of it ({@link #host}): a
 * {@link MappedRegion} whose loads and stores go to that host's private copies of 64-byte cache
 * lines ({@link HostCache}), whose {@code writeBack} moves the host's dirty lines in the range to
 * memory and whose {@code invalidate} drops the host's lines in the range (writing dirty ones back
 * first, as CLFLUSHOPT does), whatever {@link CachePolicy} the caller passes. Code under test
 * cannot tell a view from a mapping: the protocol runs unchanged. Arrow vectors read memory by
 * address, past the views: only what goes through {@code MappedRegion}'s accessors is simulated.
 *
 * <p><b>Random events</b>, from one {@link Random} seeded at construction so that a failure
 * reproduces (put {@link #toString()}, which names the seed, in failure messages): before every
 * access of any host, a random host may evict some of its dirty lines (each with probability one
 * half, in random order: partial and out of order) or drop some clean ones; after a load, the host
 * may prefetch the next line (clean, from memory), as adjacent-line prefetchers do; and the
 * action given to {@link #interleave} may run, so that other hosts act between any two accesses of
 * a protocol step, deterministically in one thread.
 *
 * <p><b>Checks.</b> A line stored into by two different hosts over the memory's life is a
 * {@link #violations() violation}. Every invalidation is recorded ({@link #invalidations}). For
 * showing that the simulator catches bugs, {@link #skipWriteBacks} and {@link #skipInvalidates}
 * make a host drop chosen operations, as code missing them would.
 *
 * <p>Not thread-safe in effect: every method is synchronized, but the interleavings are only
 * reproducible when one thread drives all hosts. {@link #close()} writes back every dirty line and
 * releases the views; the memory region stays the caller's.
 */
public final class NonCoherentMemory implements AutoCloseable {
    /** The cache line size the simulation uses, in bytes. */
    public static final int LINE = 64;

    private final MappedRegion memory;
    private final long seed;
    private final Random random;
    private final Map<String, HostCache> hosts = new LinkedHashMap<>();
    private final List<MappedRegion> views = new ArrayList<>();
    /** Per line, the host that stored into it first; null while no host has. */
    private final String[] writers;

    private final List<String> violations = new ArrayList<>();
    private final List<Invalidation> invalidations = new ArrayList<>();
    private final List<Fault> faults = new ArrayList<>();
    private double evictChance = 0.2;
    private double dropChance = 0.05;
    private double prefetchChance = 0.5;
    private Runnable interleaved;
    private double interleaveChance;
    private boolean interleaving;
    private boolean closed;

    /** One invalidation a host made: {@code [offset, offset + count)} of the region. */
    public record Invalidation(String host, long offset, long count) {}

    /** Which operations of a host a fault drops: those on ranges this accepts. */
    @FunctionalInterface
    public interface RangeFilter {
        /** {@return true to drop the operation on {@code [offset, offset + count)}} */
        boolean test(long offset, long count);
    }

    private record Fault(String host, String operation, RangeFilter filter) {}

    /**
     * {@return the seed, how many problems a run found and the first few: a test's failure message}
     *
     * @param seed the run's seed
     * @param problems what the run's checks found
     */
    public static String summary(long seed, List<String> problems) {
        return "seed=" + seed + " problems=" + problems.size() + " first="
                + problems.subList(0, Math.min(3, problems.size()));
    }

    /**
     * Simulates non-coherent memory over {@code memory}'s bytes.
     *
     * @param memory a writable mapped region: the simulation's "memory"; the caller keeps and closes it
     * @param seed the seed of every random event
     */
    public NonCoherentMemory(MappedRegion memory, long seed) {
        if (!memory.isWritable()) {
            throw new IllegalArgumentException("simulated memory must be writable: resource=" + memory.resource());
        }
        this.memory = memory;
        this.seed = seed;
        this.random = new Random(seed);
        this.writers = new String[(int) ((memory.length() + LINE - 1) / LINE)];
    }

    /** {@return the seed of the random events, to reproduce a failure} */
    public long seed() {
        return seed;
    }

    /**
     * A new host's view of the memory, with an empty cache.
     *
     * @param name the host's name, unique in this memory, for violations and messages
     * @param writable false for a host whose view refuses every store
     * @return the view, released by {@link #close()} (closing it earlier is allowed)
     */
    public synchronized MappedRegion host(String name, boolean writable) {
        if (hosts.containsKey(name)) {
            throw new IllegalArgumentException("host exists: host=" + name);
        }
        HostCache cache = new HostCache(this, name);
        hosts.put(name, cache);
        MappedRegion view = MappedRegion.view(memory, name, new HostMemory(this, cache, memory), cache, writable);
        views.add(view);
        return view;
    }

    /**
     * Sets the chances of the random events; the defaults are 0.2, 0.05 and 0.5.
     *
     * @param evict before each access, the chance that a random host evicts some dirty lines
     * @param drop before each access, the chance that a random host drops some clean lines
     * @param prefetch after each load, the chance that the host fills the next line
     * @return this memory
     */
    public synchronized NonCoherentMemory events(double evict, double drop, double prefetch) {
        this.evictChance = evict;
        this.dropChance = drop;
        this.prefetchChance = prefetch;
        return this;
    }

    /**
     * Runs {@code action} before an access of any host with probability {@code chance}, never
     * inside itself: other hosts' steps between any two accesses of a protocol.
     *
     * @param chance the probability per access
     * @param action what other hosts do; it may use any view; null to stop interleaving
     */
    public synchronized void interleave(double chance, Runnable action) {
        this.interleaveChance = chance;
        this.interleaved = action;
    }

    /**
     * Makes {@code host} drop its write-backs of ranges {@code filter} accepts, as code missing them would.
     *
     * @param host the host's name
     * @param filter which write-backs to drop
     */
    public synchronized void skipWriteBacks(String host, RangeFilter filter) {
        faults.add(new Fault(host, "write-back", filter));
    }

    /**
     * Makes {@code host} drop its invalidations of ranges {@code filter} accepts (they are still recorded).
     *
     * @param host the host's name
     * @param filter which invalidations to drop
     */
    public synchronized void skipInvalidates(String host, RangeFilter filter) {
        faults.add(new Fault(host, "invalidate", filter));
    }

    /**
     * Fills {@code host}'s cache with clean copies of the lines of {@code [offset, offset + count)},
     * as if it had read them: a host that read this memory before it was written, or a prefetch.
     *
     * @param host the host's name
     * @param offset the range's first byte
     * @param count the range's length in bytes
     */
    public synchronized void cache(String host, long offset, long count) {
        HostCache cache = cache(host);
        for (long index = offset / LINE; count > 0 && index <= (offset + count - 1) / LINE; index++) {
            cache.prefetch(index);
        }
    }

    /** Writes every host's dirty lines back, as if the caches were flushed. */
    public synchronized void evictAll() {
        for (HostCache cache : hosts.values()) {
            cache.evictAll();
        }
    }

    /** {@return whether {@code host} holds any line of {@code [offset, offset + count)} dirty} */
    public synchronized boolean isDirty(String host, long offset, long count) {
        HostCache cache = cache(host);
        for (long index = offset / LINE; count > 0 && index <= (offset + count - 1) / LINE; index++) {
            if (cache.isDirty(index)) {
                return true;
            }
        }
        return false;
    }

    /** {@return the lines stored into by two hosts, one message each, in the order found} */
    public synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    /** {@return every invalidation {@code host} made, in order, dropped ones included} */
    public synchronized List<Invalidation> invalidations(String host) {
        return invalidations.stream().filter(i -> i.host().equals(host)).toList();
    }

    /** Forgets the invalidations recorded so far. */
    public synchronized void clearInvalidations() {
        invalidations.clear();
    }

    synchronized long lineCount() {
        return writers.length;
    }

    /** Random events before an access by {@code host}. */
    synchronized void beforeAccess(HostCache host) {
        if (closed) {
            throw new IllegalStateException("simulated memory closed: seed=" + seed);
        }
        List<HostCache> all = new ArrayList<>(hosts.values());
        if (random.nextDouble() < evictChance) {
            all.get(random.nextInt(all.size())).evictSome(random);
        }
        if (random.nextDouble() < dropChance) {
            all.get(random.nextInt(all.size())).dropSomeClean(random);
        }
        if (interleaved != null && !interleaving && random.nextDouble() < interleaveChance) {
            interleaving = true;
            try {
                interleaved.run();
            } finally {
                interleaving = false;
            }
        }
    }

    /** After {@code host} loaded up to {@code end} (exclusive): maybe it prefetches the next line. */
    synchronized void afterLoad(HostCache host, long end) {
        if (end > 0 && random.nextDouble() < prefetchChance) {
            host.prefetch((end - 1) / LINE + 1);
        }
    }

    /** {@code host} stored into line {@code index}: the line's writer, or a violation if it has another. */
    synchronized void stored(HostCache host, long index) {
        String first = writers[(int) index];
        if (first == null) {
            writers[(int) index] = host.host();
        } else if (!first.equals(host.host())) {
            violations.add("cache line written by two hosts: line=" + index + " offset=" + index * LINE + " first="
                    + first + " second=" + host.host() + " seed=" + seed);
            writers[(int) index] = host.host();
        }
    }

    /** Records an invalidation by {@code host}. */
    synchronized void invalidated(HostCache host, long offset, long count) {
        invalidations.add(new Invalidation(host.host(), offset, count));
    }

    /** {@return whether a fault drops {@code host}'s {@code operation} on the range} */
    synchronized boolean skipped(HostCache host, String operation, long offset, long count) {
        for (Fault fault : faults) {
            if (fault.host().equals(host.host())
                    && fault.operation().equals(operation)
                    && fault.filter().test(offset, count)) {
                return true;
            }
        }
        return false;
    }

    /** Copies line {@code index} from memory (the part inside the region). */
    synchronized void readLine(long index, byte[] line) {
        long offset = index * LINE;
        memory.getBytes(offset, line, 0, (int) Math.min(LINE, memory.length() - offset));
    }

    /** Writes a whole line to memory (the part inside the region). */
    synchronized void writeLine(long index, byte[] line) {
        long offset = index * LINE;
        memory.putBytes(offset, line, 0, (int) Math.min(LINE, memory.length() - offset));
    }

    private HostCache cache(String host) {
        HostCache cache = hosts.get(host);
        if (cache == null) {
            throw new IllegalArgumentException("no such host: host=" + host + " hosts=" + hosts.keySet());
        }
        return cache;
    }

    /** Writes back every dirty line, then releases every view. Idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            evictAll();
            closed = true;
            for (MappedRegion view : views) {
                view.close();
            }
        }
    }

    @Override
    public synchronized String toString() {
        return "NonCoherentMemory[seed=" + seed + ", hosts=" + hosts.keySet() + "]";
    }
}
