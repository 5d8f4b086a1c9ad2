package io.choreo.inventory.stream;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.choreo.events.stream.StreamEnvironment;
import io.choreo.events.stream.StreamOffsets;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * GET /orders/stats: what the statistics projection holds, in one snapshot. Counts cover all
 * time; decision times and the per-minute buckets the last 15 minutes; an order still PENDING
 * 30 s after it was placed is stuck. {@code streamLag}: how many events of the stream the
 * statistics have not read yet.
 */
@ApplicationScoped
public class OrderStatistics {

    public record Percentiles(Long p50, Long p95, Long p99) {}

    public record Minute(Instant minute, long placed, long confirmed, long rejected, long cancelled) {}

    public record Stuck(String orderId, long ageSeconds) {}

    public record Stats(
            long placed,
            long confirmed,
            long rejected,
            long cancelled,
            long pending,
            Map<String, Long> byReason,
            Percentiles decisionMillis,
            List<Minute> perMinute,
            List<Stuck> stuck,
            long streamLag) {}

    private static final String COUNTS = "SELECT count(placed_at),"
            + " count(*) FILTER (WHERE status = 'CONFIRMED'), count(*) FILTER (WHERE status = 'REJECTED'),"
            + " count(*) FILTER (WHERE status = 'CANCELLED'), count(*) FILTER (WHERE status = 'PENDING')"
            + " FROM order_stats";

    private static final String REASONS =
            "SELECT reason, count(*) FROM order_stats WHERE reason IS NOT NULL GROUP BY reason ORDER BY reason";

    private static final String PERCENTILES =
            "SELECT percentile_disc(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY decision_millis)"
                    + " FROM order_stats WHERE decided_at > now() - interval '15 minutes'"
                    + " AND decision_millis IS NOT NULL";

    private static final String PER_MINUTE = "WITH minutes AS (SELECT generate_series(date_trunc('minute', now())"
            + " - interval '14 minutes', date_trunc('minute', now()), interval '1 minute') AS minute),"
            + " placed AS (SELECT date_trunc('minute', placed_at) AS minute, count(*) AS n FROM order_stats"
            + " WHERE placed_at >= date_trunc('minute', now()) - interval '14 minutes' GROUP BY 1),"
            + " decided AS (SELECT date_trunc('minute', decided_at) AS minute,"
            + " count(*) FILTER (WHERE status = 'CONFIRMED') AS confirmed,"
            + " count(*) FILTER (WHERE status = 'REJECTED') AS rejected,"
            + " count(*) FILTER (WHERE status = 'CANCELLED') AS cancelled FROM order_stats"
            + " WHERE decided_at >= date_trunc('minute', now()) - interval '14 minutes' GROUP BY 1)"
            + " SELECT m.minute, coalesce(p.n, 0), coalesce(d.confirmed, 0), coalesce(d.rejected, 0),"
            + " coalesce(d.cancelled, 0) FROM minutes m LEFT JOIN placed p ON p.minute = m.minute"
            + " LEFT JOIN decided d ON d.minute = m.minute ORDER BY m.minute";

    private static final String STUCK =
            "SELECT order_id, floor(extract(epoch FROM now() - placed_at))::bigint FROM order_stats"
                    + " WHERE status = 'PENDING' AND placed_at < now() - interval '30 seconds'"
                    + " ORDER BY placed_at LIMIT 100";

    @Inject
    Pool pool;

    @Inject
    StreamEnvironment streams;

    @Inject
    StatisticsProjection projection;

    public Uni<Stats> current() {
        long last = streams.lastOffset();
        return pool.withTransaction(connection -> snapshot(connection, last));
    }

    private Uni<Stats> snapshot(SqlConnection connection, long lastOffset) {
        return connection
                .query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                .execute()
                .chain(() -> connection.query(COUNTS).execute())
                .chain(counts -> connection.query(REASONS).execute().chain(reasons -> connection
                        .query(PERCENTILES)
                        .execute()
                        .chain(percentiles -> connection
                                .query(PER_MINUTE)
                                .execute()
                                .chain(minutes -> connection
                                        .query(STUCK)
                                        .execute()
                                        .chain(stuck -> StreamOffsets.stored(connection, projection.name())
                                                .map(read -> {
                                                    Row c = counts.iterator().next();
                                                    Map<String, Long> byReason = new LinkedHashMap<>();
                                                    reasons.forEach(r -> byReason.put(r.getString(0), r.getLong(1)));
                                                    List<Minute> perMinute = new ArrayList<>();
                                                    minutes.forEach(m -> perMinute.add(new Minute(
                                                            m.getOffsetDateTime(0)
                                                                    .toInstant(),
                                                            m.getLong(1),
                                                            m.getLong(2),
                                                            m.getLong(3),
                                                            m.getLong(4))));
                                                    List<Stuck> stuckOrders = new ArrayList<>();
                                                    stuck.forEach(s ->
                                                            stuckOrders.add(new Stuck(s.getString(0), s.getLong(1))));
                                                    return new Stats(
                                                            c.getLong(0),
                                                            c.getLong(1),
                                                            c.getLong(2),
                                                            c.getLong(3),
                                                            c.getLong(4),
                                                            byReason,
                                                            percentiles(percentiles
                                                                    .iterator()
                                                                    .next()),
                                                            perMinute,
                                                            stuckOrders,
                                                            Math.max(0, lastOffset - read));
                                                }))))));
    }

    private static Percentiles percentiles(Row row) {
        Long[] values = row.getArrayOfLongs(0);
        if (values == null) {
            return new Percentiles(null, null, null);
        }
        return new Percentiles(values[0], values[1], values[2]);
    }
}
