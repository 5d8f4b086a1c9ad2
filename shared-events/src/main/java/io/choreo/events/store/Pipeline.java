package io.choreo.events.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A transaction that does not wait where it need not: its {@code BEGIN} is sent and not waited
 * for, so it goes out with the first statement; writes whose outcome only the commit needs
 * ({@link #write}) are sent and not waited for either, and the {@code COMMIT} follows them at
 * once. The PostgreSQL client pipelines what is sent on one connection, and the server runs it in
 * the order sent, so a batch's transaction takes one round trip at its start and one at its end
 * instead of one a statement. (Vert.x's own {@code withTransaction} sends each command only once
 * the one before answered: {@code BEGIN} and {@code COMMIT} were two of the round trips of every
 * transaction, and on two cores each one costs both processes a wake-up.)
 *
 * <p>Failure: the server aborts a transaction at its first failed statement; the statements after
 * it fail with "current transaction is aborted", and a {@code COMMIT} of it answers
 * {@code ROLLBACK} without an error. So the outcome of every statement sent (waited for or not) is
 * checked before the commit counts as done, and the transaction fails with the first failure in
 * the order sent (the cause, not its echoes): a unique violation of an append is still a conflict
 * to retry ({@code EventConsumer.isConflict}).
 */
public final class Pipeline {

    private static final Logger LOG = Logger.getLogger(Pipeline.class);

    private final SqlConnection connection;

    /** Every statement sent, in the order sent ({@code BEGIN} first): what the commit and a rollback look at. */
    private final List<CompletableFuture<?>> sent = new ArrayList<>();

    private Pipeline(SqlConnection connection) {
        this.connection = connection;
    }

    /**
     * Runs {@code work} in a transaction on a connection of {@code pool}: committed when it
     * succeeds, rolled back when it fails; the connection goes back to the pool after either.
     */
    public static <T> Uni<T> run(Pool pool, Function<Pipeline, Uni<T>> work) {
        Uni<T> transaction = pool.getConnection().chain(connection -> {
            Pipeline pipeline = new Pipeline(connection);
            pipeline.send(connection.query("BEGIN").execute());
            Uni<T> done;
            try {
                done = work.apply(pipeline);
                if (done == null) {
                    done = Uni.createFrom().failure(new NullPointerException("the transaction's work gave no Uni"));
                }
            } catch (Throwable e) {
                done = Uni.createFrom().failure(e);
            }
            return done.onItem()
                    .call(pipeline::commit)
                    .onFailure()
                    .recoverWithUni(pipeline::rollback)
                    .eventually(() -> connection.close().onFailure().recoverWithNull());
        });
        // Shielded from cancellation: a cancelled transaction would otherwise give its connection
        // back to the pool with the transaction still open (the pool knows nothing of a BEGIN sent
        // as a statement), for the next user's COMMIT to commit. It runs to its commit or rollback.
        return Uni.createFrom().emitter(emitter -> transaction.subscribe().with(emitter::complete, emitter::fail));
    }

    /** The transaction's connection: what is run on it is sent after everything sent before. */
    public SqlConnection connection() {
        return connection;
    }

    /**
     * Sends {@code sql} when subscribed, and gives its answer: a statement waited for, kept in the
     * order sent with the others, so a rollback reports the first failure whatever its kind and a
     * commit after a failure the work recovered from fails too.
     */
    public Uni<RowSet<Row>> query(String sql, Tuple parameters) {
        return Uni.createFrom().deferred(() -> Uni.createFrom()
                .completionStage(send(connection.preparedQuery(sql).execute(parameters))));
    }

    /** Sends a write whose outcome the commit checks; it is not waited for (see above). */
    public void write(String sql, Tuple parameters) {
        send(connection.preparedQuery(sql).execute(parameters));
    }

    /** Sends {@code statement} now, and keeps its outcome in the order sent. */
    private <R> CompletableFuture<R> send(Uni<R> statement) {
        CompletableFuture<R> answer = statement.subscribeAsCompletionStage();
        sent.add(answer);
        return answer;
    }

    /** Sends the COMMIT behind what was sent; done when all of it and the commit succeeded. */
    private Uni<Void> commit() {
        send(connection.query("COMMIT").execute());
        return Uni.createFrom()
                .completionStage(CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
                        .handle((ignored, failure) -> null))
                .chain(() -> {
                    Throwable first = firstFailure();
                    return first == null
                            ? Uni.createFrom().voidItem()
                            : Uni.createFrom().failure(first);
                });
    }

    /**
     * Rolls back after {@code failure}, and fails with the first failure among the statements sent
     * (it came before, and caused, what the work saw), else with {@code failure}.
     */
    private <T> Uni<T> rollback(Throwable failure) {
        // Answered in the order sent: once the ROLLBACK is, so is everything sent before it.
        return connection
                .query("ROLLBACK")
                .execute()
                .onFailure()
                .invoke(rollbackFailed -> LOG.debugf("rolling back: %s", rollbackFailed.toString()))
                .onFailure()
                .recoverWithNull()
                .chain(() -> {
                    Throwable cause = firstFailure();
                    return Uni.createFrom().<T>failure(cause != null ? cause : failure);
                });
    }

    /** The first statement sent that failed, in the order sent; null when none did (yet). */
    private Throwable firstFailure() {
        for (CompletableFuture<?> statement : sent) {
            if (statement.isCompletedExceptionally()) {
                return failureOf(statement);
            }
        }
        return null;
    }

    private static Throwable failureOf(CompletableFuture<?> future) {
        try {
            future.join();
            return null;
        } catch (CompletionException e) {
            return e.getCause() != null ? e.getCause() : e;
        } catch (CancellationException e) {
            return e;
        }
    }
}
