package io.choreo.events.outbox;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.choreo.events.EventCodec;
import io.choreo.events.EventEnvelope;
import io.choreo.events.store.Sql;
import io.choreo.events.telemetry.TraceContexts;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;

/**
 * The append-only event store of a service, with its transactional outbox: events are inserted
 * in the caller's database transaction (so they commit or roll back with the state change), each
 * public one with its id in {@code event_outbox}, and {@link OutboxRelay} publishes them after
 * commit. A row of {@code event_store} is written once and never changed. {@code (aggregate_id,
 * aggregate_version)} is unique: of two writers of one aggregate version, one loses and retries.
 */
@ApplicationScoped
public class EventStore {

    /** The event, and for a public one its entry in the outbox: one statement. */
    private static final String INSERT = """
            WITH stored AS (
                INSERT INTO event_store (event_id, event_type, schema_version, aggregate_type, aggregate_id,
                                         aggregate_version, correlation_id, causation_id, occurred_at, envelope,
                                         traceparent, private_event)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
                RETURNING id)
            INSERT INTO event_outbox (id) SELECT id FROM stored WHERE NOT $12
            """;

    private static final String LOAD = """
            SELECT envelope FROM event_store WHERE aggregate_id = $1 AND aggregate_type = $2
              AND aggregate_version > $3
            ORDER BY aggregate_version
            """;

    @Inject
    EventCodec codec;

    /** Appends in the current transaction, with the current trace context (an HTTP request's span). */
    public Uni<Void> append(List<EventEnvelope> events) {
        return append(events, TraceContexts.traceparent(Context.current()));
    }

    /** Appends in the current transaction; the relay will publish under {@code traceparent}. */
    public Uni<Void> append(List<EventEnvelope> events, String traceparent) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (EventEnvelope event : events) {
            chain = chain.chain(() -> insert(event, traceparent));
        }
        return chain;
    }

    /**
     * Every event of one aggregate, oldest first, lifted to the newest schema versions: what its
     * state is folded from. Read in the current transaction.
     */
    public Uni<List<EventEnvelope>> load(String aggregateType, String aggregateId) {
        return loadAfter(aggregateType, aggregateId, 0);
    }

    /** The events of one aggregate after {@code version} (what a snapshot taken at that version lacks). */
    public Uni<List<EventEnvelope>> loadAfter(String aggregateType, String aggregateId, long version) {
        return Sql.rows(LOAD, aggregateId, aggregateType, version)
                .map(rows ->
                        rows.stream().map(row -> codec.decode((String) row[0])).toList());
    }

    /** The trace context an event was stored under: what a later event it causes continues. */
    public Uni<String> traceparent(UUID eventId) {
        return Sql.value("SELECT traceparent FROM event_store WHERE event_id = $1", eventId)
                .map(traceparent -> (String) traceparent);
    }

    private Uni<Void> insert(EventEnvelope e, String traceparent) {
        return Sql.update(
                        INSERT,
                        e.eventId(),
                        e.eventType(),
                        e.schemaVersion(),
                        e.aggregateType(),
                        e.aggregateId(),
                        e.aggregateVersion(),
                        e.correlationId(),
                        e.causationId(),
                        OffsetDateTime.ofInstant(e.occurredAt(), ZoneOffset.UTC),
                        codec.encode(e),
                        traceparent,
                        codec.isPrivate(e.eventType()))
                .replaceWithVoid();
    }
}
