package io.choreo.events;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Every schema change of the events, as the chain of upcasters every codec reads with. */
public final class Upcasters {

    /** OrderPlaced 1 -> 2: each item's {@code unitPrice} becomes {@code price: {amount, currency}}. */
    public static final Upcaster ORDER_PLACED_PRICES = new Upcaster() {
        @Override
        public String eventType() {
            return "OrderPlaced";
        }

        @Override
        public int fromVersion() {
            return 1;
        }

        @Override
        public ObjectNode upcast(ObjectNode payload) {
            for (JsonNode item : payload.withArray("items")) {
                ObjectNode line = (ObjectNode) item;
                ObjectNode price = line.putObject("price");
                price.set("amount", line.remove("unitPrice"));
                price.set("currency", payload.get("currency"));
            }
            return payload;
        }

        @Override
        public ObjectNode downcast(ObjectNode payload) {
            for (JsonNode item : payload.withArray("items")) {
                ObjectNode line = (ObjectNode) item;
                JsonNode price = line.remove("price");
                line.set("unitPrice", price == null ? null : price.get("amount"));
            }
            return payload;
        }
    };

    public static final List<Upcaster> ALL = List.of(ORDER_PLACED_PRICES);

    private Upcasters() {}
}
