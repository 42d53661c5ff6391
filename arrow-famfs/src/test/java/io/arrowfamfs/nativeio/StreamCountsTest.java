package io.arrowfamfs.nativeio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

/** The live-stream counts the test kit's leak check reads from the NativeResources MBean. */
class StreamCountsTest {
    @Test
    void aStreamCountsAsLiveFromInitializeUntilClose() {
        NativeResources counts = NativeResources.INSTANCE;
        long before = counts.getLiveStreams();
        try (BufferAllocator allocator = new RootAllocator();
                ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
            BorrowedStreams.initialize(stream.memoryAddress(), 0, 0, 0);
            assertEquals(before + 1, counts.getLiveStreams());
            BorrowedStreams.release(stream.memoryAddress()); // as a consumer would: the owner still has to close
            assertEquals(before + 1, counts.getLiveStreams());
            BorrowedStreams.close(stream.memoryAddress());
            assertEquals(before, counts.getLiveStreams());
            assertEquals(0, stream.snapshot().release, "released: its callback cleared");
        }
    }

    @Test
    void aSlotCountsAsLiveUntilClosed() {
        NativeResources counts = NativeResources.INSTANCE;
        long before = counts.getLiveStreamSlots();
        try (BufferAllocator allocator = new RootAllocator();
                ArrowArrayStream slot = ArrowArrayStream.allocateNew(allocator)) {
            BorrowedStreams.slotAllocated();
            assertEquals(before + 1, counts.getLiveStreamSlots());
            BorrowedStreams.closeSlot(slot.memoryAddress());
            assertEquals(before, counts.getLiveStreamSlots());
        }
    }
}
