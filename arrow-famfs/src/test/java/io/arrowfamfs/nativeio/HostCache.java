package io.arrowfamfs.nativeio;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One simulated host's private copies of cache lines of a {@link NonCoherentMemory}. A load hits
 * the host's copy if it has the line, else fills it from memory; a store writes the host's copy
 * only (filling it first: write-allocate) and marks it dirty; a dirty line reaches memory whole
 * (all 64 bytes) when it is written back, invalidated or evicted. Not thread-safe: the memory
 * serialises every call.
 */
final class HostCache implements CacheLines {
    private final NonCoherentMemory memory;
    private final String host;
    /** Line index to this host's copy, in fill order. */
    private final Map<Long, Line> lines = new LinkedHashMap<>();

    private static final class Line {
        final byte[] bytes = new byte[NonCoherentMemory.LINE];
        boolean dirty;
    }

    HostCache(NonCoherentMemory memory, String host) {
        this.memory = memory;
        this.host = host;
    }

    String host() {
        return host;
    }

    /** Copies {@code count} bytes at region offset {@code offset} as this host sees them. */
    void load(long offset, byte[] dst, int dstIndex, int count) {
        memory.beforeAccess(this);
        forEachLine(
                offset,
                count,
                (line, lineOffset, at, n) -> System.arraycopy(line.bytes, lineOffset, dst, dstIndex + at, n));
        memory.afterLoad(this, offset + count);
    }

    /** Writes {@code count} bytes into this host's copies of their lines, which become dirty. */
    void store(long offset, byte[] src, int srcIndex, int count) {
        memory.beforeAccess(this);
        if (count == 0) {
            return;
        }
        forEachLine(offset, count, (line, lineOffset, at, n) -> {
            System.arraycopy(src, srcIndex + at, line.bytes, lineOffset, n);
            line.dirty = true;
        });
        long last = (offset + count - 1) / NonCoherentMemory.LINE;
        for (long index = offset / NonCoherentMemory.LINE; index <= last; index++) {
            memory.stored(this, index);
        }
    }

    @Override
    public void writeBack(long offset, long count) {
        memory.beforeAccess(this);
        if (memory.skipped(this, "write-back", offset, count)) {
            return;
        }
        for (long index : held(offset, count)) {
            Line line = lines.get(index);
            if (line.dirty) {
                flush(index, line);
            }
        }
    }

    @Override
    public void invalidate(long offset, long count) {
        memory.beforeAccess(this);
        memory.invalidated(this, offset, count);
        if (memory.skipped(this, "invalidate", offset, count)) {
            return;
        }
        for (long index : held(offset, count)) {
            Line line = lines.remove(index);
            if (line.dirty) {
                flush(index, line);
            }
        }
    }

    /** Fills line {@code index} from memory, clean, if this host does not hold it: a hardware prefetch. */
    void prefetch(long index) {
        if (index >= 0 && index < memory.lineCount()) {
            lines.computeIfAbsent(index, this::fill);
        }
    }

    /** Writes back some dirty lines, each with probability one half, in random order: a partial eviction. */
    void evictSome(Random random) {
        List<Long> chosen = new ArrayList<>();
        for (Map.Entry<Long, Line> entry : lines.entrySet()) {
            if (entry.getValue().dirty && random.nextBoolean()) {
                chosen.add(entry.getKey());
            }
        }
        Collections.shuffle(chosen, random);
        for (long index : chosen) {
            Line line = lines.get(index);
            flush(index, line);
            if (random.nextBoolean()) {
                lines.remove(index);
            }
        }
    }

    /** Drops some clean lines, each with probability one half: capacity misses. */
    void dropSomeClean(Random random) {
        Iterator<Line> it = lines.values().iterator();
        while (it.hasNext()) {
            if (!it.next().dirty && random.nextBoolean()) {
                it.remove();
            }
        }
    }

    /** Writes every dirty line back, in index order. */
    void evictAll() {
        for (Map.Entry<Long, Line> entry : lines.entrySet()) {
            if (entry.getValue().dirty) {
                flush(entry.getKey(), entry.getValue());
            }
        }
    }

    /** {@return whether this host holds line {@code index} dirty} */
    boolean isDirty(long index) {
        Line line = lines.get(index);
        return line != null && line.dirty;
    }

    private void flush(long index, Line line) {
        memory.writeLine(index, line.bytes);
        line.dirty = false;
    }

    private Line fill(long index) {
        Line line = new Line();
        memory.readLine(index, line.bytes);
        return line;
    }

    /** The lines this host holds among those the range covers, in ascending order. */
    private List<Long> held(long offset, long count) {
        List<Long> held = new ArrayList<>();
        if (count > 0) {
            long first = offset / NonCoherentMemory.LINE;
            long last = (offset + count - 1) / NonCoherentMemory.LINE;
            for (long index : lines.keySet()) {
                if (index >= first && index <= last) {
                    held.add(index);
                }
            }
            Collections.sort(held);
        }
        return held;
    }

    /** Calls {@code part} for each line the range covers, filling lines this host does not hold. */
    private void forEachLine(long offset, int count, LinePart part) {
        int at = 0;
        while (at < count) {
            long position = offset + at;
            long index = position / NonCoherentMemory.LINE;
            int lineOffset = (int) (position % NonCoherentMemory.LINE);
            int n = Math.min(count - at, NonCoherentMemory.LINE - lineOffset);
            part.apply(lines.computeIfAbsent(index, this::fill), lineOffset, at, n);
            at += n;
        }
    }

    @FunctionalInterface
    private interface LinePart {
        void apply(Line line, int lineOffset, int at, int count);
    }

    @Override
    public String toString() {
        return "host " + host;
    }
}
