package io.choreo.inventory;

import static io.choreo.inventory.OrderFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.choreo.events.EventCodec;
import io.choreo.events.EventEnvelope;
import io.choreo.events.contract.OrderItem;
import io.choreo.events.contract.OrderPlaced;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/** OrderPlaced in versions 1 and 2: what this service writes by default, and every stored one read back the same. */
@QuarkusTest
class OrderPlacedVersionsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Pool pool;

    @Inject
    EventCodec codec;

    @Test
    void theWriterHoldsBackAtVersionOneUntilToldAndItsOrdersStillMove() {
        String orderId = place(body("SKU-002", 1, "tok_visa", "GB"));
        awaitOrder(orderId, o -> timelineTypes(o).contains("InventoryReserved"));
        assertEquals(1, schemaVersionOfOrderPlaced(orderId));
    }

    /** Every stored OrderPlaced, whichever version it was written in (older runs wrote only v1), reads as its order. */
    @Test
    void everyStoredOrderPlacedReadsBackAsItsOrder() throws Exception {
        place(body("SKU-002", 2, "tok_visa", "GB"));
        List<Row> rows = List.copyOf(pool
                .query("SELECT e.schema_version, e.envelope, o.items::text AS items "
                        + "FROM event_store e JOIN customer_order o ON o.id::text = e.aggregate_id "
                        + "WHERE e.event_type = 'OrderPlaced'")
                .execute()
                .await()
                .atMost(Duration.ofSeconds(10))
                .stream()
                .toList());
        assertTrue(rows.stream().anyMatch(r -> r.getInteger("schema_version") == 1), "some version-1 rows");
        for (Row row : rows) {
            EventEnvelope event = codec.decode(row.getString("envelope"));
            OrderPlaced placed = codec.payload(event, OrderPlaced.class);
            List<OrderItem> items = JSON.readValue(row.getString("items"), new TypeReference<List<OrderItem>>() {});
            assertEquals(items.size(), placed.items().size());
            for (int i = 0; i < items.size(); i++) {
                OrderPlaced.Line line = placed.items().get(i);
                assertEquals(items.get(i).sku(), line.sku());
                assertEquals(items.get(i).quantity(), line.quantity());
                assertEquals(
                        0,
                        items.get(i).unitPrice().compareTo(line.price().amount()),
                        event.eventId().toString());
                assertEquals(placed.currency(), line.price().currency());
            }
        }
    }

    int schemaVersionOfOrderPlaced(String orderId) {
        return pool.preparedQuery(
                        "SELECT schema_version FROM event_store WHERE aggregate_id = $1 AND event_type = 'OrderPlaced'")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(orderId))
                .await()
                .atMost(Duration.ofSeconds(5))
                .iterator()
                .next()
                .getInteger(0);
    }
}
