package io.choreo.notification.store;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.choreo.events.EventEnvelope;
import io.choreo.events.PrivateEvents;
import io.choreo.events.contract.DomainEvent;
import io.choreo.events.projection.AggregateStore;
import io.choreo.events.projection.AggregateStore.History;
import io.choreo.notification.domain.MessageComposed;
import io.choreo.notification.domain.Notification;
import io.smallrye.mutiny.Uni;

/** Notifications as the event store keeps them: load one (its history, folded), append what was decided. */
@ApplicationScoped
public class NotificationStore implements PrivateEvents {

    public static final String AGGREGATE = "Notification";
    public static final String SOURCE = "notification-service";

    @Inject
    AggregateStore aggregates;

    /** A notification and the history it was folded from. */
    public record Loaded(History history, Notification notification) {}

    /** Loads the notification after holding it: one handling of an order's message at a time, across the mail call. */
    public Uni<Loaded> hold(String orderId) {
        return aggregates.hold(AGGREGATE, orderId).chain(() -> load(orderId));
    }

    public Uni<Loaded> load(String orderId) {
        return aggregates
                .load(AGGREGATE, orderId)
                .map(history -> new Loaded(history, Notification.fold(orderId, aggregates.payloads(history.events()))));
    }

    /** The idempotency key of the message composed for this notification (the id of its MessageComposed). */
    public static String messageKey(Loaded loaded) {
        return loaded.history().lastId(MessageComposed.class).orElseThrow();
    }

    /** The decided events as envelopes after the loaded history, the read model refreshed with them. */
    public Uni<List<EventEnvelope>> append(Loaded loaded, EventEnvelope cause, List<DomainEvent> decided) {
        return aggregates.decided(loaded.history(), cause, SOURCE, decided);
    }

    @Override
    public List<Class<? extends DomainEvent>> types() {
        return List.of(MessageComposed.class);
    }
}
