package io.choreo.events.store;

import java.util.ArrayList;
import java.util.List;

import org.hibernate.reactive.mutiny.Mutiny;
import org.hibernate.reactive.mutiny.impl.MutinySessionImpl;
import org.hibernate.reactive.pool.ReactiveConnection;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * SQL on the connection of the current Hibernate Reactive session, so in its transaction, through
 * the reactive PostgreSQL client beneath it: the statements of the hot path (inbox, event store,
 * read models) skip Hibernate's native-query machinery. Parameters are numbered ({@code $1, $2,
 * ...}); a failure comes as Hibernate would report it (a unique violation is a {@code
 * ConstraintViolationException}); Hibernate's pending batched writes run first.
 *
 * <p>Why (README, "Where the time goes"): Hibernate ORM 7.2 caches a native select under a key
 * whose result mapping never equals the next execution's, so every execution parsed its SQL again
 * and added one more entry of the same hash to the query plan cache, whose lookups then walked up
 * to 2,048 equal entries: about a tenth of every service's CPU.
 */
public final class Sql {

    private Sql() {}

    /** The rows {@code sql} returns (a select, or a write with {@code RETURNING}), each as its column values. */
    public static Uni<List<Object[]>> rows(String sql, Object... parameters) {
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
        return connection()
                .chain(connection -> Uni.createFrom().completionStage(() -> connection.update(sql, parameters)));
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
