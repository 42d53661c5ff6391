package io.arrowfamfs.hosts;

import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.famfs.PathExistsException;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.famfs.VolumeOptions;
import io.arrowfamfs.hosts.MasterLine.SlotState;
import io.arrowfamfs.nativeio.MappedRegion;
import io.arrowfamfs.testkit.ShmDir;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The host table's byte layout: lines round-trip, and torn, damaged or empty lines read as "not there yet". */
class HostsLayoutTest {
    private static final UUID HOST = UUID.fromString("11111111-2222-4333-8444-555555555555");
    private static final UUID BOOT = UUID.fromString("66666666-7777-4888-9999-000000000000");

    @RegisterExtension
    final ShmDir shm = new ShmDir();

    @Test
    void linesRoundTripAndFillExactlyOneCacheLine() {
        HostLine host = new HostLine(HOST, BOOT, 42, 17, 12, 3);
        MasterLine master = new MasterLine(HOST, BOOT, 3, SlotState.EXPELLED, 9, 0x1234_5678_9abc_def0L);
        JoinRequest join = new JoinRequest(HOST, BOOT, -5, 9);
        assertEquals(HostsDescriptor.LINE_SIZE, host.encode().length);
        assertEquals(Optional.of(host), HostLine.decode(host.encode()));
        assertEquals(Optional.of(master), MasterLine.decode(master.encode()));
        assertEquals(Optional.of(join), JoinRequest.decode(join.encode()));
        assertEquals(
                42,
                ByteBuffer.wrap(host.encode()).order(ByteOrder.LITTLE_ENDIAN).getLong(32));
    }

    @Test
    void anAllZeroLineIsNotThereYet() {
        byte[] zero = new byte[HostsDescriptor.LINE_SIZE];
        assertEquals(Optional.empty(), HostLine.decode(zero));
        assertEquals(Optional.empty(), MasterLine.decode(zero));
        assertEquals(Optional.empty(), JoinRequest.decode(zero));
    }

    @Test
    void anyFlippedByteFailsTheCrc() {
        byte[] line = new HostLine(HOST, BOOT, 42, 17, 12, 3).encode();
        for (int i = 0; i < line.length; i++) {
            byte[] damaged = line.clone();
            damaged[i] ^= 0x10;
            assertEquals(Optional.empty(), HostLine.decode(damaged), "byte " + i);
        }
    }

    @Test
    void aTornLineHalfOldHalfNewIsNotThereYet() {
        byte[] old = new HostLine(HOST, BOOT, 41, 16, 12, 3).encode();
        byte[] next = new HostLine(HOST, BOOT, 42, 17, 13, 3).encode();
        byte[] torn = Arrays.copyOf(next, next.length);
        System.arraycopy(old, 40, torn, 40, 24); // the new counter landed, the rest of the line not yet
        assertEquals(Optional.empty(), HostLine.decode(torn));
    }

    @Test
    void aMasterLineWithAnUnknownStateIsNotThere() {
        ByteBuffer b = Lines.blank();
        b.putInt(HostsDescriptor.STATE_OFFSET, 7);
        assertEquals(Optional.empty(), MasterLine.decode(Lines.seal(b)));
    }

    @Test
    void theWantsLineAsksForAnOutboxInItsOwnersGenerationOnly() {
        try (HostsVolume v = new HostsVolume(shm.device("dev.img"), 2)) {
            HostIdentity host = new HostIdentity(HOST, BOOT);
            v.hosts.writeMasterLine(1, new MasterLine(HOST, BOOT, 3, SlotState.ASSIGNED, 1, 0));
            v.hosts.writeWants(1, host, 2, HostsDescriptor.WANTS_OUTBOX);
            assertEquals(List.of(), v.hosts.outboxesWanted(), "written in an older generation of the slot");
            v.hosts.writeWants(1, new HostIdentity(HOST, HOST), 3, HostsDescriptor.WANTS_OUTBOX);
            assertEquals(List.of(), v.hosts.outboxesWanted(), "written by another boot of the host");
            v.hosts.writeWants(1, host, 3, 0);
            assertEquals(List.of(), v.hosts.outboxesWanted(), "wants nothing");
            v.hosts.writeWants(1, host, 3, HostsDescriptor.WANTS_OUTBOX);
            assertEquals(List.of(HOST), v.hosts.outboxesWanted());

            try (MappedRegion table = v.volume.map(v.volume.namespace().file(HostsDescriptor.PATH), false)) {
                // line 2 of slot 1, as the descriptor draws it: uuid | boot id | generation | wants | crc
                ByteBuffer line = ByteBuffer.wrap(table.copyOf(4096 * 2 + 128, HostsDescriptor.LINE_SIZE))
                        .order(ByteOrder.LITTLE_ENDIAN);
                assertEquals(HOST, Lines.getUuid(line, 0));
                assertEquals(BOOT, Lines.getUuid(line, 16));
                assertEquals(3, line.getInt(32));
                assertEquals(1, line.getInt(36));
                assertEquals(Lines.crc(line.array(), 60), line.getInt(60));
            }
        }
    }

    @Test
    void joinLinesSpreadByUuidAndMoveOnAtEachAttempt() {
        int first = JoinRequest.line(HOST, 0);
        assertTrue(first >= 0 && first < HostsDescriptor.JOIN_LINES);
        assertNotEquals(first, JoinRequest.line(HOST, 1));
        assertNotEquals(first, JoinRequest.line(BOOT, 0));
    }

    @Test
    void createdTableHasItsHeaderAndEmptySlots() {
        try (HostsVolume v = new HostsVolume(shm.device("dev.img"), 4)) {
            assertEquals(4, v.hosts.slots());
            assertEquals(
                    HostsDescriptor.fileSize(4),
                    v.volume.namespace().file(HostsDescriptor.PATH).size());
            for (int slot = 0; slot < 4; slot++) {
                assertEquals(Optional.empty(), v.hosts.hostLine(slot));
                assertEquals(Optional.empty(), v.hosts.masterLine(slot));
            }
            assertThrows(PathExistsException.class, () -> HostsFile.create(v.volume, 4));
        }
    }

    @Test
    void aClientMapsTheTableWritable() {
        try (HostsVolume v = new HostsVolume(shm.device("dev.img"), 2);
                Volume client = Volume.open(v.device, VolumeOptions.of(HostsVolume.CLIENT));
                HostsFile mine = HostsFile.open(client)) {
            HostLine line = new HostLine(HOST, BOOT, 1, 2, 2, 1);
            mine.writeHostLine(1, line);
            assertEquals(Optional.of(line), v.hosts.hostLine(1), "the master reads what the client wrote");
        }
    }

    @Test
    void headerChecksNameWhatIsWrong() {
        byte[] good = HostsDescriptor.header(8);
        assertEquals(8, HostsDescriptor.checkHeader(good, HostsDescriptor.fileSize(8)));

        byte[] magic = good.clone();
        magic[0] = 'X';
        assertTrue(assertThrows(CorruptHostsFileException.class, () -> HostsDescriptor.checkHeader(magic, 1 << 20))
                .getMessage()
                .startsWith("host table magic mismatch: path=.af/hosts actual=XFHOSTS1"));

        byte[] format = good.clone();
        format[HostsDescriptor.FORMAT_OFFSET] = 2;
        assertThrows(UnsupportedHostsFormatException.class, () -> HostsDescriptor.checkHeader(format, 1 << 20));

        byte[] crc = good.clone();
        crc[HostsDescriptor.SLOT_COUNT_OFFSET] = 9;
        assertTrue(assertThrows(CorruptHostsFileException.class, () -> HostsDescriptor.checkHeader(crc, 1 << 20))
                .getMessage()
                .startsWith("host table header crc mismatch"));

        assertEquals(
                "host table slot count invalid: path=.af/hosts slots=8 file_size=8192 max=65536",
                assertThrows(CorruptHostsFileException.class, () -> HostsDescriptor.checkHeader(good, 8192))
                        .getMessage());
    }
}
