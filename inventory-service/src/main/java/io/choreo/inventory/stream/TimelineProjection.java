package io.choreo.inventory.stream;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

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
        List<Tuple> rows = batch.stream().map(TimelineProjection::row).toList();
        return connection
                .preparedQuery("INSERT INTO timeline_entry (" + String.join(", ", COLUMNS)
                        + ") VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (event_id) DO NOTHING")
                .executeBatch(rows)
                .replaceWithVoid();
    }

    private static Tuple row(StreamRecord record) {
        EventEnvelope event = record.event();
        return Tuple.from(Arrays.asList(
                event.aggregateId(),
                event.eventId(),
                event.eventType(),
                event.source(),
                OffsetDateTime.ofInstant(event.occurredAt(), ZoneOffset.UTC),
                event.causationId(),
                record.offset()));
    }
}
