package io.choreo.events.consume;

import jakarta.enterprise.context.ApplicationScoped;

import io.choreo.events.EventEnvelope;
import io.choreo.events.store.Sql;
import io.smallrye.mutiny.Uni;

/**
 * The idempotent-consumer record: the id of every event a service handled, written in the same
 * transaction as the handling's effect. A redelivered or duplicated event finds its id here and
 * has no second effect (only its delivery is counted); two replicas handling the same event at
 * once serialize on the key.
 */
@ApplicationScoped
public class Inbox {

    private static final String INSERT = """
            INSERT INTO processed_event (event_id, event_type, processed_at, deliveries)
            VALUES ($1, $2, now(), 1)
            ON CONFLICT (event_id) DO UPDATE SET deliveries = processed_event.deliveries + 1
            RETURNING deliveries
            """;

    private static final String HANDLED = "SELECT count(*) FROM processed_event WHERE event_id = $1";

    /** True when {@code event} was handled completely before (its handling committed its inbox row). */
    public Uni<Boolean> handled(EventEnvelope event) {
        return Sql.value(HANDLED, event.eventId()).map(count -> ((Number) count).longValue() > 0);
    }

    private static final String FORGET = "DELETE FROM processed_event WHERE event_id = $1";

    /** True when {@code event} is handled here for the first time (and now recorded as handled). */
    public Uni<Boolean> firstDelivery(EventEnvelope event) {
        return Sql.value(INSERT, event.eventId(), event.eventType())
                .map(deliveries -> ((Number) deliveries).intValue() == 1);
    }

    /**
     * Takes back the row {@link #firstDelivery} wrote in this transaction: the handling turned out
     * to commit a provider call's intent, which must not count as handled.
     */
    public Uni<Void> forget(EventEnvelope event) {
        return Sql.update(FORGET, event.eventId()).replaceWithVoid();
    }
}
