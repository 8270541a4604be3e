package dev.steward.policy.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class AllotmentsTest {

    private static final Limits.Scope DAY = new Limits.Scope("day:2026-11-30", 1_000_000);
    private static final Limits.Scope AGENT = new Limits.Scope("agent:writer:2026-11-30", Limits.NONE);

    private final Allotments allotments = new Allotments();

    @Test
    void aStepReservesOnlyWhatTheNodeWasAllottedAndSaysHowMuchItLacks() {
        List<Allotments.Short> shorts = allotments.reserve("f1/s1", List.of(AGENT, DAY), 300_000, 0);
        assertEquals(List.of(new Allotments.Short(DAY.id(), 1_000_000, 300_000)), shorts, "unlimited scopes never lack");
        allotments.granted(DAY.id(), DAY.limitMicros(), 500_000, 1);
        assertTrue(allotments.reserve("f1/s1", List.of(AGENT, DAY), 300_000, 2).isEmpty());
        assertTrue(allotments.reserve("f1/s1", List.of(AGENT, DAY), 300_000, 2).isEmpty(), "the same key: reserved once");
        assertEquals(200_000, allotments.available(DAY.id()));
        assertEquals(List.of(new Allotments.Short(DAY.id(), 1_000_000, 100_000)),
                allotments.reserve("f2/s1", List.of(AGENT, DAY), 300_000, 3), "all or none: nothing taken");
        assertEquals(200_000, allotments.available(DAY.id()));
    }

    @Test
    void settlingChargesTheSpendAndTakesItOutOfTheAllotmentAnIdleScopeGivesTheRestBack() {
        allotments.granted(DAY.id(), DAY.limitMicros(), 500_000, 0);
        allotments.reserve("f1/s1", List.of(AGENT, DAY), 300_000, 0);
        allotments.reserve("f2/s1", List.of(AGENT, DAY), 100_000, 0);
        allotments.settle("f1/s1", List.of(AGENT, DAY), 250_000, 10);
        allotments.settle("f2/s1", List.of(AGENT, DAY), 0, 10); // did not run
        List<Allotments.Delta> deltas = allotments.drain(20, 1_000);
        assertTrue(deltas.contains(new Allotments.Delta(DAY.id(), 1_000_000, 250_000, 250_000)), deltas.toString());
        assertTrue(deltas.contains(new Allotments.Delta(AGENT.id(), Limits.NONE, 250_000, 0)), deltas.toString());
        assertEquals(250_000, allotments.available(DAY.id()), "not idle yet: the rest stays allotted here");
        assertEquals(List.of(new Allotments.Delta(DAY.id(), 1_000_000, 0, 250_000)), allotments.drain(5_000, 1_000));
        assertEquals(0, allotments.available(DAY.id()));
        assertTrue(allotments.drain(6_000, 1_000).isEmpty(), "nothing left to write");
    }

    @Test
    void aStepInFlightKeepsItsReservationWhenTheNodeStopsAndMoreThanReservedIsChargedOverIt() {
        allotments.granted(DAY.id(), DAY.limitMicros(), 400_000, 0);
        allotments.reserve("f1/s1", List.of(DAY), 300_000, 0);
        assertEquals(List.of(new Allotments.Delta(DAY.id(), 1_000_000, 0, 100_000)), allotments.drain(1, 0));
        allotments.settle("f1/s1", List.of(DAY), 350_000, 2);
        assertEquals(List.of(new Allotments.Delta(DAY.id(), 1_000_000, 350_000, 300_000)), allotments.drain(3, 0),
                "the allotment covers what was reserved; the rest is charged over it");
    }

    @Test
    void aKeyWithNoReservationHereIsChargedDirectly() {
        allotments.settle("f9/s1", List.of(AGENT, DAY), 120_000, 0);
        List<Allotments.Delta> deltas = allotments.drain(1, 0);
        assertTrue(deltas.contains(new Allotments.Delta(DAY.id(), 1_000_000, 120_000, 0)), deltas.toString());
    }

    @Test
    void aFailedFlushIsWrittenWithTheNextAndALoweredLimitGivesTheUnreservedAllotmentBack() {
        allotments.granted(DAY.id(), DAY.limitMicros(), 500_000, 0);
        allotments.reserve("f1/s1", List.of(DAY), 100_000, 0);
        allotments.settle("f1/s1", List.of(DAY), 100_000, 0);
        List<Allotments.Delta> failed = allotments.drain(1, 1_000);
        allotments.restore(failed);
        assertEquals(failed, allotments.drain(2, 1_000));

        Limits.Scope lowered = new Limits.Scope(DAY.id(), 200_000);
        assertEquals(List.of(new Allotments.Short(DAY.id(), 200_000, 100_000)),
                allotments.reserve("f2/s1", List.of(lowered), 100_000, 3));
        assertEquals(List.of(new Allotments.Delta(DAY.id(), 200_000, 0, 400_000)), allotments.drain(4, 1_000));
    }

    @Test
    void anAllotmentTakenBackByAnotherNodeIsNoLongerReservedFrom() {
        allotments.granted(DAY.id(), DAY.limitMicros(), 500_000, 5);
        allotments.reserve("f1/s1", List.of(DAY), 100_000, 5);
        assertEquals(Set.of(), allotments.allottedBefore(5), "granted at 5, not before");
        assertEquals(Set.of(DAY.id()), allotments.allottedBefore(6));
        allotments.lost(Set.of(DAY.id()));
        assertEquals(0, allotments.available(DAY.id()));
        assertEquals(List.of(new Allotments.Short(DAY.id(), 1_000_000, 100_000)),
                allotments.reserve("f2/s1", List.of(DAY), 100_000, 6));
    }

    @Test
    void aFlowsBudgetIsCheckedAgainstWhatTheKernelSaysItCommittedWithoutTheStore() {
        Limits.Scope flow = new Limits.Scope("flow:f1", 1_000_000, 600_000); // spent and in flight: 0.60
        assertTrue(allotments.reserve("f1/a", List.of(flow), 300_000, 0).isEmpty());
        Limits.Scope later = new Limits.Scope("flow:f1", 1_000_000, 900_000); // with the step above
        assertEquals(List.of(new Allotments.Short("flow:f1", 1_000_000, 200_000, true, 100_000)),
                allotments.reserve("f1/b", List.of(later), 300_000, 0), "0.10 left");
        assertTrue(allotments.reserve("f1/c", List.of(later), 100_000, 2).isEmpty());
        allotments.settle("f1/a", List.of(flow), 300_000, 3);
        allotments.settle("f1/c", List.of(later), 100_000, 3);
        assertTrue(allotments.drain(4, 0).isEmpty(), "a flow's spend is in its journal, not written by the budget");
    }
}
