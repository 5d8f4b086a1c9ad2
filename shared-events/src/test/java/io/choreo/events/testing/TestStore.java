package io.choreo.events.testing;

import java.time.Duration;

import org.awaitility.Awaitility;

import io.choreo.events.EventEnvelope;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** A service's own event store and inbox, as its tests read them. */
public final class TestStore {

    private final Pool pool;

    public TestStore(Pool pool) {
        this.pool = pool;
    }

    /** How many events of {@code type} the service stored for the order. */
    public long events(String orderId, String type) {
        return pool.preparedQuery("SELECT count(*) FROM event_store WHERE aggregate_id = $1 AND event_type = $2")
                .execute(Tuple.of(orderId, type)).await().atMost(Duration.ofSeconds(5)).iterator().next().getLong(0);
    }

    /** Waits until the service recorded {@code event} in its inbox: its handling committed. */
    public void awaitHandled(EventEnvelope event) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> pool
                .preparedQuery("SELECT count(*) FROM processed_event WHERE event_id = $1").execute(Tuple.of(event.eventId()))
                .await().indefinitely().iterator().next().getLong(0) == 1);
    }
}
