package io.choreo.events.consume;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

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

    /** As {@link #INSERT} for many events, in event-id order (two replicas' batches lock them in one order). */
    private static final String INSERT_ALL = """
            INSERT INTO processed_event (event_id, event_type, processed_at, deliveries)
            SELECT e, t, now(), 1 FROM unnest($1::uuid[], $2::text[]) AS delivered (e, t) ORDER BY e
            ON CONFLICT (event_id) DO UPDATE SET deliveries = processed_event.deliveries + 1
            RETURNING event_id, deliveries
            """;

    private static final String HANDLED_AMONG = "SELECT event_id FROM processed_event WHERE event_id = ANY($1)";

    /** True when {@code event} was handled completely before (its handling committed its inbox row). */
    public Uni<Boolean> handled(EventEnvelope event) {
        return Sql.value(HANDLED, event.eventId()).map(count -> ((Number) count).longValue() > 0);
    }

    /**
     * {@link #firstDelivery} for many events in one statement: the ids of those handled here for the
     * first time. The same event twice among them would fail the statement (a row changed twice):
     * a batch never holds two copies of one event.
     */
    public Uni<Set<UUID>> firstDeliveries(List<EventEnvelope> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        UUID[] ids = events.stream().map(EventEnvelope::eventId).toArray(UUID[]::new);
        String[] types = events.stream().map(EventEnvelope::eventType).toArray(String[]::new);
        return Sql.rows(INSERT_ALL, ids, types).map(rows -> {
            Set<UUID> first = new HashSet<>();
            rows.forEach(row -> {
                if (((Number) row[1]).intValue() == 1) {
                    first.add((UUID) row[0]);
                }
            });
            return first;
        });
    }

    /** {@link #handled} for many events in one statement: the ids of those handled completely before. */
    public Uni<Set<UUID>> handledAmong(List<EventEnvelope> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        UUID[] ids = events.stream().map(EventEnvelope::eventId).toArray(UUID[]::new);
        return Sql.rows(HANDLED_AMONG, (Object) ids).map(rows -> {
            Set<UUID> handled = new HashSet<>();
            rows.forEach(row -> handled.add((UUID) row[0]));
            return handled;
        });
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
