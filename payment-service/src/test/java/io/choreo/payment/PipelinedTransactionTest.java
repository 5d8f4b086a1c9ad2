package io.choreo.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.choreo.events.EventCodec;
import io.choreo.events.EventEnvelope;
import io.choreo.events.consume.EventConsumer;
import io.choreo.events.outbox.EventStore;
import io.choreo.events.store.ContextState;
import io.choreo.events.store.Sql;
import io.choreo.events.store.Transactions;
import io.choreo.payment.domain.ChargeRequested;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A transaction of {@link Transactions#run} does not wait for its writes (an append, a read
 * model's rows): they go out with what follows and with the COMMIT (io.choreo.events.store.Pipeline).
 * One that fails must still fail the transaction, with its own error (a unique violation is a
 * conflict the consumer retries), and leave nothing of it committed, although PostgreSQL answers
 * the COMMIT of an aborted transaction with ROLLBACK and no error, and fails every statement after
 * the failed one with "current transaction is aborted".
 */
@QuarkusTest
class PipelinedTransactionTest {

    /** No read model folds this aggregate type. */
    static final String PROBE = "PipelineProbe";

    @Inject
    EventStore store;

    @Inject
    EventCodec codec;

    @Inject
    Vertx vertx;

    @Inject
    Pool pool;

    @Inject
    Transactions transactions;

    @Test
    void anAppendThatCollidesFailsTheCommitWithItsUniqueViolationAndNothingIsStored() throws Exception {
        String taken = "pipeline-" + UUID.randomUUID();
        String other = "pipeline-" + UUID.randomUUID();
        run(() -> transactions.run(() -> store.append(List.of(requested(taken, "1.00")), null)));

        // The colliding append (version 1 again) and a good one, both sent and not waited for; the
        // COMMIT goes out right behind them.
        Throwable failure = failureOf(() -> transactions.run(() -> store.append(List.of(requested(taken, "2.00")), null)
                .chain(() -> store.append(List.of(requested(other, "3.00")), null))));

        assertTrue(
                EventConsumer.isConflict(failure),
                "the transaction fails with the append's unique violation, a conflict: " + failure);
        assertEquals(List.of("1.00"), amounts(taken));
        assertEquals(List.of(), amounts(other));
    }

    @Test
    void aStatementAfterAFailedWriteFailsTheTransactionWithTheWritesErrorNotItsEcho() throws Exception {
        String taken = "pipeline-" + UUID.randomUUID();
        run(() -> transactions.run(() -> store.append(List.of(requested(taken, "1.00")), null)));

        // The read after the colliding append fails with "current transaction is aborted" (25P02):
        // what the transaction reports is the cause, the append's 23505.
        Throwable failure = failureOf(() -> transactions.run(() -> store.append(List.of(requested(taken, "2.00")), null)
                .chain(() -> Sql.value("SELECT count(*) FROM event_store WHERE aggregate_id = $1", taken))
                .replaceWithVoid()));

        assertTrue(failure.toString().contains("23505"), "the append's unique violation: " + failure);
        assertTrue(EventConsumer.isConflict(failure), "a conflict: " + failure);
        assertEquals(List.of("1.00"), amounts(taken));
    }

    @Test
    void aFailureTheWorkRecoveredFromStillFailsTheCommitAndNothingIsStored() throws Exception {
        String id = "pipeline-" + UUID.randomUUID();

        // PostgreSQL has aborted the transaction at the division: its COMMIT answers ROLLBACK.
        Throwable failure = failureOf(() -> transactions.run(() -> store.append(List.of(requested(id, "5.00")), null)
                .chain(() -> Sql.value("SELECT 1 / 0"))
                .onFailure()
                .recoverWithItem(0)
                .replaceWithVoid()));

        assertTrue(failure.toString().contains("22012"), "the division's error: " + failure);
        assertEquals(List.of(), amounts(id));
    }

    @Test
    void whatATransactionWroteWithoutWaitingIsReadBackInItAndCommitted() throws Exception {
        String id = "pipeline-" + UUID.randomUUID();
        List<Long> seen = new ArrayList<>();

        run(() -> transactions.run(() -> store.append(List.of(requested(id, "4.00")), null)
                .chain(() -> Sql.value("SELECT count(*) FROM event_store WHERE aggregate_id = $1", id))
                .invoke(count -> seen.add(((Number) count).longValue()))
                .replaceWithVoid()));

        assertEquals(List.of(1L), seen);
        assertEquals(List.of("4.00"), amounts(id));
    }

    private EventEnvelope requested(String id, String amount) {
        return codec.envelope(new ChargeRequested(id, new BigDecimal(amount), "EUR"), PROBE, id, 1, id, null, "test");
    }

    /** The amounts of the committed events of one probe aggregate. */
    private List<String> amounts(String id) {
        var rows = pool.preparedQuery("SELECT envelope::jsonb #>> '{payload,amount}' FROM event_store"
                        + " WHERE aggregate_id = $1 ORDER BY id")
                .execute(Tuple.of(id))
                .await()
                .atMost(Duration.ofSeconds(5));
        List<String> amounts = new ArrayList<>();
        rows.forEach(
                row -> amounts.add(new BigDecimal(row.getString(0)).setScale(2).toPlainString()));
        return amounts;
    }

    private Throwable failureOf(Supplier<Uni<Void>> work) throws Exception {
        CompletableFuture<Throwable> done = new CompletableFuture<>();
        io.vertx.core.Context context = ContextState.newContext(vertx);
        context.runOnContext(start -> work.get()
                .subscribe()
                .with(
                        ok -> done.completeExceptionally(new AssertionError("the transaction committed")),
                        done::complete));
        return done.get(30, TimeUnit.SECONDS);
    }

    /** Runs {@code work} on a duplicated context of its own, as a consumer batch runs, and waits for it. */
    private void run(Supplier<Uni<Void>> work) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        io.vertx.core.Context context = ContextState.newContext(vertx);
        context.runOnContext(start -> work.get().subscribe().with(done::complete, done::completeExceptionally));
        done.get(30, TimeUnit.SECONDS);
    }
}
