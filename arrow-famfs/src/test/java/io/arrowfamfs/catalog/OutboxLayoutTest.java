package io.arrowfamfs.catalog;

import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.hosts.Lines;
import io.arrowfamfs.nativeio.CachePolicy;
import io.arrowfamfs.nativeio.MappedRegion;
import io.arrowfamfs.nativeio.NativeFile;
import io.arrowfamfs.testkit.ShmDir;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An outbox's request and answer lines and its texts lie where docs/outbox.md draws them, and round-trip. */
class OutboxLayoutTest {
    private static final UUID NODE = UUID.fromString("eeeeeeee-0000-4000-8000-000000000002");
    /** Ring 1, at 4096 * (1 + 33 k). */
    private static final long RING_1 = 4096L * 34;

    @RegisterExtension
    final ShmDir shm = new ShmDir();

    private MappedRegion memory() {
        try (NativeFile file = NativeFile.create(shm.device("outbox"), 0644, true)) {
            file.truncate(OutboxDescriptor.FILE_SIZE);
            MappedRegion memory = file.map(0, OutboxDescriptor.FILE_SIZE, false);
            memory.putBytes(0, OutboxFile.headerLine(NODE), 0, OutboxDescriptor.LINE_SIZE);
            return memory;
        }
    }

    private static ByteBuffer bytes(MappedRegion memory, long offset, int length) {
        return ByteBuffer.wrap(memory.copyOf(offset, length)).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void requestAndAnswerLinesLieWhereTheLayoutSays() {
        try (MappedRegion memory = memory();
                OutboxFile outbox = OutboxFile.over(memory.slice(0, memory.length()), CachePolicy.COHERENT, NODE)) {
            assertEquals(Optional.empty(), outbox.request(1), "never asked");
            assertEquals(Optional.of(OutboxFile.Answer.NONE), outbox.answer(1), "never answered");
            OutboxFile.Request request = new OutboxFile.Request(16L << 20, 7, 4242, 99);
            OutboxFile.Answer answer = new OutboxFile.Answer(12, 7, 5, 6, GrantRefusal.LOG_FULL);
            outbox.writeRequest(1, request);
            outbox.writeAnswer(1, answer);
            assertEquals(Optional.of(request), outbox.request(1));
            assertEquals(Optional.of(answer), outbox.answer(1));
            assertEquals(Optional.empty(), outbox.request(0), "another ring's line");

            ByteBuffer asked = bytes(memory, RING_1, 64);
            assertEquals(16L << 20, asked.getLong(0));
            assertEquals(7, asked.getLong(8));
            assertEquals(4242, asked.getLong(16));
            assertEquals(100, asked.getLong(24), "the grant given back, plus one");
            assertEquals(Lines.crc(asked.array(), 60), asked.getInt(60));
            ByteBuffer answered = bytes(memory, RING_1 + 64, 64);
            assertEquals(12, answered.getLong(0));
            assertEquals(7, answered.getLong(8));
            assertEquals(5, answered.getLong(16));
            assertEquals(6, answered.getLong(24));
            assertEquals(2, answered.getInt(32), "log full");
            assertEquals(Lines.crc(answered.array(), 60), answered.getInt(60));

            answered.putInt(32, 3);
            memory.putBytes(RING_1 + 64, Lines.seal(answered), 0, 64);
            assertEquals(Optional.empty(), outbox.answer(1), "a refusal this build does not know is not there");

            memory.putByte(RING_1 + 64 + 3, (byte) 1);
            assertEquals(Optional.empty(), outbox.answer(1), "a torn answer is not there yet");
        }
    }

    @Test
    void anAnswerMovesOnOneStepAtATime() {
        OutboxFile.Answer first = OutboxFile.Answer.NONE.granted(1);
        assertEquals(new OutboxFile.Answer(0, 1, 0, 0, GrantRefusal.NONE), first);
        OutboxFile.Answer refused = first.consumedTo(3, 2).refused(2, GrantRefusal.OUT_OF_SPACE);
        assertEquals(new OutboxFile.Answer(3, 2, 2, 2, GrantRefusal.OUT_OF_SPACE), refused);
        assertEquals(
                new OutboxFile.Answer(3, 3, 2, 2, GrantRefusal.OUT_OF_SPACE),
                refused.granted(3),
                "a later grant keeps the last refusal: it names an older ask");
    }

    @Test
    void eachTextNamesWhatItExplainsAndIsCutToFit() {
        try (MappedRegion memory = memory();
                OutboxFile outbox = OutboxFile.over(memory.slice(0, memory.length()), CachePolicy.COHERENT, NODE)) {
            outbox.writeErrorText(1, 9, "é".repeat(300));
            assertEquals(Optional.of("é".repeat(216)), outbox.errorText(1, 9), "432 bytes of text at most");
            assertEquals(Optional.empty(), outbox.errorText(1, 8), "another commit's text");

            ByteBuffer text = bytes(memory, RING_1 + 128, 448);
            assertEquals(9, text.getLong(0));
            assertEquals(432, text.getInt(8));
            assertEquals((byte) 0xc3, text.get(12), "UTF-8 from byte 12");
            assertEquals(Lines.crc(text.array(), 444), text.getInt(444));

            memory.putByte(RING_1 + 128 + 100, (byte) 'x');
            assertEquals(Optional.empty(), outbox.errorText(1, 9), "a damaged text fails its crc");

            outbox.writeErrorText(1, 9, "rejected");
            outbox.writeRefusalText(1, 9, "device full");
            assertEquals(Optional.of("device full"), outbox.refusalText(1, 9));
            assertEquals(Optional.of("rejected"), outbox.errorText(1, 9), "each text has its own place");
            ByteBuffer refusal = bytes(memory, RING_1 + 576, 448);
            assertEquals(9, refusal.getLong(0));
            assertEquals(11, refusal.getInt(8));
            assertEquals(Lines.crc(refusal.array(), 444), refusal.getInt(444));
        }
    }
}
