package io.choreo.events.store;

import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * A service's row for one order (keyed by {@code order_id}), created if missing and locked for the
 * current transaction. Every handler of one order goes through it, so handlers of that order run
 * one after the other even across replicas, whatever order their events arrive in.
 */
public final class OrderRows {

    private OrderRows() {}

    public static <T> Uni<T> lockOrCreate(Class<T> entity, String table, String orderId, String correlationId) {
        return Panache.getSession().chain(session -> session.createNativeQuery("INSERT INTO " + table
                        + " (order_id, correlation_id) VALUES (:id, :correlation) ON CONFLICT DO NOTHING")
                .setParameter("id", orderId)
                .setParameter("correlation", correlationId)
                .executeUpdate()
                .chain(() -> session.find(entity, orderId, LockModeType.PESSIMISTIC_WRITE)));
    }
}
