package io.choreo.inventory.store;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.choreo.events.store.Sql;
import io.smallrye.mutiny.Uni;

/**
 * The order timeout's clock in the database (V11): its ticks, the outages recorded from the gaps
 * between them, the orders overdue once those outages are taken out, and the claim of one of them.
 * Every statement runs in the caller's session or transaction ({@link Sql}).
 */
@ApplicationScoped
public class OrderClock {

    /**
     * One tick, in one transaction, statement by statement (a statement that locked and updated
     * the clock row at once would not see the row it locked). clock_timestamp(), not now(): the
     * tick may have waited for the clock row since its transaction began.
     */
    static final List<String> TICK = List.of(
            "SELECT last_tick FROM order_clock WHERE id = 1 FOR UPDATE",
            """
            INSERT INTO order_clock_outage (started_at, ended_at)
            SELECT last_tick, clock_timestamp() FROM order_clock
            WHERE id = 1 AND clock_timestamp() - last_tick > make_interval(secs => $1)
            ON CONFLICT DO NOTHING
            """,
            "UPDATE order_clock SET last_tick = clock_timestamp() WHERE id = 1");

    /** Outages that ended before the oldest pending order no longer move any deadline. */
    static final String FORGET = """
            DELETE FROM order_clock_outage
            WHERE ended_at < coalesce((SELECT min(created_at) FROM customer_order WHERE status = 'PENDING'), now())
            """;

    static final String OVERDUE = """
            SELECT o.id FROM customer_order o
            WHERE o.status = 'PENDING'
              AND o.created_at + make_interval(secs => $1)
                  + coalesce((SELECT sum(least(c.ended_at, now()) - greatest(c.started_at, o.created_at))
                              FROM order_clock_outage c WHERE c.ended_at > o.created_at), interval '0')
                  < now()
            ORDER BY o.created_at
            LIMIT 200
            """;

    /**
     * PENDING orders placed more than {@code graceSeconds} ago whose stock nobody decided: placed by
     * a release that left the stock to a delivery of OrderPlaced (see OrderService#decideStock).
     */
    static final String UNDECIDED = """
            SELECT o.id FROM customer_order o
            WHERE o.status = 'PENDING' AND NOT o.stock_held AND o.created_at < now() - make_interval(secs => $1)
            ORDER BY o.created_at
            LIMIT 200
            """;

    /** Records the gap since the last tick as an outage when longer than {@code toleranceSeconds}, then ticks. */
    public Uni<Void> tick(double toleranceSeconds) {
        return Sql.rows(TICK.get(0))
                .chain(() -> Sql.update(TICK.get(1), toleranceSeconds))
                .chain(() -> Sql.update(TICK.get(2)))
                .chain(() -> Sql.update(FORGET))
                .replaceWithVoid();
    }

    /** PENDING orders older than {@code timeoutSeconds} of time outside the recorded outages, oldest first. */
    public Uni<List<UUID>> overdue(double timeoutSeconds) {
        return Sql.rows(OVERDUE, timeoutSeconds)
                .map(rows -> rows.stream().map(row -> (UUID) row[0]).toList());
    }

    /** PENDING orders older than {@code graceSeconds} without their stock decided, oldest first. */
    public Uni<List<UUID>> undecided(double graceSeconds) {
        return Sql.rows(UNDECIDED, graceSeconds)
                .map(rows -> rows.stream().map(row -> (UUID) row[0]).toList());
    }

    /**
     * Claims a PENDING order for the clock for the rest of the transaction: false when it is no
     * longer pending or another replica's sweeper holds it.
     */
    public Uni<Boolean> claim(UUID orderId) {
        return Sql.rows(
                        "SELECT id FROM customer_order WHERE id = $1 AND status = 'PENDING' FOR UPDATE SKIP LOCKED",
                        orderId)
                .map(rows -> !rows.isEmpty());
    }
}
