package io.choreo.events.outbox;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.choreo.events.EventCodec;
import io.choreo.events.EventEnvelope;
import io.choreo.events.store.ContextState;
import io.choreo.events.store.Sql;
import io.choreo.events.telemetry.TraceContexts;
import io.opentelemetry.context.Context;
import io.smallrye.common.vertx.ContextLocals;
import io.smallrye.mutiny.Uni;

/**
 * The append-only event store of a service, with its transactional outbox: events are inserted
 * in the caller's database transaction (so they commit or roll back with the state change), each
 * public one with its id in {@code event_outbox}, and {@link OutboxRelay} publishes them after
 * commit. A row of {@code event_store} is written once and never changed. {@code (aggregate_id,
 * aggregate_version)} is unique: of two writers of one aggregate version, one loses and retries.
 *
 * <p>A transaction that handles many deliveries (a consumer's batch) may {@linkplain #holdAppends
 * hold} its appends and {@linkplain #flush insert} them all in one statement before it commits;
 * meanwhile what it loads of an aggregate includes what it holds of it, so each delivery decides
 * on the history the ones before it left. Two held appends of one aggregate version still collide
 * at the insert, and the whole transaction rolls back.
 */
@ApplicationScoped
public class EventStore {

    /** Events in append order, and for the public ones their entries in the outbox: one statement. */
    private static final String INSERT = """
            WITH stored AS (
                INSERT INTO event_store (event_id, event_type, schema_version, aggregate_type, aggregate_id,
                                         aggregate_version, correlation_id, causation_id, occurred_at, envelope,
                                         traceparent, private_event)
                SELECT e, t, v, at, ai, av, c, ca, o, env, tp, p
                FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[], $5::text[], $6::bigint[], $7::text[],
                            $8::text[], $9::timestamptz[], $10::text[], $11::text[], $12::boolean[])
                     WITH ORDINALITY AS appended (e, t, v, at, ai, av, c, ca, o, env, tp, p, n)
                ORDER BY n
                RETURNING id, private_event)
            INSERT INTO event_outbox (id) SELECT id FROM stored WHERE NOT private_event
            """;

    private static final String LOAD = """
            SELECT envelope FROM event_store WHERE aggregate_id = $1 AND aggregate_type = $2
              AND aggregate_version > $3
            ORDER BY aggregate_version
            """;

    /** Every event of the aggregates with some ids, oldest first: a batch's histories in one statement. */
    private static final String PREFETCH = """
            SELECT aggregate_type, aggregate_id, envelope FROM event_store WHERE aggregate_id = ANY($1)
            ORDER BY aggregate_id, aggregate_type, aggregate_version
            """;

    /** The current Vert.x context's held appends (a consumer batch's context). */
    private static final String HELD = EventStore.class.getName() + ".held";

    /** The histories the current context's batch read at once ({@link #prefetch}). */
    private static final String PREFETCHED = EventStore.class.getName() + ".prefetched";

    /**
     * What {@link #prefetch} read: the ids asked for, and the stored envelopes by aggregate type and
     * id, each history decoded at its first load and kept (a batch loads one order once a delivery,
     * inventory once more to hold its stock).
     */
    private record Prefetched(
            Set<String> aggregateIds, Map<String, List<String>> envelopes, Map<String, List<EventEnvelope>> decoded) {

        static String key(String aggregateType, String aggregateId) {
            return aggregateType + '\u0000' + aggregateId;
        }

        List<EventEnvelope> history(String aggregateType, String aggregateId, EventCodec codec) {
            return decoded.computeIfAbsent(
                    key(aggregateType, aggregateId), key -> envelopes.getOrDefault(key, List.of()).stream()
                            .map(codec::decode)
                            .toList());
        }
    }

    @Inject
    EventCodec codec;

    /** An event to insert, with the trace context the relay will publish it under. */
    private record Append(EventEnvelope event, String traceparent) {}

    /** Appends in the current transaction, with the current trace context (an HTTP request's span). */
    public Uni<Void> append(List<EventEnvelope> events) {
        return append(events, TraceContexts.traceparent(Context.current()));
    }

    /** Appends in the current transaction (held for {@link #flush} when it holds appends); the relay will publish under {@code traceparent}. */
    public Uni<Void> append(List<EventEnvelope> events, String traceparent) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Append> appends =
                events.stream().map(e -> new Append(e, traceparent)).toList();
        List<Append> held = held();
        if (held != null) {
            held.addAll(appends);
            return Uni.createFrom().voidItem();
        }
        return insert(appends);
    }

    /**
     * From now on, the appends on the current Vert.x context (which must be a duplicated one, as a
     * consumer batch runs on) wait for {@link #flush}, and loads see them.
     */
    public void holdAppends() {
        ContextLocals.put(HELD, new ArrayList<Append>());
        ContextLocals.remove(PREFETCHED);
    }

    /** Inserts what is held, in one statement, in the current transaction; appends after it are not held. */
    public Uni<Void> flush() {
        List<Append> held = held();
        if (held == null) {
            return Uni.createFrom().voidItem();
        }
        ContextLocals.remove(HELD);
        ContextLocals.remove(PREFETCHED);
        return held.isEmpty() ? Uni.createFrom().voidItem() : insert(held);
    }

    /**
     * While appends are held (a consumer's batch), reads every event of the aggregates with these
     * ids in one statement, in the current transaction; the batch's loads of them then need no
     * statement each, and give what the database held at the prefetch followed by what the batch
     * holds. The batch takes its holds ({@code AggregateStore.holdAll}) before, so an aggregate it
     * holds has no other writer until it commits. One it does not hold may gain an event from
     * another transaction meanwhile (another replica, the other batch, the clock): the batch then
     * decides on the history before it, its append of that version collides with the other one at
     * {@link #flush}, and the batch rolls back and each of its deliveries is handled alone, as for
     * any conflict.
     */
    public Uni<Void> prefetch(Collection<String> aggregateIds) {
        if (held() == null || aggregateIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Set<String> ids = Set.copyOf(aggregateIds);
        return Sql.rows(PREFETCH, (Object) ids.toArray(String[]::new))
                .invoke(rows -> {
                    Map<String, List<String>> envelopes = new HashMap<>();
                    for (Object[] row : rows) {
                        envelopes
                                .computeIfAbsent(
                                        Prefetched.key((String) row[0], (String) row[1]), k -> new ArrayList<>())
                                .add((String) row[2]);
                    }
                    ContextLocals.put(PREFETCHED, new Prefetched(ids, envelopes, new HashMap<>()));
                })
                .replaceWithVoid();
    }

    private static List<Append> held() {
        return ContextState.get(HELD);
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
        List<Append> holding = held();
        Prefetched prefetched = holding == null ? null : ContextState.get(PREFETCHED);
        Uni<List<EventEnvelope>> stored;
        if (prefetched != null && prefetched.aggregateIds().contains(aggregateId)) {
            List<EventEnvelope> history = prefetched.history(aggregateType, aggregateId, codec);
            List<EventEnvelope> events = new ArrayList<>(history.size());
            for (EventEnvelope event : history) {
                if (event.aggregateVersion() > version) {
                    events.add(event);
                }
            }
            stored = Uni.createFrom().item(events);
        } else {
            stored = Sql.rows(LOAD, aggregateId, aggregateType, version).map(rows -> {
                List<EventEnvelope> events = new ArrayList<>(rows.size());
                rows.forEach(row -> events.add(codec.decode((String) row[0])));
                return events;
            });
        }
        return stored.map(events -> {
            List<Append> held = held();
            if (held != null) {
                long after = events.isEmpty()
                        ? version
                        : events.get(events.size() - 1).aggregateVersion();
                for (Append append : held) {
                    EventEnvelope e = append.event();
                    if (e.aggregateVersion() > after
                            && e.aggregateId().equals(aggregateId)
                            && e.aggregateType().equals(aggregateType)) {
                        events.add(e);
                        after = e.aggregateVersion();
                    }
                }
            }
            return events;
        });
    }

    /** The trace context an event was stored under: what a later event it causes continues. */
    public Uni<String> traceparent(UUID eventId) {
        return Sql.value("SELECT traceparent FROM event_store WHERE event_id = $1", eventId)
                .map(traceparent -> (String) traceparent);
    }

    private Uni<Void> insert(List<Append> appends) {
        int n = appends.size();
        UUID[] ids = new UUID[n];
        String[] types = new String[n];
        Integer[] versions = new Integer[n];
        String[] aggregateTypes = new String[n];
        String[] aggregateIds = new String[n];
        Long[] aggregateVersions = new Long[n];
        String[] correlations = new String[n];
        String[] causations = new String[n];
        OffsetDateTime[] occurred = new OffsetDateTime[n];
        String[] envelopes = new String[n];
        String[] traceparents = new String[n];
        Boolean[] privates = new Boolean[n];
        for (int i = 0; i < n; i++) {
            EventEnvelope e = appends.get(i).event();
            ids[i] = e.eventId();
            types[i] = e.eventType();
            versions[i] = e.schemaVersion();
            aggregateTypes[i] = e.aggregateType();
            aggregateIds[i] = e.aggregateId();
            aggregateVersions[i] = e.aggregateVersion();
            correlations[i] = e.correlationId();
            causations[i] = e.causationId();
            occurred[i] = OffsetDateTime.ofInstant(e.occurredAt(), ZoneOffset.UTC);
            envelopes[i] = codec.encode(e);
            traceparents[i] = appends.get(i).traceparent();
            privates[i] = codec.isPrivate(e.eventType());
        }
        return Sql.write(
                INSERT,
                ids,
                types,
                versions,
                aggregateTypes,
                aggregateIds,
                aggregateVersions,
                correlations,
                causations,
                occurred,
                envelopes,
                traceparents,
                privates);
    }
}
