package io.choreo.inventory;

import static io.choreo.inventory.OrderFixtures.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.rabbitmq.stream.Consumer;
import com.rabbitmq.stream.OffsetSpecification;

import io.choreo.events.EventEnvelope;
import io.choreo.events.contract.NotificationSent;
import io.choreo.events.stream.StreamEnvironment;
import io.choreo.events.stream.StreamOffsets;
import io.choreo.events.stream.StreamReaders;
import io.choreo.events.testing.BrokerTest;
import io.choreo.events.testing.Projection;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The stream readers against the real stream: a batch and its offset commit together, so a
 * batch that fails is read again and counted once, and a reader started again goes on after its
 * stored offset. {@link StreamProbe} writes a row per event per write, so a double count shows.
 */
@QuarkusTest
class StreamReadersTest extends BrokerTest {

    @Inject
    Pool pool;

    @Inject
    StreamProbe probe;

    @Inject
    StreamReaders readers;

    @Inject
    StreamEnvironment streams;

    @Test
    void aBatchThatFailsAfterWritingItsRowsIsReadAgainAndCountedOnce() {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> readers.active("probe"));
        probe.failNextBatches(2);
        List<UUID> events = publish(20);

        awaitEachOnce(events);
        assertEquals(2, probe.failedBatches(), "the probe failed twice, after writing its rows");
        assertNothingTwice();
    }

    @Test
    void aReaderStartedAgainGoesOnAfterItsStoredOffset() {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> readers.active("probe"));
        List<UUID> before = publish(5);
        awaitEachOnce(before);

        readers.stop("probe");
        long stored = stored();
        List<UUID> whileStopped = publish(5);
        Awaitility.await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
        assertEquals(0, seen(whileStopped), "nothing is read while the reader is stopped");
        assertEquals(stored, stored(), "the stored offset stays");

        readers.start("probe");
        awaitEachOnce(whileStopped);
        assertEquals(1, seen(before.subList(0, 1)), "what was read before is not read again");
        assertNothingTwice();
        assertTrue(stored() > stored);
    }

    @Test
    void theTimelineIsInPublishOrderNotInTheProducersClockOrder() {
        String orderId = OrderFixtures.place(OrderFixtures.body("SKU-004", 1, "tok_visa", "GB"));
        JsonPath reserved = OrderFixtures.awaitOrder(
                orderId, o -> OrderFixtures.timelineTypes(o).contains("InventoryReserved"));
        // A producer whose clock is an hour behind: its event is published last, and shown last.
        EventEnvelope late = OrderFixtures.eventFor(
                reserved, new NotificationSent(orderId, "ORDER_CONFIRMED", "ada@example.com"), "notification-service");
        EventEnvelope skewed = new EventEnvelope(
                late.eventId(),
                late.eventType(),
                late.schemaVersion(),
                late.aggregateType(),
                late.aggregateId(),
                late.aggregateVersion(),
                late.correlationId(),
                late.causationId(),
                Instant.now().minus(Duration.ofHours(1)),
                late.source(),
                late.payload());
        broker.publish(skewed);

        JsonPath after = OrderFixtures.awaitOrder(
                orderId, o -> OrderFixtures.timelineTypes(o).contains("NotificationSent"));
        assertEquals(
                List.of("OrderPlaced", "InventoryReserved", "NotificationSent"), OrderFixtures.timelineTypes(after));
    }

    @Test
    void theRebuildReplaysTheStreamAndFindsTheStreamFedModelsEqual() {
        awaitEachOnce(publish(3));
        var answer = new Projection("inventory-service", "probe").rebuild(false);
        for (String model : List.of("probe", "timeline", "statistics")) {
            assertEquals(
                    0L,
                    answer.getLong("models.find { it.name == '" + model + "' }.differences"),
                    model + " rebuilt from the stream differs from the live table: " + answer.prettify());
        }
        assertTrue(answer.getLong("models.find { it.name == 'probe' }.rows") >= 3);
    }

    @Test
    void theRelaysStreamProbeIsToldApartFromEventsAndSkipped() throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> readers.active("probe"));
        // What the stream gives from here: "probe" for a probe, else the event's id (anything else
        // the suite writes meanwhile, such as the relay's own probe, may be among them).
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        Consumer tail = streams.consume(OffsetSpecification.next(), (context, message) -> {
            seen.add(
                    StreamEnvironment.isProbe(message)
                            ? "probe"
                            : broker.codec()
                                    .decode(message.getBodyAsBinary())
                                    .eventId()
                                    .toString());
            context.processed();
        });
        try {
            // What the relay's publisher waits for after it opens a channel: a probe the stream confirmed.
            streams.awaitWritable(Duration.ofSeconds(10));
            List<UUID> events = publish(2);
            List<String> order = new ArrayList<>();
            while (!order.containsAll(events.stream().map(UUID::toString).toList())) {
                String next = seen.poll(10, TimeUnit.SECONDS);
                assertTrue(next != null, "the stream gave " + order + " only");
                order.add(next);
            }
            assertTrue(
                    order.indexOf("probe") >= 0
                            && order.indexOf("probe")
                                    < order.indexOf(events.get(0).toString()),
                    "a probe, told apart, before the two events: " + order);
            awaitEachOnce(events);
            assertNothingTwice();
        } finally {
            tail.close();
        }
    }

    private List<UUID> publish(int n) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String orderId = UUID.randomUUID().toString();
            EventEnvelope event = broker.codec()
                    .envelope(
                            new NotificationSent(orderId, "ORDER_CONFIRMED", "probe@example.com"),
                            "Notification",
                            1,
                            orderId,
                            null,
                            "test");
            broker.publish(event);
            ids.add(event.eventId());
        }
        return ids;
    }

    private void awaitEachOnce(List<UUID> events) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> seen(events) >= events.size());
        assertEquals(events.size(), seen(events), "each event once");
        assertEquals(events.size(), distinct(events));
    }

    private long seen(List<UUID> events) {
        return count(pool, "SELECT count(*) FROM stream_probe WHERE event_id IN (" + quoted(events) + ")");
    }

    private long distinct(List<UUID> events) {
        return count(
                pool, "SELECT count(DISTINCT event_id) FROM stream_probe WHERE event_id IN (" + quoted(events) + ")");
    }

    /** No offset twice, and the stored offset is at least the last one written (poison is skipped, not written). */
    private void assertNothingTwice() {
        assertEquals(
                count(pool, "SELECT count(DISTINCT stream_offset) FROM stream_probe"),
                count(pool, "SELECT count(*) FROM stream_probe"),
                "an offset counted twice");
        assertTrue(count(pool, "SELECT coalesce(max(stream_offset), -1) FROM stream_probe") <= stored());
    }

    private long stored() {
        return StreamOffsets.stored(pool, "probe").await().atMost(Duration.ofSeconds(5));
    }

    private static String quoted(List<UUID> ids) {
        return String.join(",", ids.stream().map(id -> "'" + id + "'").toList());
    }
}
