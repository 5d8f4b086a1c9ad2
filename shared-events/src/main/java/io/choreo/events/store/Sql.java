package io.choreo.events.store;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.hibernate.reactive.mutiny.Mutiny;
import org.hibernate.reactive.mutiny.impl.MutinySessionImpl;
import org.hibernate.reactive.pool.ReactiveConnection;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.common.vertx.ContextLocals;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlResult;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * SQL in the current transaction, through the reactive PostgreSQL client: on the connection of a
 * transaction opened by {@link #inTransaction} (a consumer's batch or delivery: no Hibernate session
 * at all), else on the connection of the current Hibernate Reactive session (the HTTP intake, the
 * clock). The statements of the hot path (inbox, event store, read models) skip Hibernate's
 * native-query machinery either way. Parameters are numbered ({@code $1, $2, ...}); arrays are
 * PostgreSQL arrays. On a session's connection a failure comes as Hibernate reports it (a unique
 * violation is a {@code ConstraintViolationException}) and Hibernate's pending batched writes run
 * first; in {@link #inTransaction} it comes as the client's {@code PgException}.
 *
 * <p>Why (README, "Where the time goes"): Hibernate ORM 7.2 caches a native select under a key
 * whose result mapping never equals the next execution's, so every execution parsed its SQL again
 * and added one more entry of the same hash to the query plan cache, whose lookups then walked up
 * to 2,048 equal entries: about a tenth of every service's CPU. And a Hibernate session opened and
 * closed for every batch of one was about a quarter of payment's, shipping's and notification's CPU
 * at 50 orders/s (docs/benchmark.md).
 */
public final class Sql {

    /** The Vert.x context's transaction connection, while {@link #inTransaction} runs. */
    private static final String CONNECTION = Sql.class.getName() + ".connection";

    private Sql() {}

    /**
     * Runs {@code work} in a transaction of its own on a connection of {@code pool}, committed when
     * it succeeds and rolled back when it fails; the statements of this class inside it run on that
     * connection. Must run on a duplicated Vert.x context of its own (a consumer's batch). The
     * transaction is {@linkplain Pipeline pipelined}: its {@code BEGIN} goes out with its first
     * statement, and its {@link #write}s with its {@code COMMIT}.
     */
    public static <T> Uni<T> inTransaction(Pool pool, Supplier<Uni<T>> work) {
        return Pipeline.run(pool, pipeline -> {
            Pipeline outer = ContextLocals.<Pipeline>get(CONNECTION).orElse(null);
            ContextLocals.put(CONNECTION, pipeline);
            Uni<T> done;
            try {
                done = work.get();
            } catch (RuntimeException e) {
                done = Uni.createFrom().failure(e);
            }
            // A transaction opened inside another gives the outer one its connection back.
            return done.onTermination().invoke(() -> {
                if (outer == null) {
                    ContextLocals.remove(CONNECTION);
                } else {
                    ContextLocals.put(CONNECTION, outer);
                }
            });
        });
    }

    /**
     * A write whose outcome nothing reads but the commit (an append, a read model's rows): in a
     * transaction of {@link #inTransaction} it is sent at once, the work goes on without waiting for
     * it, and it goes out with the others and the {@code COMMIT} (one round trip for all); should it
     * fail, the transaction fails with its error at the latest when it commits. Elsewhere (a
     * Hibernate session's transaction) it is an {@link #update}.
     */
    public static Uni<Void> write(String sql, Object... parameters) {
        Pipeline transaction = transaction();
        if (transaction != null) {
            // Sent when subscribed, as every statement here: in the order the work chains them.
            return Uni.createFrom().item(() -> {
                transaction.write(sql, Tuple.wrap(parameters));
                return null;
            });
        }
        return update(sql, parameters).replaceWithVoid();
    }

    /** The rows {@code sql} returns (a select, or a write with {@code RETURNING}), each as its column values. */
    public static Uni<List<Object[]>> rows(String sql, Object... parameters) {
        Pipeline transaction = transaction();
        if (transaction != null) {
            return transaction.query(sql, Tuple.wrap(parameters)).map(result -> {
                List<Object[]> rows = new ArrayList<>(result.size());
                for (Row row : result) {
                    Object[] values = new Object[row.size()];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = row.getValue(i);
                    }
                    rows.add(values);
                }
                return rows;
            });
        }
        return connection()
                .chain(connection -> Uni.createFrom().completionStage(() -> connection.select(sql, parameters)))
                .map(result -> {
                    List<Object[]> rows = new ArrayList<>(result.size());
                    result.forEachRemaining(rows::add);
                    return rows;
                });
    }

    /** The first column of the first row {@code sql} returns, or null when it returns none. */
    public static Uni<Object> value(String sql, Object... parameters) {
        return rows(sql, parameters).map(rows -> rows.isEmpty() ? null : rows.get(0)[0]);
    }

    /** Runs a write and gives how many rows it changed. */
    public static Uni<Integer> update(String sql, Object... parameters) {
        Pipeline transaction = transaction();
        if (transaction != null) {
            return transaction.query(sql, Tuple.wrap(parameters)).map(SqlResult::rowCount);
        }
        return connection()
                .chain(connection -> Uni.createFrom().completionStage(() -> connection.update(sql, parameters)));
    }

    private static Pipeline transaction() {
        return ContextState.get(CONNECTION);
    }

    private static Uni<ReactiveConnection> connection() {
        return Panache.getSession().map(Sql::connection);
    }

    private static ReactiveConnection connection(Mutiny.Session session) {
        if (session instanceof MutinySessionImpl impl) {
            return impl.getReactiveConnection();
        }
        throw new IllegalStateException("not a Hibernate Reactive session with a connection: " + session.getClass());
    }
}
