package dev.steward.core.internal.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.steward.api.governance.AgentSpend;
import dev.steward.api.governance.Autonomy;
import dev.steward.api.governance.DecisionLatency;
import dev.steward.api.governance.ExceptionTime;
import dev.steward.api.governance.ExceptionWaits;
import dev.steward.api.governance.OperatorReport;
import dev.steward.api.governance.Ratio;

class OperatorMetricsCommandTest {

    @Test
    void durationsReadToTheSecond() {
        assertEquals("0s", OperatorMetricsCommand.human(Duration.ZERO));
        assertEquals("8h 30m 0s", OperatorMetricsCommand.human(Duration.ofMinutes(510)));
        assertEquals("1d 0h 0m 1s", OperatorMetricsCommand.human(Duration.ofDays(1).plusSeconds(1)));
    }

    @Test
    void printsTheReportOfTheDaysAsked() throws Exception {
        OperatorMetricsCommand command = new OperatorMetricsCommand();
        command.days = 3;
        command.metrics = (from, to) -> {
            assertEquals(Duration.ofDays(3), Duration.between(from, to));
            return new OperatorReport(from, to, new ExceptionTime(new ExceptionWaits(4, 0, Duration.ofMinutes(510)),
                    ExceptionWaits.NONE), new Ratio(4, 12), DecisionLatency.NONE,
                    List.of(new Autonomy("settle", new Ratio(1, 5))), List.of(new AgentSpend("drafter",
                            LocalDate.parse("2026-03-02"), new BigDecimal("0.2"), new BigDecimal("0.25"))));
        };
        String out = printed(command);
        assertTrue(out.contains("Time on exceptions: 8h 30m 0s"), out);
        assertTrue(out.contains("escalations:  4 (0 open), waited 8h 30m 0s"), out);
        assertTrue(out.contains("Automated with an observable rollback: 33.3% (4 of 12) of ended flows"), out);
        assertTrue(out.contains("Decision latency: no decisions"), out);
        assertTrue(out.contains("settle                         20.0% (1 of 5)"), out);
        assertTrue(out.contains("2026-03-02  drafter                         0.2 of 0.25"), out);

        command.days = 0;
        assertThrows(IllegalArgumentException.class, command::execute);
    }

    private static String printed(OperatorMetricsCommand command) throws Exception {
        PrintStream was = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            command.execute();
        } finally {
            System.setOut(was);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
