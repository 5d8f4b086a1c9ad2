package io.choreo.inventory;

import static io.choreo.inventory.OrderFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.choreo.events.contract.ShipmentCreated;
import io.choreo.events.testing.BrokerTest;
import io.choreo.events.testing.Projection;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;

/** Orders and stock are folds of the Order and Stock events: rebuilt, compared and repaired while the service runs. */
@QuarkusTest
class ProjectionRebuildTest extends BrokerTest {

    static final Projection ORDERS = new Projection("inventory-service", "orders");
    static final Projection STOCK = new Projection("inventory-service", "stock");

    @Inject
    Pool pool;

    @Inject
    MeterRegistry registry;

    @Test
    void theRebuiltOrdersAndStockMatchTheLiveOnes() {
        String orderId = place(body("SKU-002", 1, "tok_visa", "GB"));
        JsonPath reserved = awaitOrder(orderId, o -> timelineTypes(o).contains("InventoryReserved"));
        broker.publish(eventFor(reserved, new ShipmentCreated(orderId, "ChoreoPost", "CP1"), "shipping-service"));
        awaitOrder(orderId, o -> "CONFIRMED".equals(o.getString("status")));
        JsonPath answer = ORDERS.rebuild(false);
        assertTrue(answer.getBoolean("matched"), answer.prettify());
        assertEquals(0, ORDERS.differences(answer));
        assertEquals(0, STOCK.differences(answer));
        assertTrue(ORDERS.rows(answer) >= 1, answer.prettify());
        assertTrue(STOCK.rows(answer) >= 10, answer.prettify());
    }

    @Test
    void aDamagedStockRowAndOrderRowAreReportedAndRepairedByApply() {
        String orderId = place(body("SKU-004", 2, "tok_visa", "GB"));
        awaitOrder(orderId, o -> timelineTypes(o).contains("InventoryReserved"));
        int available = stockOf("SKU-004", "available");
        execute("UPDATE stock_item SET available = available + 7 WHERE sku = 'SKU-004'");
        execute("UPDATE customer_order SET status = 'CONFIRMED' WHERE id = '" + orderId + "'");

        JsonPath damaged = STOCK.rebuild(false);
        assertEquals(false, damaged.getBoolean("matched"), damaged.prettify());
        assertEquals(2, STOCK.differences(damaged), "the damaged stock row, as live and as rebuilt");
        assertEquals(2, ORDERS.differences(damaged), "the damaged order row, as live and as rebuilt");
        assertEquals(available + 7, stockOf("SKU-004", "available"), "not repaired yet");

        JsonPath repaired = STOCK.rebuild(true);
        assertEquals(true, repaired.getBoolean("applied"));
        assertEquals(available, stockOf("SKU-004", "available"));
        assertEquals("PENDING", order(orderId).getString("status"));
        assertTrue(STOCK.rebuild(false).getBoolean("matched"));
    }

    @Test
    void aRebuildWhileOrdersFlowStillMatches() throws Exception {
        List<String> orders = new ArrayList<>();
        CompletableFuture<Void> flow = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 30; i++) {
                orders.add(place(body("SKU-00" + (1 + i % 3), 1, "tok_visa", "GB")));
            }
        });
        for (int i = 0; i < 3; i++) {
            JsonPath answer = STOCK.rebuild(false);
            assertTrue(answer.getBoolean("matched"), "rebuild " + i + " while ordering: " + answer.prettify());
        }
        flow.get();
        orders.forEach(orderId -> awaitOrder(orderId, o -> timelineTypes(o).contains("InventoryReserved")));
        assertTrue(STOCK.rebuild(false).getBoolean("matched"));
    }

    void execute(String sql) {
        pool.query(sql).execute().await().atMost(Duration.ofSeconds(5));
    }
}
