package io.choreo.inventory.stream;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.choreo.events.EventEnvelope;
import io.choreo.events.stream.StreamReadModel;
import io.choreo.events.stream.StreamRecord;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The timelines of GET /orders/{orderId}: every event of every order, as read from the stream,
 * with its offset there (the order the timeline is shown in). An event published twice (the relay
 * publishes at least once) is recorded once.
 */
@ApplicationScoped
public class TimelineProjection implements StreamReadModel {

    static final List<String> COLUMNS =
            List.of("order_id", "event_id", "event_type", "source", "occurred_at", "causation_id", "stream_offset");

    @Override
    public String name() {
        return "timeline";
    }

    @Override
    public String table() {
        return "timeline_entry";
    }

    @Override
    public List<String> columns() {
        return COLUMNS;
    }

    @Override
    public Uni<Void> apply(SqlConnection connection, List<StreamRecord> batch) {
        if (batch.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = batch.size();
        String[] orders = new String[n];
        UUID[] ids = new UUID[n];
        String[] types = new String[n];
        String[] sources = new String[n];
        OffsetDateTime[] occurred = new OffsetDateTime[n];
        String[] causes = new String[n];
        Long[] offsets = new Long[n];
        for (int i = 0; i < n; i++) {
            EventEnvelope event = batch.get(i).event();
            orders[i] = event.aggregateId();
            ids[i] = event.eventId();
            types[i] = event.eventType();
            sources[i] = event.source();
            occurred[i] = OffsetDateTime.ofInstant(event.occurredAt(), ZoneOffset.UTC);
            causes[i] = event.causationId();
            offsets[i] = batch.get(i).offset();
        }
        // The whole batch in one statement (its rows in stream order), not one statement a row.
        return connection
                .preparedQuery(INSERT)
                .execute(Tuple.from(List.of(orders, ids, types, sources, occurred, causes, offsets)))
                .replaceWithVoid();
    }

    private static final String INSERT = "INSERT INTO timeline_entry (" + String.join(", ", COLUMNS) + ")"
            + " SELECT * FROM unnest($1::varchar[], $2::uuid[], $3::varchar[], $4::varchar[], $5::timestamptz[],"
            + " $6::varchar[], $7::bigint[]) ON CONFLICT (event_id) DO NOTHING";
}
