package io.choreo.inventory;

import static io.choreo.inventory.OrderFixtures.*;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.choreo.events.testing.Projection;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;

/** An admin restocks a SKU: a StockAdded event, and the stock read model shows it. */
@QuarkusTest
class RestockTest {

    @Inject
    Pool pool;

    RequestSpecification admin() {
        return given().auth().preemptive().basic(Projection.ADMIN, Projection.ADMIN_PASSWORD);
    }

    @Test
    void aRestockAddsToTheAvailableStockAsAStockAddedEvent() {
        int available = stockOf("SKU-008", "available");
        long added = count(
                pool, "SELECT count(*) FROM event_store WHERE event_type = 'StockAdded' AND aggregate_id = 'SKU-008'");
        admin().contentType(ContentType.JSON)
                .body("{\"quantity\": 25}")
                .post("/admin/inventory/SKU-008/restock")
                .then()
                .statusCode(200)
                .body("sku", is("SKU-008"), "available", is(available + 25));
        assertEquals(available + 25, stockOf("SKU-008", "available"));
        assertEquals(
                added + 1,
                count(
                        pool,
                        "SELECT count(*) FROM event_store WHERE event_type = 'StockAdded' AND aggregate_id = 'SKU-008'"));
        assertEquals(
                0,
                count(
                        pool,
                        "SELECT count(*) FROM event_outbox o JOIN event_store e ON e.id = o.id"
                                + " WHERE e.event_type = 'StockAdded'"),
                "StockAdded is private: never waiting to be published");
        assertTrue(new Projection("inventory-service", "stock").rebuild(false).getBoolean("matched"));
    }

    @Test
    void aQuantityOutsideOneTo100000IsRefusedAndChangesNothing() {
        int available = stockOf("SKU-008", "available");
        for (String body : new String[] {
            "{\"quantity\": 0}",
            "{\"quantity\": -3}",
            "{\"quantity\": 100001}",
            "{\"quantity\": 1.5}",
            "{}",
            "[]",
            "not json"
        }) {
            var answer = admin().contentType(ContentType.JSON)
                    .body(body)
                    .post("/admin/inventory/SKU-008/restock")
                    .then()
                    .extract();
            assertEquals(400, answer.statusCode(), body + " -> " + answer.asString());
            assertEquals("application/problem+json", answer.contentType(), body);
        }
        admin().contentType(ContentType.JSON)
                .body("{\"quantity\": 100000}")
                .post("/admin/inventory/SKU-404/restock")
                .then()
                .statusCode(404);
        assertEquals(available, stockOf("SKU-008", "available"));
    }

    @Test
    void onlyAnAdminMayRestock() {
        given().contentType(ContentType.JSON)
                .body("{\"quantity\": 5}")
                .post("/admin/inventory/SKU-008/restock")
                .then()
                .statusCode(401);
        given().auth()
                .preemptive()
                .basic(Projection.ADMIN, "wrong")
                .contentType(ContentType.JSON)
                .body("{\"quantity\": 5}")
                .post("/admin/inventory/SKU-008/restock")
                .then()
                .statusCode(401);
    }
}
