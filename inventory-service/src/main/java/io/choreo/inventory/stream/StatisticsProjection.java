package io.choreo.inventory.stream;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.choreo.events.EventEnvelope;
import io.choreo.events.stream.StreamReadModel;
import io.choreo.events.stream.StreamRecord;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The rows behind GET /orders/stats: per order, when it was placed and how and when it was
 * decided, from its OrderPlaced and its one decision in the stream. Each row is a fold of that
 * order's events, so the two may come in either order and an event published twice changes
 * nothing the second time.
 */
@ApplicationScoped
public class StatisticsProjection implements StreamReadModel {

    /** The decision events and the status each gives. */
    static final Map<String, String> DECISIONS =
            Map.of("OrderConfirmed", "CONFIRMED", "OrderRejected", "REJECTED", "OrderCancelled", "CANCELLED");

    private static final String MILLIS = "(extract(epoch FROM (%s - %s)) * 1000)::bigint";

    /** The batch's placements (order id, placed at), one row each; a row decided first gets its decision time. */
    private static final String PLACED = "INSERT INTO order_stats (order_id, placed_at, status)"
            + " SELECT o, p, 'PENDING' FROM unnest($1::varchar[], $2::timestamptz[]) AS placed (o, p)"
            + " ON CONFLICT (order_id) DO UPDATE SET placed_at = EXCLUDED.placed_at, decision_millis = "
            + MILLIS.formatted("order_stats.decided_at", "EXCLUDED.placed_at")
            + " WHERE order_stats.placed_at IS NULL";

    /** The batch's decisions (order id, status, reason, decided at): the first of an order stands. */
    private static final String DECIDED = "INSERT INTO order_stats (order_id, status, reason, decided_at)"
            + " SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::timestamptz[])"
            + " ON CONFLICT (order_id) DO UPDATE SET status = EXCLUDED.status,"
            + " reason = EXCLUDED.reason, decided_at = EXCLUDED.decided_at, decision_millis = "
            + MILLIS.formatted("EXCLUDED.decided_at", "order_stats.placed_at")
            + " WHERE order_stats.decided_at IS NULL";

    @Override
    public String name() {
        return "statistics";
    }

    @Override
    public String table() {
        return "order_stats";
    }

    @Override
    public List<String> columns() {
        return List.of("order_id", "placed_at", "status", "reason", "decided_at", "decision_millis");
    }

    @Override
    public Uni<Void> apply(SqlConnection connection, List<StreamRecord> batch) {
        // One row an order and statement: a statement may not change a row twice, and of an order's
        // events only the first of each kind counts (a second copy or a later decision changes nothing).
        Map<String, OffsetDateTime> placed = new LinkedHashMap<>();
        Map<String, EventEnvelope> decided = new LinkedHashMap<>();
        for (StreamRecord record : batch) {
            EventEnvelope event = record.event();
            if (event.eventType().equals("OrderPlaced")) {
                placed.putIfAbsent(event.aggregateId(), OffsetDateTime.ofInstant(event.occurredAt(), ZoneOffset.UTC));
            } else if (DECISIONS.containsKey(event.eventType())) {
                decided.putIfAbsent(event.aggregateId(), event);
            }
        }
        Uni<Void> placements = placed.isEmpty()
                ? Uni.createFrom().voidItem()
                : connection
                        .preparedQuery(PLACED)
                        .execute(Tuple.of(
                                placed.keySet().toArray(String[]::new),
                                placed.values().toArray(OffsetDateTime[]::new)))
                        .replaceWithVoid();
        return placements.chain(() -> decided.isEmpty() ? Uni.createFrom().voidItem() : decide(connection, decided));
    }

    private static Uni<Void> decide(SqlConnection connection, Map<String, EventEnvelope> decided) {
        int n = decided.size();
        String[] orders = new String[n];
        String[] statuses = new String[n];
        String[] reasons = new String[n];
        OffsetDateTime[] at = new OffsetDateTime[n];
        int i = 0;
        for (EventEnvelope event : decided.values()) {
            orders[i] = event.aggregateId();
            statuses[i] = DECISIONS.get(event.eventType());
            reasons[i] = event.payload().path("reason").isTextual()
                    ? event.payload().path("reason").asText()
                    : null;
            at[i] = OffsetDateTime.ofInstant(event.occurredAt(), ZoneOffset.UTC);
            i++;
        }
        return connection
                .preparedQuery(DECIDED)
                .execute(Tuple.of(orders, statuses, reasons, at))
                .replaceWithVoid();
    }
}
