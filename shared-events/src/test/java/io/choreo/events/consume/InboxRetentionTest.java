package io.choreo.events.consume;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The inbox window must outlast every redelivery, or a late copy of an event would take effect twice. */
class InboxRetentionTest {

    static final List<Duration> DELAYS = List.of(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(25));

    @Test
    void aWindowShorterThanTheRetryScheduleAndAnOutageHoldIsRefused() {
        IllegalStateException refused = assertThrows(
                IllegalStateException.class,
                () -> InboxRetention.check(Duration.ofMinutes(10), DELAYS, Duration.ofMinutes(10)));
        assertTrue(refused.getMessage().contains("choreo.inbox.retention"), refused.getMessage());
        assertThrows(
                IllegalStateException.class, () -> InboxRetention.check(Duration.ofSeconds(31), DELAYS, Duration.ZERO));
    }

    @Test
    void theDefaultWindowIsAccepted() {
        assertDoesNotThrow(() -> InboxRetention.check(Duration.ofDays(7), DELAYS, Duration.ofMinutes(10)));
    }
}
