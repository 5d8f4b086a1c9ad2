package io.choreo.inventory;

import static io.choreo.events.testing.Endpoint.Audience.ADMIN;
import static io.choreo.events.testing.Endpoint.Audience.PUBLIC;
import static io.choreo.events.testing.Endpoint.Audience.SUPPORT;
import static io.choreo.inventory.OrderFixtures.awaitOrder;
import static io.choreo.inventory.OrderFixtures.body;
import static io.choreo.inventory.OrderFixtures.place;
import static io.choreo.inventory.OrderFixtures.timelineTypes;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.choreo.events.testing.Caller;
import io.choreo.events.testing.Endpoint;
import io.quarkus.test.junit.QuarkusTest;

/** Who may call what on inventory-service (the contract's "Who may read what"): every endpoint, every caller. */
@QuarkusTest
class AccessTest {

    @Test
    void everyEndpointAnswersEachCallerAsTheContractSays() {
        String orderId = place(body("SKU-001", 1, "tok_visa", "GB"));
        List<Endpoint> table = new ArrayList<>(List.of(
                Endpoint.post("/orders", body("SKU-003", 1, "tok_visa", "GB"), PUBLIC, 202),
                Endpoint.get("/orders/" + orderId, PUBLIC),
                Endpoint.get("/orders/" + orderId + "?asOf=" + Instant.now(), PUBLIC),
                Endpoint.get("/inventory", PUBLIC),
                Endpoint.get("/inventory/SKU-001", PUBLIC),
                Endpoint.get("/orders?status=PENDING&size=5", SUPPORT),
                Endpoint.post("/admin/inventory/SKU-001/restock", "{\"quantity\": 1}", ADMIN, 200)));
        table.addAll(Endpoint.admin());
        Endpoint.checkAll(table);
    }

    @Test
    void anyoneReadsAnOrderButNotTheCustomersEmailAddressOrToken() {
        String orderId = place(body("SKU-001", 1, "tok_visa", "GB"));
        // Once reserved: InventoryReserved carries all three, and the timeline lists it.
        awaitOrder(orderId, o -> timelineTypes(o).contains("InventoryReserved"));
        for (String path : List.of("/orders/" + orderId, "/orders/" + orderId + "?asOf=" + Instant.now())) {
            String answer = Caller.ANYONE
                    .given()
                    .get(path)
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            for (String secret : List.of(
                    "ada@example.com",
                    "customerEmail",
                    "tok_visa",
                    "token",
                    "Lovelace",
                    "Analytical Way",
                    "shippingAddress")) {
                assertFalse(answer.contains(secret), path + " shows " + secret + ": " + answer);
            }
        }
    }
}
