package io.choreo.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.choreo.events.EventCodec;
import io.choreo.events.EventEnvelope;
import io.choreo.events.outbox.EventStore;
import io.choreo.events.projection.AggregateStore;
import io.choreo.events.projection.ReadModels;
import io.choreo.events.store.ContextState;
import io.choreo.events.store.Sql;
import io.choreo.events.store.Transactions;
import io.choreo.payment.domain.CancellationNoted;
import io.choreo.payment.domain.ChargeRequested;
import io.choreo.payment.store.PaymentStore;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A consumer batch holds its appends until it flushes them in one statement; meanwhile what it
 * loads of an aggregate includes them, so each delivery of the batch decides on the history the
 * ones before it left (EventConsumer, EventStore). It reads its orders' histories in one statement
 * and writes each read model written at a batch's end once, with each aggregate's last fold
 * (ReadModels).
 */
@QuarkusTest
class HeldAppendsTest {

    /** No read model folds this aggregate type, so rebuilds never read these probes. */
    static final String PROBE = "HeldAppendsProbe";

    @Inject
    EventStore store;

    @Inject
    EventCodec codec;

    @Inject
    Vertx vertx;

    @Inject
    Pool pool;

    @Inject
    ReadModels readModels;

    @Inject
    AggregateStore aggregates;

    @Inject
    Transactions transactions;

    @Test
    void heldAppendsAreLoadedBeforeTheFlushAndStoredInOneStatementByIt() throws Exception {
        String id = "held-" + UUID.randomUUID();
        EventEnvelope requested = requested(id, "12.50", PROBE);
        EventEnvelope noted = codec.envelope(new CancellationNoted(id, "test"), PROBE, id, 2, id, null, "test");
        List<String> seen = new ArrayList<>();

        onBatchContext(() -> Panache.withTransaction(() -> {
            store.holdAppends();
            return store.append(List.of(requested), null)
                    .chain(() -> stored(id))
                    .invoke(count -> seen.add("stored after the first append: " + count))
                    .chain(() -> store.load(PROBE, id))
                    .invoke(events -> seen.add("loaded after the first append: " + types(events)))
                    .chain(() -> store.append(List.of(noted), null))
                    .chain(() -> store.loadAfter(PROBE, id, 1))
                    .invoke(events -> seen.add("loaded after version 1: " + types(events)))
                    .chain(store::flush)
                    .chain(() -> stored(id))
                    .invoke(count -> seen.add("stored after the flush: " + count))
                    .replaceWithVoid();
        }));

        assertEquals(
                List.of(
                        "stored after the first append: 0",
                        "loaded after the first append: [ChargeRequested]",
                        "loaded after version 1: [CancellationNoted]",
                        "stored after the flush: 2"),
                seen);
        // Committed in append order, and private: nothing for the relay.
        var rows = pool.preparedQuery("SELECT e.aggregate_version, o.id IS NOT NULL FROM event_store e"
                        + " LEFT JOIN event_outbox o ON o.id = e.id WHERE e.aggregate_id = $1 ORDER BY e.id")
                .execute(Tuple.of(id))
                .await()
                .atMost(Duration.ofSeconds(5));
        List<String> stored = new ArrayList<>();
        rows.forEach(row -> stored.add(row.getLong(0) + (row.getBoolean(1) ? " in the outbox" : "")));
        assertEquals(List.of("1", "2"), stored);
    }

    @Test
    void withoutHoldingAnAppendIsStoredAtOnce() throws Exception {
        String id = "held-" + UUID.randomUUID();
        EventEnvelope requested = requested(id, "1.00", PROBE);
        List<Long> seen = new ArrayList<>();

        onBatchContext(() -> Panache.withTransaction(() -> store.append(List.of(requested), null)
                .chain(() -> stored(id))
                .invoke(seen::add)
                .replaceWithVoid()));

        assertEquals(List.of(1L), seen);
    }

    @Test
    void aBatchLoadsTheHistoriesItPrefetchedWithoutAStatementEachAndWithWhatItHolds() throws Exception {
        String prefetched = "held-" + UUID.randomUUID();
        String other = "held-" + UUID.randomUUID();
        String empty = "held-" + UUID.randomUUID();
        EventEnvelope first = requested(prefetched, "3.00", PROBE);
        EventEnvelope otherFirst = requested(other, "4.00", PROBE);
        EventEnvelope held = codec.envelope(
                new CancellationNoted(prefetched, "test"), PROBE, prefetched, 2, prefetched, null, "test");
        onBatchContext(() -> Panache.withTransaction(() -> store.append(List.of(first, otherFirst), null)));
        List<String> seen = new ArrayList<>();

        onBatchContext(() -> Panache.withTransaction(() -> {
            store.holdAppends();
            return store.prefetch(List.of(prefetched, empty))
                    // Gone from the table now: only the prefetch can still give it.
                    .chain(() -> Sql.update("DELETE FROM event_store WHERE aggregate_id = $1", prefetched))
                    .chain(() -> store.append(List.of(held), null))
                    .chain(() -> store.load(PROBE, prefetched))
                    .invoke(events -> seen.add("prefetched: " + types(events)))
                    .chain(() -> store.loadAfter(PROBE, prefetched, 1))
                    .invoke(events -> seen.add("prefetched after version 1: " + types(events)))
                    .chain(() -> store.load(PROBE, empty))
                    .invoke(events -> seen.add("prefetched, no events: " + types(events)))
                    .chain(() -> store.load(PROBE, other))
                    .invoke(events -> seen.add("not prefetched: " + types(events)))
                    // Not committed: the deleted row stays and the held append is never inserted.
                    .chain(() -> Uni.createFrom().failure(new RollBack()));
        }));

        assertEquals(
                List.of(
                        "prefetched: [ChargeRequested, CancellationNoted]",
                        "prefetched after version 1: [CancellationNoted]",
                        "prefetched, no events: []",
                        "not prefetched: [ChargeRequested]"),
                seen);
    }

    @Test
    void aBatchWritesEachReadModelRowOnceAtItsEndWithTheAggregatesLastFold() throws Exception {
        // Sorted ids: the rows come back in this order.
        String kept = "held-a-" + UUID.randomUUID();
        String also = "held-b-" + UUID.randomUUID();
        String gone = "held-c-" + UUID.randomUUID();
        EventEnvelope requested = requested(kept, "5.00", PaymentStore.AGGREGATE);
        EventEnvelope noted = codec.envelope(
                new CancellationNoted(kept, "test"), PaymentStore.AGGREGATE, kept, 2, kept, null, "test");
        EventEnvelope alsoRequested = requested(also, "7.00", PaymentStore.AGGREGATE);
        EventEnvelope goneRequested = requested(gone, "6.00", PaymentStore.AGGREGATE);
        List<String> seen = new ArrayList<>();
        try {
            // Outside a batch a row is written at once.
            onBatchContext(() ->
                    transactions.run(() -> readModels.refresh(PaymentStore.AGGREGATE, gone, List.of(goneRequested))));
            // A batch's transaction, as EventConsumer runs it: on a connection of the pool.
            onBatchContext(() -> transactions.run(() -> {
                readModels.holdWrites();
                return readModels
                        .refresh(PaymentStore.AGGREGATE, kept, List.of(requested))
                        .chain(() -> readModels.refresh(PaymentStore.AGGREGATE, also, List.of(alsoRequested)))
                        .chain(() -> readModels.refresh(PaymentStore.AGGREGATE, kept, List.of(requested, noted)))
                        .chain(() -> readModels.refresh(PaymentStore.AGGREGATE, gone, List.of()))
                        .chain(() -> payments(kept, also, gone))
                        .invoke(rows -> seen.add("before the flush: " + rows))
                        .chain(readModels::flush)
                        .chain(() -> payments(kept, also, gone))
                        .invoke(rows -> seen.add("after the flush: " + rows))
                        .replaceWithVoid();
            }));
        } finally {
            pool.preparedQuery("DELETE FROM payment WHERE order_id = ANY($1)")
                    .execute(Tuple.of(new String[] {kept, also, gone}))
                    .await()
                    .atMost(Duration.ofSeconds(5));
        }

        assertEquals(
                List.of(
                        "before the flush: [" + gone + " cancelled=false 6.00]",
                        "after the flush: [" + kept + " cancelled=true 5.00, " + also + " cancelled=false 7.00]"),
                seen);
    }

    @Test
    void aBatchHoldsItsAggregatesAtOnceUntilItCommits() throws Exception {
        String first = "held-" + UUID.randomUUID();
        String second = "held-" + UUID.randomUUID();
        List<String> seen = new ArrayList<>();

        onBatchContext(() -> transactions.run(() -> aggregates
                .holdAll(List.of(Map.entry(PROBE, second), Map.entry(PROBE, first)))
                .chain(() -> heldElsewhere(first, second))
                .invoke(held -> seen.add("while the batch runs, taken: " + held))
                // Held by the batch already: answered without a statement (not observed here).
                .chain(() -> aggregates.hold(PROBE, first))
                .invoke(() -> aggregates.forgetHolds())));
        seen.add("after its commit, taken: "
                + heldElsewhere(first, second).await().atMost(Duration.ofSeconds(5)));

        assertEquals(
                List.of("while the batch runs, taken: [true, true]", "after its commit, taken: [false, false]"), seen);
    }

    /** Whether another session finds each probe's hold taken (it takes and frees it when free). */
    private Uni<List<Boolean>> heldElsewhere(String... ids) {
        return pool.withConnection(connection -> {
            Uni<List<Boolean>> taken = Uni.createFrom().item(new ArrayList<>());
            for (String id : ids) {
                taken = taken.chain(list -> connection
                        .preparedQuery("SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0))")
                        .execute(Tuple.of(PROBE + ":" + id))
                        .map(rows -> {
                            list.add(!rows.iterator().next().getBoolean(0));
                            return list;
                        }));
            }
            return taken;
        });
    }

    /** The first event of an aggregate of {@code aggregateType}: a charge of {@code amount} EUR asked for. */
    private EventEnvelope requested(String id, String amount, String aggregateType) {
        return codec.envelope(
                new ChargeRequested(id, new BigDecimal(amount), "EUR"), aggregateType, id, 1, id, null, "test");
    }

    /** Thrown to roll a test's transaction back. */
    private static final class RollBack extends RuntimeException {}

    private static Uni<List<String>> payments(String... ids) {
        return Sql.rows(
                        "SELECT order_id, order_cancelled, amount FROM payment WHERE order_id = ANY($1) ORDER BY order_id",
                        (Object) ids)
                .map(rows -> rows.stream()
                        .map(row -> row[0] + " cancelled=" + row[1] + " " + row[2])
                        .toList());
    }

    private static Uni<Long> stored(String id) {
        return Sql.value("SELECT count(*) FROM event_store WHERE aggregate_id = $1", id)
                .map(count -> ((Number) count).longValue());
    }

    private static List<String> types(List<EventEnvelope> events) {
        return events.stream().map(EventEnvelope::eventType).toList();
    }

    /**
     * Runs {@code work} on a duplicated context of its own, as a consumer batch runs, and waits for
     * it; a {@link RollBack} it ends with is what the test wanted.
     */
    private void onBatchContext(Supplier<Uni<Void>> work) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        io.vertx.core.Context context = ContextState.newContext(vertx);
        context.runOnContext(start -> work.get()
                .onFailure(RollBack.class)
                .recoverWithItem((Void) null)
                .subscribe()
                .with(done::complete, done::completeExceptionally));
        done.get(30, TimeUnit.SECONDS);
    }
}
