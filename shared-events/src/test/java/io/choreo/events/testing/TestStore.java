package io.choreo.events.testing;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;

import io.choreo.events.EventEnvelope;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** A service's own event store and inbox, as its tests read them. */
public final class TestStore {

    /**
     * When this test JVM started. The test databases keep the rows of earlier runs, and of runs
     * from other checkouts of other code; rows stored since this instant were written by this run.
     */
    public static final Instant JVM_STARTED =
            Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());

    private final Pool pool;

    public TestStore(Pool pool) {
        this.pool = pool;
    }

    /** How many events of {@code type} the service stored for the order. */
    public long events(String orderId, String type) {
        return pool.preparedQuery("SELECT count(*) FROM event_store WHERE aggregate_id = $1 AND event_type = $2")
                .execute(Tuple.of(orderId, type))
                .await()
                .atMost(Duration.ofSeconds(5))
                .iterator()
                .next()
                .getLong(0);
    }

    /** The envelope (JSON, as stored) of every event in the service's event store, private ones too, oldest first. */
    public List<String> envelopes() {
        return query("SELECT envelope FROM event_store ORDER BY id", Tuple.tuple());
    }

    /** The envelopes of every event (public and private) the service stored at or after {@code since}, oldest first. */
    public List<String> envelopesStoredSince(Instant since) {
        return query(
                "SELECT envelope FROM event_store WHERE stored_at >= $1 ORDER BY id",
                Tuple.of(OffsetDateTime.ofInstant(since, ZoneOffset.UTC)));
    }

    private List<String> query(String sql, Tuple arguments) {
        List<String> envelopes = new ArrayList<>();
        pool.preparedQuery(sql)
                .execute(arguments)
                .await()
                .atMost(Duration.ofSeconds(10))
                .forEach(row -> envelopes.add(row.getString(0)));
        return envelopes;
    }

    /**
     * Waits until the service's inbox counted {@code times} deliveries of {@code event}: the first
     * one's handling committed and every later one was recognised as a duplicate. Only then can a
     * test tell that a duplicate had no second effect.
     */
    public void awaitDeliveries(EventEnvelope event, int times) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> deliveries(event) >= times);
    }

    /** How many deliveries of {@code event} the service's inbox counted (0 before its handling committed). */
    public int deliveries(EventEnvelope event) {
        var rows = pool.preparedQuery("SELECT deliveries FROM processed_event WHERE event_id = $1")
                .execute(Tuple.of(event.eventId()))
                .await()
                .atMost(Duration.ofSeconds(5));
        return rows.size() == 0 ? 0 : rows.iterator().next().getInteger(0);
    }

    /** Waits until the service recorded {@code event} in its inbox: its handling committed. */
    public void awaitHandled(EventEnvelope event) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> pool.preparedQuery("SELECT count(*) FROM processed_event WHERE event_id = $1")
                                .execute(Tuple.of(event.eventId()))
                                .await()
                                .indefinitely()
                                .iterator()
                                .next()
                                .getLong(0)
                        == 1);
    }
}
