package io.choreo.inventory.stream;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
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

    private static final String PLACED =
            "INSERT INTO order_stats (order_id, placed_at, status) VALUES ($1, $2, 'PENDING')"
                    + " ON CONFLICT (order_id) DO UPDATE SET placed_at = EXCLUDED.placed_at, decision_millis = "
                    + MILLIS.formatted("order_stats.decided_at", "EXCLUDED.placed_at")
                    + " WHERE order_stats.placed_at IS NULL";

    private static final String DECIDED = "INSERT INTO order_stats (order_id, status, reason, decided_at)"
            + " VALUES ($1, $2, $3, $4) ON CONFLICT (order_id) DO UPDATE SET status = EXCLUDED.status,"
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
        List<Tuple> placed = new ArrayList<>();
        List<Tuple> decided = new ArrayList<>();
        for (StreamRecord record : batch) {
            EventEnvelope event = record.event();
            OffsetDateTime at = OffsetDateTime.ofInstant(event.occurredAt(), ZoneOffset.UTC);
            if (event.eventType().equals("OrderPlaced")) {
                placed.add(Tuple.of(event.aggregateId(), at));
            } else if (DECISIONS.containsKey(event.eventType())) {
                String reason = event.payload().path("reason").isTextual()
                        ? event.payload().path("reason").asText()
                        : null;
                decided.add(
                        Tuple.from(Arrays.asList(event.aggregateId(), DECISIONS.get(event.eventType()), reason, at)));
            }
        }
        // The two statements commute (each fills in what the other leaves), so each runs as one batch.
        return execute(connection, PLACED, placed).chain(() -> execute(connection, DECIDED, decided));
    }

    private static Uni<Void> execute(SqlConnection connection, String sql, List<Tuple> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return connection.preparedQuery(sql).executeBatch(rows).replaceWithVoid();
    }
}
