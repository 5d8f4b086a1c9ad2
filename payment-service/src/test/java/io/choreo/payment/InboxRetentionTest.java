package io.choreo.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.choreo.events.consume.InboxRetention;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Inbox ids older than the window (7 days by default) are deleted in batches; newer ones and the event store stay. */
@QuarkusTest
class InboxRetentionTest {

    @Inject
    Pool pool;

    @Inject
    InboxRetention retention;

    void handled(UUID eventId, String ago) {
        pool.preparedQuery("INSERT INTO processed_event (event_id, event_type, processed_at, deliveries)"
                        + " VALUES ($1, 'InventoryReserved', now() - $2::text::interval, 1)")
                .execute(Tuple.of(eventId, ago))
                .await()
                .atMost(Duration.ofSeconds(5));
    }

    long inInbox(List<UUID> ids) {
        return pool.preparedQuery("SELECT count(*) FROM processed_event WHERE event_id = ANY($1)")
                .execute(Tuple.of(ids.toArray(UUID[]::new)))
                .await()
                .atMost(Duration.ofSeconds(5))
                .iterator()
                .next()
                .getLong(0);
    }

    long storedEvents(String aggregateId) {
        return pool.preparedQuery("SELECT count(*) FROM event_store WHERE aggregate_id = $1")
                .execute(Tuple.of(aggregateId))
                .await()
                .atMost(Duration.ofSeconds(5))
                .iterator()
                .next()
                .getLong(0);
    }

    @Test
    void idsOlderThanTheWindowAreDeletedInBatchesAndTheEventStoreIsNever() {
        List<UUID> old = IntStream.range(0, 5).mapToObj(i -> UUID.randomUUID()).toList();
        List<UUID> recent =
                IntStream.range(0, 3).mapToObj(i -> UUID.randomUUID()).toList();
        old.forEach(id -> handled(id, "8 days"));
        recent.forEach(id -> handled(id, "6 days 23 hours"));
        // An aggregate type no read model folds, so that rebuilds never read this stand-in event.
        String aggregateId = "retention-" + UUID.randomUUID();
        pool.preparedQuery("""
                        INSERT INTO event_store (event_id, event_type, schema_version, aggregate_type, aggregate_id,
                            aggregate_version, correlation_id, occurred_at, envelope, stored_at)
                        VALUES ($1, 'PaymentCompleted', 1, 'RetentionProbe', $2, 1, $2, now() - interval '30 days', '{}',
                            now() - interval '30 days')
                        """)
                .execute(Tuple.of(UUID.randomUUID(), aggregateId))
                .await()
                .atMost(Duration.ofSeconds(5));

        // Two rows per statement: the five old ids take three batches.
        long deleted = retention.purge(2).await().atMost(Duration.ofSeconds(30));

        assertTrue(deleted >= 5, "deleted " + deleted);
        assertEquals(0, inInbox(old), "ids older than the window are gone");
        assertEquals(3, inInbox(recent), "ids inside the window stay");
        assertEquals(1, storedEvents(aggregateId), "the event store is never deleted");
    }
}
