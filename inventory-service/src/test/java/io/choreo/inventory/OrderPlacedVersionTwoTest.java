package io.choreo.inventory;

import static io.choreo.inventory.OrderFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Told to write OrderPlaced v2, the service writes it, and its own consumer (a v2 reader) acts on it. */
@QuarkusTest
@TestProfile(OrderPlacedVersionTwoTest.WritesVersionTwo.class)
class OrderPlacedVersionTwoTest {

    public static class WritesVersionTwo implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("choreo.events.write-version.OrderPlaced", "2");
        }
    }

    @Inject
    Pool pool;

    @Test
    void anOrderPlacedInVersionTwoIsReservedLikeAnyOther() {
        String orderId = place(body("SKU-004", 2, "tok_visa", "GB"));
        assertEquals(
                List.of("OrderPlaced", "InventoryReserved"),
                timelineTypes(awaitOrder(orderId, o -> timelineTypes(o).contains("InventoryReserved"))));
        assertEquals(
                2,
                pool.preparedQuery(
                                "SELECT schema_version FROM event_store WHERE aggregate_id = $1 AND event_type = 'OrderPlaced'")
                        .execute(Tuple.of(orderId))
                        .await()
                        .atMost(Duration.ofSeconds(5))
                        .iterator()
                        .next()
                        .getInteger(0));
    }
}
