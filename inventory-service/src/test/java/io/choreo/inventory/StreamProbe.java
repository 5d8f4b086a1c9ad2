package io.choreo.inventory;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.choreo.events.stream.StreamReadModel;
import io.choreo.events.stream.StreamRecord;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A stream-fed model for the reader tests: a row for every event each time a batch writes it, so
 * a double count shows. It can be told to fail its next batches after writing their rows (a crash
 * in the middle of a batch).
 */
@ApplicationScoped
public class StreamProbe implements StreamReadModel {

    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();

    /** The next {@code n} batches fail after writing their rows (methods: tests see this bean through its proxy). */
    public void failNextBatches(int n) {
        failures.set(n);
    }

    public int failedBatches() {
        return failed.get();
    }

    @Override
    public String name() {
        return "probe";
    }

    @Override
    public String table() {
        return "stream_probe";
    }

    @Override
    public List<String> columns() {
        return List.of("stream_offset", "event_id");
    }

    @Override
    public Uni<Void> apply(SqlConnection connection, List<StreamRecord> batch) {
        if (batch.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return connection
                .preparedQuery("INSERT INTO stream_probe (stream_offset, event_id) VALUES ($1, $2)")
                .executeBatch(batch.stream()
                        .map(r -> Tuple.of(r.offset(), r.event().eventId()))
                        .toList())
                .invoke(() -> {
                    if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                        failed.incrementAndGet();
                        throw new IllegalStateException("the probe fails after writing its rows (a test)");
                    }
                })
                .replaceWithVoid();
    }
}
