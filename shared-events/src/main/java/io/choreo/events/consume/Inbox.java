package io.choreo.events.plumbing;

import jakarta.enterprise.context.ApplicationScoped;

import io.choreo.events.EventEnvelope;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * The idempotent-consumer record: the id of every event a service handled, written in the same
 * transaction as the handling's effect. A redelivered or duplicated event finds its id here and
 * has no second effect; two replicas handling the same event at once serialize on the key.
 */
@ApplicationScoped
public class Inbox {

    private static final String INSERT = """
            INSERT INTO processed_event (event_id, event_type, processed_at)
            VALUES (:eventId, :eventType, now())
            ON CONFLICT (event_id) DO NOTHING
            """;

    /** True when {@code event} is handled here for the first time (and now recorded as handled). */
    public Uni<Boolean> firstDelivery(EventEnvelope event) {
        return Panache.getSession().chain(session -> session.createNativeQuery(INSERT)
                .setParameter("eventId", event.eventId())
                .setParameter("eventType", event.eventType())
                .executeUpdate())
                .map(inserted -> inserted == 1);
    }
}
