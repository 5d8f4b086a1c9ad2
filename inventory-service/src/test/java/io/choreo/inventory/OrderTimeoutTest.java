package io.choreo.inventory;

import static io.choreo.inventory.OrderFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.choreo.events.contract.ShipmentCreated;
import io.choreo.events.testing.TestBroker;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;

/** With a short timeout and no payment-service running, orders time out and late events change nothing. */
@QuarkusTest
@TestProfile(OrderTimeoutTest.ShortTimeout.class)
class OrderTimeoutTest {

    @Inject
    Pool pool;

    public static class ShortTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("choreo.order.timeout", "PT2S", "choreo.order.timeout-check-interval", "1s");
        }
    }

    /** Orders other tests left pending time out first (the restart into this profile was an outage for them). */
    @BeforeEach
    void noOrderOfOtherTestsIsPending() {
        Awaitility.await()
                .atMost(Duration.ofSeconds(90))
                .until(() -> count(pool, "SELECT count(*) FROM customer_order WHERE status = 'PENDING'") == 0);
    }

    @Test
    void aPendingOrderTimesOutReleasesItsStockAndIgnoresALateShipment() {
        int available = stockOf("SKU-003", "available");
        int sold = stockOf("SKU-003", "sold");
        String orderId = place(body("SKU-003", 2, "tok_visa", "GB"));

        // The timeline comes from the stream, a moment after the status (its readers may still be
        // starting: a fresh instance takes their locks over from the last one).
        JsonPath cancelled = awaitOrder(
                orderId,
                o -> "CANCELLED".equals(o.getString("status"))
                        && timelineTypes(o).contains("OrderCancelled"));
        assertEquals("timed_out", cancelled.getString("reason"));
        assertEquals(available, stockOf("SKU-003", "available"));
        assertEquals(0, stockOf("SKU-003", "reserved"), "no stock stays reserved");

        try (TestBroker broker = TestBroker.connect()) {
            broker.publish(
                    eventFor(cancelled, new ShipmentCreated(orderId, "ChoreoPost", "CP-late"), "shipping-service"));
        }
        JsonPath after = awaitOrder(orderId, o -> timelineTypes(o).contains("ShipmentCreated"));
        assertEquals("CANCELLED", after.getString("status"));
        assertEquals(sold, stockOf("SKU-003", "sold"));
    }

    /**
     * The clock stands still (here: its tick waits on the clock row this test holds, as it would
     * wait for a database or broker that is away) for much longer than the timeout. The gap is
     * recorded as an outage and moves the order's deadline back: the order is not cancelled
     * when the clock resumes, only once it has been pending for the timeout outside the outage.
     */
    @Test
    void timeInAnOutageDoesNotCountTowardsTheTimeout() throws Exception {
        long outagesBefore = count(pool, "SELECT count(*) FROM order_clock_outage");
        SqlConnection connection = pool.getConnectionAndAwait();
        Transaction stall = connection.beginAndAwait();
        connection.query("SELECT * FROM order_clock WHERE id = 1 FOR UPDATE").executeAndAwait();
        String orderId;
        try {
            orderId = place(body("SKU-003", 1, "tok_visa", "GB"));
            Thread.sleep(7_000);
            assertEquals("PENDING", order(orderId).getString("status"), "the clock stood still");
        } finally {
            stall.rollbackAndAwait();
            connection.closeAndAwait();
        }
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> count(pool, "SELECT count(*) FROM order_clock_outage") > outagesBefore);
        Thread.sleep(1_000);
        assertEquals(
                "PENDING",
                order(orderId).getString("status"),
                "7 s pending, but almost all of it in the outage: not overdue yet");
        // The timeline comes from the stream, a moment after the status (its readers may still be
        // starting: a fresh instance takes their locks over from the last one).
        JsonPath cancelled = awaitOrder(
                orderId,
                o -> "CANCELLED".equals(o.getString("status"))
                        && timelineTypes(o).contains("OrderCancelled"));
        assertEquals("timed_out", cancelled.getString("reason"));
    }
}
