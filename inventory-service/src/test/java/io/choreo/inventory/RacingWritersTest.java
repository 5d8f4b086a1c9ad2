package io.choreo.inventory;

import static io.choreo.inventory.OrderFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.choreo.events.EventEnvelope;
import io.choreo.events.contract.PaymentFailed;
import io.choreo.events.contract.ShipmentFailed;
import io.choreo.events.testing.BrokerTest;
import io.choreo.events.testing.Projection;
import io.choreo.events.testing.TestStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;

/**
 * Two writers of one order at once, as two replicas of inventory would be: one delivery per
 * transaction, two transactions at a time (one replica runs one batch at a time, in which two
 * events of one order are handled one after the other and never race).
 */
@QuarkusTest
@TestProfile(RacingWritersTest.LikeTwoReplicas.class)
class RacingWritersTest extends BrokerTest {

    public static class LikeTwoReplicas implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("choreo.consumer.batch-size", "1", "choreo.consumer.batches-at-once", "2");
        }
    }

    @Inject
    Pool pool;

    @Inject
    MeterRegistry registry;

    /**
     * Two handlings of one order at once: each holds the order before it loads it, so the second
     * waits for the first to commit (here the first waits for the stock, which the test holds
     * locked) and then decides on the history the first left: it finds the order cancelled and
     * does nothing, with no conflict to recover from. The stock is released once. Before the
     * handlings held the order, both decided from the same history and the unique version let
     * only one append stand ({@link #theUniqueVersionStillStopsAWriterThatHoldsNothing}).
     */
    @Test
    void twoWritersOfOneOrderTakeTurns() {
        // Another order holds stock of the SKU too, so a second release would not drive `reserved`
        // below zero (its CHECK would catch that): only the version guard stands in the way.
        String bystander = place(body("SKU-009", 3, "tok_visa", "GB"));
        awaitOrder(bystander, o -> timelineTypes(o).contains("InventoryReserved"));
        String orderId = place(body("SKU-009", 3, "tok_visa", "GB"));
        JsonPath reserved = awaitOrder(orderId, o -> timelineTypes(o).contains("InventoryReserved"));
        int available = stockOf("SKU-009", "available");
        double conflictsBefore = Projection.conflicts(registry);
        EventEnvelope paymentFailed =
                eventFor(reserved, new PaymentFailed(orderId, "card_declined"), "payment-service");
        EventEnvelope shipmentFailed =
                eventFor(reserved, new ShipmentFailed(orderId, "unserviceable_destination"), "shipping-service");

        SqlConnection connection = pool.getConnectionAndAwait();
        Transaction lock = connection.beginAndAwait();
        connection
                .query("SELECT * FROM stock_item WHERE sku = 'SKU-009' FOR UPDATE")
                .executeAndAwait();
        try {
            broker.publish(paymentFailed);
            broker.publish(shipmentFailed);
            // One handling holds the order and waits for the stock; the other waits for the order.
            Awaitility.await()
                    .atMost(Duration.ofSeconds(15))
                    .until(() -> waitingForStockRows(pool) == 1
                            && count(
                                            pool,
                                            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                                                    + "AND wait_event = 'advisory'")
                                    == 1);
        } finally {
            lock.rollbackAndAwait();
            connection.closeAndAwait();
        }
        TestStore store = new TestStore(pool);
        store.awaitHandled(paymentFailed);
        store.awaitHandled(shipmentFailed);

        assertEquals(1, store.events(orderId, "OrderCancelled"), "only one cancellation stands");
        assertEquals(1, store.events(orderId, "InventoryReleased"), "the stock is released once");
        assertEquals(available + 3, stockOf("SKU-009", "available"));
        assertEquals("PENDING", order(bystander).getString("status"));
        assertEquals(conflictsBefore, Projection.conflicts(registry), "the second waited for the first: no conflict");
        assertTrue(ProjectionRebuildTest.STOCK.rebuild(false).getBoolean("matched"));
    }

    /**
     * The store's last guard, for a writer that holds nothing (a replica of an older version, a
     * hand-written repair): an event at a version the order already has is refused (a conflict,
     * 23505), so of two writers that decided from one history only the first one's events stand.
     */
    @Test
    void theUniqueVersionStillStopsAWriterThatHoldsNothing() {
        String orderId = place(body("SKU-009", 1, "tok_visa", "GB"));
        awaitOrder(orderId, o -> timelineTypes(o).contains("InventoryReserved"));
        TestStore store = new TestStore(pool);
        long before = store.events(orderId, "OrderCancelled");
        Throwable refused = org.junit.jupiter.api.Assertions.assertThrows(Throwable.class, () -> pool.query(
                        "INSERT INTO event_store (event_id, event_type, schema_version, aggregate_type,"
                                + " aggregate_id, aggregate_version, correlation_id, occurred_at, envelope)"
                                + " SELECT gen_random_uuid(), 'OrderCancelled', 1, aggregate_type, aggregate_id,"
                                + " aggregate_version, correlation_id, now(), envelope FROM event_store"
                                + " WHERE aggregate_id = '" + orderId + "' AND aggregate_version = 1")
                .executeAndAwait());
        assertTrue(
                io.choreo.events.consume.EventConsumer.isConflict(refused),
                "a conflict, as a racing writer sees it: " + refused);
        assertEquals(before, store.events(orderId, "OrderCancelled"));
    }
}
