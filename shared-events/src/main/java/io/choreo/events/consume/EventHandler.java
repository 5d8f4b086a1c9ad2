package io.choreo.events.consume;

import java.util.List;

import io.choreo.events.EventEnvelope;
import io.smallrye.mutiny.Uni;

/**
 * What a service does with one event, inside the transaction {@link EventConsumer} opened: load,
 * decide, store the new state, and return the events it causes (appended to the outbox in that
 * same transaction). An empty list means the event changes nothing here.
 */
@FunctionalInterface
public interface EventHandler {

    Uni<List<EventEnvelope>> handle(EventEnvelope event);
}
