package io.choreo.notification.store;

import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.choreo.events.EventCodec;
import io.choreo.events.EventEnvelope;
import io.choreo.events.contract.NotificationFailed;
import io.choreo.events.contract.NotificationSent;
import io.choreo.events.projection.FoldedReadModel;
import io.choreo.notification.domain.Notification;

/**
 * {@code notification}: one row per order whose customer was told (or could not be), the fold of
 * its Notification events; {@code sent_at} is when the outcome (NotificationSent or
 * NotificationFailed) occurred.
 */
@ApplicationScoped
public class NotificationsReadModel extends FoldedReadModel {

    static final List<String> COLUMNS =
            List.of("order_id", "correlation_id", "type", "recipient", "subject", "status", "error", "sent_at");

    @Inject
    EventCodec codec;

    public NotificationsReadModel() {
        super("notifications", "notification", NotificationStore.AGGREGATE, "order_id", COLUMNS);
    }

    /** One row an order at most, keyed by the table's primary key; notifications are read by queries only, never while a delivery is handled. */
    @Override
    public boolean writtenAtBatchEnd() {
        return true;
    }

    @Override
    public List<List<Object>> rows(String orderId, List<EventEnvelope> events) {
        EventEnvelope outcome = null;
        for (EventEnvelope event : events) {
            if (isOutcome(event.eventType())) {
                outcome = event;
            }
        }
        if (outcome == null) {
            return List.of();
        }
        Notification notification =
                Notification.fold(orderId, events.stream().map(codec::payload).toList());
        return List.of(Arrays.asList(
                orderId,
                events.get(0).correlationId(),
                notification.type().name(),
                notification.recipient(),
                notification.subject(),
                notification.status().name(),
                notification.error(),
                outcome.occurredAt()));
    }

    private static boolean isOutcome(String eventType) {
        return NotificationSent.class.getSimpleName().equals(eventType)
                || NotificationFailed.class.getSimpleName().equals(eventType);
    }
}
