package io.choreo.events.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.rabbitmq.stream.Consumer;
import com.rabbitmq.stream.MessageHandler;
import com.rabbitmq.stream.OffsetSpecification;

import io.choreo.events.EventCodec;
import io.choreo.events.PoisonEventException;
import io.choreo.events.projection.ProjectionRebuild.ModelResult;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;

/**
 * The rebuild of the stream-fed read models: each is replayed from the stream's first offset up to
 * the offset its reader had stored, into a temporary table that shadows the live one (same name,
 * {@code pg_temp} comes first), then compared row for row with the live table; all in one
 * REPEATABLE READ transaction, so the live rows and the stored offset are one consistent
 * snapshot. To repair, the live table is locked first (its reader waits) and the rebuilt rows
 * replace the live ones; the stored offset already matches them.
 */
@ApplicationScoped
public class StreamRebuild {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    StreamReaders readers;

    @Inject
    StreamEnvironment streams;

    @Inject
    Pool pool;

    @Inject
    EventCodec codec;

    public Uni<List<ModelResult>> rebuild(boolean apply) {
        return Uni.createFrom()
                .item(() -> {
                    List<ModelResult> results = new ArrayList<>();
                    for (StreamReadModel model : readers.models()) {
                        results.add(rebuild(model, apply));
                    }
                    return results;
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private ModelResult rebuild(StreamReadModel model, boolean apply) {
        SqlConnection connection = pool.getConnection().await().atMost(WAIT);
        try {
            Transaction transaction = connection.begin().await().atMost(WAIT);
            try {
                ModelResult result = rebuild(connection, model, apply);
                transaction.commit().await().atMost(WAIT);
                return result;
            } catch (RuntimeException e) {
                transaction.rollback().await().atMost(WAIT);
                throw e;
            }
        } finally {
            connection.close().await().atMost(WAIT);
        }
    }

    private ModelResult rebuild(SqlConnection connection, StreamReadModel model, boolean apply) {
        run(connection, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
        if (apply) {
            // Before the first query takes the snapshot: the reader's batch in flight commits first or waits.
            run(connection, "LOCK TABLE " + model.table() + " IN EXCLUSIVE MODE");
        }
        String schema = connection
                .query("SELECT current_schema()")
                .execute()
                .await()
                .atMost(WAIT)
                .iterator()
                .next()
                .getString(0);
        String live = schema + "." + model.table();
        long upTo = StreamOffsets.stored(connection, model.name()).await().atMost(WAIT);
        run(connection, "CREATE TEMP TABLE " + model.table() + " (LIKE " + live + " INCLUDING ALL) ON COMMIT DROP");
        replay(connection, model, upTo);
        String columns = String.join(", ", model.columns());
        String rebuilt = "pg_temp." + model.table();
        long rows = count(connection, "SELECT count(*) FROM " + rebuilt);
        long differences = count(
                connection,
                "SELECT count(*) FROM ((SELECT " + columns + " FROM " + live + " EXCEPT ALL SELECT " + columns
                        + " FROM " + rebuilt + ") UNION ALL (SELECT " + columns + " FROM " + rebuilt
                        + " EXCEPT ALL SELECT " + columns + " FROM " + live + ")) AS differences");
        if (apply && differences > 0) {
            run(connection, "DELETE FROM " + live);
            run(connection, "INSERT INTO " + live + " (" + columns + ") SELECT " + columns + " FROM " + rebuilt);
        }
        return new ModelResult(model.name(), rows, differences);
    }

    private record Delivery(MessageHandler.Context context, byte[] body) {}

    /** Feeds the model the stream from its first offset through {@code upTo}, a batch at a time. */
    private void replay(SqlConnection connection, StreamReadModel model, long upTo) {
        if (upTo < 0) {
            return;
        }
        BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
        Consumer consumer = streams.consume(
                OffsetSpecification.first(),
                (context, message) -> deliveries.add(
                        new Delivery(context, StreamEnvironment.isProbe(message) ? null : message.getBodyAsBinary())));
        try {
            long last = -1;
            while (last < upTo) {
                List<Delivery> batch = new ArrayList<>();
                Delivery first = deliveries.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
                if (first == null) {
                    throw new IllegalStateException("the stream ended at offset " + last + " before the offset " + upTo
                            + " that " + model.name() + " stored");
                }
                batch.add(first);
                deliveries.drainTo(batch, 499);
                List<StreamRecord> records = new ArrayList<>();
                for (Delivery delivery : batch) {
                    long offset = delivery.context().offset();
                    if (offset > last && offset <= upTo) {
                        last = offset;
                        if (delivery.body() == null) {
                            continue; // a probe
                        }
                        try {
                            records.add(new StreamRecord(offset, codec.decode(delivery.body())));
                        } catch (PoisonEventException e) {
                            // skipped, as the reader skips it
                        }
                    }
                }
                model.apply(connection, records).await().atMost(WAIT);
                batch.forEach(d -> d.context().processed());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while replaying the stream", e);
        } finally {
            consumer.close();
        }
    }

    private static void run(SqlConnection connection, String sql) {
        connection.query(sql).execute().await().atMost(WAIT);
    }

    private static long count(SqlConnection connection, String sql) {
        return connection
                .query(sql)
                .execute()
                .await()
                .atMost(WAIT)
                .iterator()
                .next()
                .getLong(0);
    }
}
