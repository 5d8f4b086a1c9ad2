package io.choreo.notification.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import io.choreo.events.contract.DomainEvent;
import io.choreo.events.contract.NotificationFailed;
import io.choreo.events.contract.NotificationSent;

/** The Notification aggregate without Quarkus: what it decides, and that its state is the fold of what it decided. */
class NotificationTest {

    /** Decides with the aggregate as folded so far, and appends what it decided, as the service does. */
    static List<DomainEvent> decide(List<DomainEvent> history, Function<Notification, List<DomainEvent>> d) {
        List<DomainEvent> all = new ArrayList<>(history);
        all.addAll(d.apply(Notification.fold("o-1", history)));
        return all;
    }

    @Test
    void aConfirmedOrderIsToldOnceAndTheMessageIsKept() {
        Notification fresh = Notification.fold("o-1", List.of());
        assertFalse(fresh.told());
        Messages.Mail mail =
                fresh.onOutcome(NotificationType.ORDER_CONFIRMED, null).orElseThrow();
        assertEquals("Your order o-1 is confirmed", mail.subject());

        List<DomainEvent> history =
                decide(List.of(), n -> n.sent(NotificationType.ORDER_CONFIRMED, "ada@example.com", mail));
        assertEquals(
                List.of(
                        new MessageComposed("o-1", NotificationType.ORDER_CONFIRMED, "ada@example.com", mail.subject()),
                        new NotificationSent("o-1", "ORDER_CONFIRMED", "ada@example.com")),
                history);
        Notification sent = Notification.fold("o-1", history);
        assertTrue(sent.told());
        assertEquals(NotificationStatus.SENT, sent.status());
        assertEquals(NotificationType.ORDER_CONFIRMED, sent.type());
        assertEquals("ada@example.com", sent.recipient());
        assertEquals(mail.subject(), sent.subject());
        assertNull(sent.error());
    }

    @Test
    void aSecondOutcomeSendsNothing() {
        Messages.Mail mail = Messages.compose(NotificationType.ORDER_CONFIRMED, "o-1", null);
        List<DomainEvent> history =
                decide(List.of(), n -> n.sent(NotificationType.ORDER_CONFIRMED, "ada@example.com", mail));
        Notification told = Notification.fold("o-1", history);
        assertTrue(told.onOutcome(NotificationType.ORDER_CANCELLED, "timed_out").isEmpty());
        assertEquals(List.of(), told.sent(NotificationType.ORDER_CONFIRMED, "ada@example.com", mail));
        assertEquals(List.of(), told.failed(NotificationType.ORDER_CONFIRMED, "ada@example.com", mail, "down"));
    }

    @Test
    void anUndeliverableMessageIsFailedWithItsReasonCutToTheColumn() {
        Messages.Mail mail = Messages.compose(NotificationType.ORDER_REJECTED, "o-1", "out_of_stock");
        String why = "x".repeat(300);
        List<DomainEvent> history =
                decide(List.of(), n -> n.failed(NotificationType.ORDER_REJECTED, "ada@example.invalid", mail, why));
        NotificationFailed failedEvent = (NotificationFailed) history.get(1);
        assertEquals(Notification.MAX_ERROR, failedEvent.reason().length());
        Notification failed = Notification.fold("o-1", history);
        assertEquals(NotificationStatus.FAILED, failed.status());
        assertEquals(NotificationType.ORDER_REJECTED, failed.type());
        assertEquals("ada@example.invalid", failed.recipient());
        assertEquals(mail.subject(), failed.subject());
        assertEquals(failedEvent.reason(), failed.error());
        assertTrue(
                failed.onOutcome(NotificationType.ORDER_REJECTED, "out_of_stock")
                        .isEmpty(),
                "not retried");
    }

    @Test
    void aLegacyHistoryWhoseMessageCameAfterItsOutcomeFoldsTheSame() {
        // Migrated rows: the outcome first (version 1), then the MessageComposed V7 made from the row.
        Notification legacy = Notification.fold(
                "o-1",
                List.of(
                        new NotificationSent("o-1", "ORDER_CANCELLED", "c@example.com"),
                        new MessageComposed("o-1", NotificationType.ORDER_CANCELLED, "c@example.com", "old subject")));
        assertEquals(NotificationStatus.SENT, legacy.status());
        assertEquals("old subject", legacy.subject());
        assertEquals(NotificationType.ORDER_CANCELLED, legacy.type());
    }
}
