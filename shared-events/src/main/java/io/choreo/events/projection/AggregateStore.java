package io.choreo.events.projection;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.choreo.events.EventCodec;
import io.choreo.events.EventEnvelope;
import io.choreo.events.contract.DomainEvent;
import io.choreo.events.outbox.EventStore;
import io.choreo.events.store.ContextState;
import io.choreo.events.store.Sql;
import io.smallrye.common.vertx.ContextLocals;
import io.smallrye.mutiny.Uni;

/**
 * Event sourcing, the part every service shares: load an aggregate's history from the store,
 * and turn what the domain decided into envelopes numbered after that history, with the
 * aggregate's read models refreshed from all of it. The envelopes are appended by the consumer
 * in the same transaction; {@code (aggregate_id, aggregate_version)} is unique, so of two
 * writers that decided from the same history one loses, and its handling is retried from the
 * new history (optimistic concurrency: no update is lost).
 */
@ApplicationScoped
public class AggregateStore {

    /** The aggregates the current context's batch holds ({@link #holdAll}), by key. */
    private static final String HELD = AggregateStore.class.getName() + ".held";

    /** What the current context's batch does just before its writes ({@link #beforeFlush}), by name. */
    private static final String BEFORE_FLUSH = AggregateStore.class.getName() + ".beforeFlush";

    @Inject
    EventStore store;

    @Inject
    EventCodec codec;

    @Inject
    ReadModels readModels;

    /** An aggregate's events, oldest first; its version is the last one's. */
    public record History(String aggregateType, String aggregateId, List<EventEnvelope> events) {

        public long version() {
            return events.isEmpty() ? 0 : events.get(events.size() - 1).aggregateVersion();
        }

        /**
         * The id of the last event of {@code type} in this history, for a provider call's idempotency
         * key: the intent's id is the same however often the call is repeated.
         */
        public Optional<String> lastId(Class<? extends DomainEvent> type) {
            for (int i = events.size() - 1; i >= 0; i--) {
                if (events.get(i).eventType().equals(type.getSimpleName())) {
                    return Optional.of(events.get(i).eventId().toString());
                }
            }
            return Optional.empty();
        }
    }

    public Uni<History> load(String aggregateType, String aggregateId) {
        return store.load(aggregateType, aggregateId).map(events -> new History(aggregateType, aggregateId, events));
    }

    /**
     * Holds one aggregate for the rest of the transaction: writers that take it run one after the
     * other. For a decision whose provider call a racing writer could turn into a lost effect (a
     * charge made, then the retry finds the order cancelled and records nothing): take it, then load
     * and decide. Writers that do not take it are still kept honest by the unique version.
     */
    public Uni<Void> hold(String aggregateType, String aggregateId) {
        String key = holdKey(aggregateType, aggregateId);
        Set<String> held = heldByBatch();
        if (held != null && held.contains(key)) {
            return Uni.createFrom().voidItem();
        }
        return Sql.rows("SELECT count(*) FROM (SELECT pg_advisory_xact_lock(hashtextextended($1, 0))) AS held", key)
                .replaceWithVoid();
    }

    /**
     * Holds one aggregate for the rest of the transaction if no other transaction holds it, without
     * waiting: false when one does (a consumer's batch deciding it). For a writer that would
     * rather leave the aggregate to its holder than wait (the order clock).
     */
    public Uni<Boolean> tryHold(String aggregateType, String aggregateId) {
        return Sql.rows(
                        "SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0))",
                        holdKey(aggregateType, aggregateId))
                .map(rows -> Boolean.TRUE.equals(rows.get(0)[0]));
    }

    /**
     * Holds all these aggregates (type, id) for the rest of the transaction, in one statement and
     * in one order (by key, so two batches never wait for each other in a circle); the
     * {@link #hold}s of them that follow on this Vert.x context (a consumer batch's own) need no
     * statement, until {@link #forgetHolds}. A batch takes them before it reads its histories, so
     * what it loads of them is what their last holder committed.
     */
    public Uni<Void> holdAll(Collection<Map.Entry<String, String>> aggregates) {
        if (aggregates.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        TreeSet<String> keys = new TreeSet<>();
        aggregates.forEach(aggregate -> keys.add(holdKey(aggregate.getKey(), aggregate.getValue())));
        return Sql.rows(
                        "SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0))) FROM unnest($1::text[]) AS k",
                        (Object) keys.toArray(String[]::new))
                .invoke(() -> ContextLocals.put(HELD, Set.copyOf(keys)))
                .replaceWithVoid();
    }

    /**
     * From now on, on the current Vert.x context (a consumer's batch, a group of placements), the
     * appends and the rows of the read models written at a batch's end wait for {@link #flushWrites}.
     */
    public void holdWrites() {
        store.holdAppends();
        readModels.holdWrites();
        ContextLocals.put(BEFORE_FLUSH, new LinkedHashMap<String, Supplier<Uni<Void>>>());
    }

    /**
     * Has {@code work} done once at the end of the current context's batch, just before its writes
     * ({@link #flushWrites}), which it may add to: what a batch would rather lock as late as it can
     * (inventory's stock). Registered again under the same name, it is still done once. Outside a
     * batch that holds its writes, it is done at once.
     */
    public Uni<Void> beforeFlush(String name, Supplier<Uni<Void>> work) {
        Map<String, Supplier<Uni<Void>>> waiting = ContextState.get(BEFORE_FLUSH);
        if (waiting == null) {
            return work.get();
        }
        waiting.putIfAbsent(name, work);
        return Uni.createFrom().voidItem();
    }

    /**
     * Writes what {@link #holdWrites} kept, in the current transaction, after the work registered
     * {@linkplain #beforeFlush before it}: the read models' rows first, then the events, the order
     * a projection rebuild locks them in (model tables, then the store).
     */
    public Uni<Void> flushWrites() {
        Map<String, Supplier<Uni<Void>>> waiting = ContextState.get(BEFORE_FLUSH);
        ContextState.remove(BEFORE_FLUSH);
        Uni<Void> before = Uni.createFrom().voidItem();
        if (waiting != null) {
            for (Supplier<Uni<Void>> work : waiting.values()) {
                before = before.chain(() -> work.get());
            }
        }
        return before.chain(readModels::flush).chain(store::flush);
    }

    /** Ends what {@link #holdAll} told this context: its transaction is over, and its locks with it. */
    public void forgetHolds() {
        ContextState.remove(HELD);
    }

    private static String holdKey(String aggregateType, String aggregateId) {
        return aggregateType + ":" + aggregateId;
    }

    private static Set<String> heldByBatch() {
        return ContextState.get(HELD);
    }

    /** The payloads of a history, each as its event record: what the domain folds. */
    public List<DomainEvent> payloads(List<EventEnvelope> events) {
        return events.stream().map(codec::payload).toList();
    }

    /**
     * The events the domain decided after {@code history}, caused by {@code cause}, as envelopes
     * with the next versions; the aggregate's read models now show its whole history.
     */
    public Uni<List<EventEnvelope>> decided(
            History history, EventEnvelope cause, String source, List<? extends DomainEvent> events) {
        return decided(history, cause.correlationId(), cause.eventId().toString(), source, events);
    }

    /** As above, for a decision no event caused (a request from outside, the clock). */
    public Uni<List<EventEnvelope>> decided(
            History history,
            String correlationId,
            String causationId,
            String source,
            List<? extends DomainEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<EventEnvelope> envelopes = envelopes(
                history.aggregateType(),
                history.aggregateId(),
                history.version(),
                correlationId,
                causationId,
                source,
                events);
        List<EventEnvelope> all = new ArrayList<>(history.events());
        all.addAll(envelopes);
        return readModels
                .refresh(history.aggregateType(), history.aggregateId(), all)
                .replaceWith(List.copyOf(envelopes));
    }

    /** Envelopes for events of one aggregate, numbered after {@code version}; the caller keeps its read models. */
    public List<EventEnvelope> envelopes(
            String aggregateType,
            String aggregateId,
            long version,
            String correlationId,
            String causationId,
            String source,
            List<? extends DomainEvent> events) {
        List<EventEnvelope> envelopes = new ArrayList<>();
        for (DomainEvent event : events) {
            envelopes.add(codec.envelope(
                    event,
                    aggregateType,
                    aggregateId,
                    version + envelopes.size() + 1,
                    correlationId,
                    causationId,
                    source));
        }
        return List.copyOf(envelopes);
    }
}
