package io.choreo.inventory;

import static io.choreo.inventory.OrderFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.choreo.events.contract.ShipmentCreated;
import io.choreo.events.testing.TestBroker;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/** With a short timeout and no payment-service running, orders time out and late events change nothing. */
@QuarkusTest
@TestProfile(OrderTimeoutTest.ShortTimeout.class)
class OrderTimeoutTest {

    public static class ShortTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("choreo.order.timeout", "PT2S", "choreo.order.timeout-check-interval", "1s");
        }
    }

    @Test
    void aPendingOrderTimesOutReleasesItsStockAndIgnoresALateShipment() {
        int available = stockOf("SKU-003", "available");
        int sold = stockOf("SKU-003", "sold");
        String orderId = place(body("SKU-003", 2, "tok_visa", "GB"));

        JsonPath cancelled = awaitOrder(orderId, o -> "CANCELLED".equals(o.getString("status")));
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
}
