package io.arrowfamfs.cli;

import io.arrowfamfs.catalog.Catalog;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.frame.VerifyMode;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/** A volume, its catalog and an allocator for mappings, opened together and closed in order. */
public final class Tables implements AutoCloseable {
    final Volume volume;
    final Catalog catalog;
    final BufferAllocator allocator;

    /** Opens the device {@code device} names, its catalog and a fresh allocator for mappings. */
    public Tables(DeviceOptions device) {
        this(device, VerifyMode.FIRST_USE);
    }

    /** Like {@link #Tables(DeviceOptions)}, the catalog's frames checking their batches as {@code verify} says. */
    public Tables(DeviceOptions device, VerifyMode verify) {
        Volume opened = device.open();
        try {
            this.volume = opened;
            this.catalog = Catalog.open(opened, verify);
            this.allocator = new RootAllocator();
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    public Volume volume() {
        return volume;
    }

    public Catalog catalog() {
        return catalog;
    }

    /** The allocator that wraps mappings: its figure is mapped address space, not heap. */
    public BufferAllocator allocator() {
        return allocator;
    }

    @Override
    public void close() {
        try {
            allocator.close();
        } finally {
            try {
                catalog.close();
            } finally {
                volume.close();
            }
        }
    }
}
