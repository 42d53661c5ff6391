package io.arrowfamfs.space;

import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.space.SpaceReport.PoolSpace;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ledger's rules, record by record, without a catalog: what is free, granted, held and reused. */
class SpaceLedgerTest {
    private static final int UNIT = SpaceLayout.UNIT_SIZE;
    private static final Pool POOL = new Pool(0, SpaceLayout.poolPath(0), 4L * UNIT, UNIT);

    private static SpaceLedger ledger() {
        SpaceLedger ledger = new SpaceLedger();
        ledger.addPool(POOL);
        return ledger;
    }

    private static void assertAccounted(SpaceLedger ledger) {
        for (PoolSpace pool : ledger.report().pools()) {
            assertEquals(
                    pool.size(),
                    pool.live() + pool.retired() + pool.quarantined() + pool.free() + pool.granted() + pool.orphaned(),
                    "every byte in exactly one category: " + pool);
            assertTrue(pool.orphaned() >= 0, pool.toString());
        }
    }

    @Test
    void aDroppedFramesUnitsAreReusedOnlyAfterQuarantineAndFreeOneGenerationUp() {
        SpaceLedger ledger = ledger();
        Extent unit0 = ledger.findFree(UNIT).orElseThrow();
        assertEquals(new Extent(0, 0, UNIT), unit0, "never-used units, lowest first");
        Grant grant = ledger.grant(10, 7, unit0);
        assertEquals(0, grant.generation(), "memory never written");
        Extent frame = new Extent(0, 0, 1000);
        ledger.use(frame, 10);
        ledger.closeGrant(10, 11);
        assertEquals(1000 + 24, ledger.report().total().live(), "a frame holds its bytes to its cache line");
        assertAccounted(ledger);

        ledger.retire(frame, 13);
        assertEquals(0, ledger.report().total().live());
        assertEquals(1024, ledger.report().total().retired());
        assertEquals(0, ledger.quarantine(12, 14), "a reader may still read count 12, which has the frame");
        assertEquals(1, ledger.quarantine(13, 15), "no host reads below 13 any more");
        assertEquals(1024, ledger.report().total().quarantined());
        assertEquals(1, ledger.free(15, 16));
        assertEquals(4L * UNIT, ledger.report().total().free(), "the unit, tail and all, is free again");
        assertAccounted(ledger);

        Extent again = ledger.findFree(UNIT).orElseThrow();
        assertNotEquals(unit0, again, "never-used units are reused before the one freed just now");
        for (int id = 20; id < 23; id++) {
            ledger.grant(id, 7, ledger.findFree(UNIT).orElseThrow());
        }
        Extent last = ledger.findFree(UNIT).orElseThrow();
        assertEquals(unit0, last, "the freed unit comes last");
        assertEquals(1, ledger.grant(30, 7, last).generation(), "one generation up: its memory held a frame");
    }

    @Test
    void aClosedGrantLeavesItsLastUnitsTailToTheNextSmallGrant() {
        SpaceLedger ledger = ledger();
        ledger.grant(1, 7, new Extent(0, 0, UNIT));
        ledger.use(new Extent(0, 0, 10_000), 1);
        ledger.use(new Extent(0, 10_112, 5_000), 1); // one cache line left empty after the first
        ledger.closeGrant(1, 2);
        long tailFrom = SpaceLayout.alignUp(15_112, 64);
        assertEquals(UNIT - tailFrom + 3L * UNIT, ledger.report().total().free(), "the tail counts as free");
        assertEquals(64, ledger.report().total().orphaned(), "the empty line between the two frames");
        Extent tail = ledger.findFree(4096).orElseThrow();
        assertEquals(new Extent(0, tailFrom, UNIT - tailFrom), tail, "a small request takes the tail first");
        assertEquals(0, ledger.grant(3, 8, tail).generation(), "a tail keeps its unit's generation");
        assertThrows(SpaceConflictException.class, () -> ledger.grant(4, 9, tail), "a tail is granted once");
        ledger.use(new Extent(0, tailFrom, 100), 3);
        ledger.closeGrant(3, 5);
        assertEquals(
                new Extent(0, tailFrom + 128, UNIT - tailFrom - 128),
                ledger.findFree(64).orElseThrow());
        assertEquals(new Extent(0, UNIT, UNIT), ledger.findFree(UNIT).orElseThrow(), "a unit's worth needs a unit");
        assertAccounted(ledger);
    }

    @Test
    void anExpelledWritersGrantIsRetiredSoItsUnusedSpaceWaitsOutTheQuarantine() {
        SpaceLedger ledger = ledger();
        ledger.grant(1, 7, new Extent(0, 0, 2L * UNIT));
        Extent frame = new Extent(0, 0, 10_000);
        ledger.use(frame, 1);
        ledger.retireGrant(1, 2, 3);
        assertTrue(ledger.openGrant(1).isEmpty(), "closed");
        long unused = 2L * UNIT - SpaceLayout.alignUp(10_000, 64);
        assertEquals(unused, ledger.report().total().retired(), "what it left unused is retired, not free");
        assertEquals(2L * UNIT, ledger.report().total().free(), "only the units never granted are free");
        for (long bytes : new long[] {64, 4096, UNIT}) {
            Extent found = ledger.findFree(bytes).orElseThrow();
            assertTrue(found.offset() >= 2L * UNIT, "nothing of the retired grant is offered: " + found);
        }
        assertAccounted(ledger);

        assertEquals(1, ledger.quarantine(3, 4));
        assertEquals(unused, ledger.report().total().quarantined());
        assertEquals(1, ledger.free(4, 5));
        assertEquals(3L * UNIT, ledger.report().total().free(), "its second unit is free after the quarantine");
        assertEquals(1, ledger.grant(6, 8, new Extent(0, UNIT, UNIT)).generation(), "one generation up");
        assertEquals(SpaceLayout.footprint(10_000), ledger.report().total().live(), "its committed frame stays live");
        assertAccounted(ledger);
        assertThrows(SpaceConflictException.class, () -> ledger.retireGrant(1, 7, 8), "closed once");
    }

    @Test
    void contradictionsAreTypedErrors() {
        SpaceLedger ledger = ledger();
        assertThrows(SpaceConflictException.class, () -> ledger.addPool(POOL));
        assertThrows(SpaceConflictException.class, () -> ledger.grant(1, 7, new Extent(0, 4096, UNIT)));
        assertThrows(SpaceConflictException.class, () -> ledger.grant(1, 7, new Extent(1, 0, UNIT)));
        ledger.grant(1, 7, new Extent(0, 0, 2L * UNIT));
        assertThrows(SpaceConflictException.class, () -> ledger.grant(2, 7, new Extent(0, UNIT, UNIT)));
        assertThrows(SpaceConflictException.class, () -> ledger.use(new Extent(0, 2L * UNIT, 10), 1));
        assertThrows(SpaceConflictException.class, () -> ledger.use(new Extent(0, 0, 10), 99));
        assertThrows(SpaceConflictException.class, () -> ledger.closeGrant(99, 3));
        assertThrows(SpaceConflictException.class, () -> ledger.use(new Extent(0, 0, 5L * UNIT), 1));
    }

    @Test
    void aLedgerRestoredFromItsOwnStateReportsTheSame() {
        SpaceLedger ledger = ledger();
        ledger.grant(1, 7, new Extent(0, 0, UNIT));
        ledger.use(new Extent(0, 0, 5000), 1);
        ledger.closeGrant(1, 2);
        ledger.retire(new Extent(0, 0, 5000), 3);
        ledger.quarantine(3, 4);
        Grant open = ledger.grant(5, 8, ledger.findFree(UNIT).orElseThrow());
        ledger.use(new Extent(0, open.range().offset(), 64), 5);

        SpaceLedger restored = ledger();
        ledger.generations().forEach(restored::restoreGenerations);
        restored.restoreGrant(open, ledger.used(open.id()));
        ledger.retired().forEach(restored::restoreRetired);
        restored.restoreLive(new Extent(0, open.range().offset(), 64));
        assertEquals(ledger.report(), restored.report());
        assertEquals(ledger.findFree(100), restored.findFree(100));
        assertEquals(List.copyOf(ledger.openGrants()), List.copyOf(restored.openGrants()));
    }
}
