package io.choreo.events.store;

import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * A transaction of the reactive PostgreSQL client, with no Hibernate session: what a consumer's
 * batch and the order intake run in ({@link Sql#inTransaction}); every statement of {@link Sql}
 * inside it runs on its connection. Must be called on a duplicated Vert.x context of its own (a
 * consumer batch's, an HTTP request's).
 */
@ApplicationScoped
public class Transactions {

    @Inject
    Pool pool;

    /** Runs {@code work} in a new transaction: committed when it succeeds, rolled back when it fails. */
    public <T> Uni<T> run(Supplier<Uni<T>> work) {
        return Sql.inTransaction(pool, work);
    }
}
