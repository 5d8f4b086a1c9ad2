package io.choreo.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.choreo.events.contract.Address;
import io.choreo.events.contract.Money;
import io.choreo.events.contract.OrderPlaced;
import io.choreo.events.contract.PaymentFailed;

class EventCodecTest {

    private final EventCodec codec = new EventCodec();

    @Test
    void anEnvelopeSurvivesTheRoundTrip() {
        EventEnvelope sent = codec.envelope(
                new PaymentFailed("o-1", "card_declined"), "Payment", 2, "c-1", "cause-1", "payment-service");
        EventEnvelope read = codec.decode(codec.encode(sent));
        assertEquals(sent, read);
        assertEquals("PaymentFailed", read.eventType());
        assertEquals("card_declined", codec.payload(read, PaymentFailed.class).reason());
    }

    @Test
    void theEnvelopeHasTheFieldsOfTheContract() throws Exception {
        EventEnvelope sent = codec.envelope(
                new PaymentFailed("o-1", "card_declined"), "Payment", 2, "c-1", "cause-1", "payment-service");
        ObjectNode json = (ObjectNode) codec.mapper().readTree(codec.encode(sent));
        for (String field : List.of(
                "eventId",
                "eventType",
                "schemaVersion",
                "aggregateType",
                "aggregateId",
                "aggregateVersion",
                "correlationId",
                "causationId",
                "occurredAt",
                "source",
                "payload")) {
            assertTrue(json.has(field), "missing " + field);
        }
        assertTrue(json.get("occurredAt").isTextual(), "occurredAt is an ISO-8601 string");
    }

    @Test
    void aPayloadIsReadOnceForAsLongAsItsEnvelopeIsTheSame() {
        EventEnvelope stored = codec.decode(codec.encode(
                codec.envelope(new PaymentFailed("o-1", "card_declined"), "Payment", 1, "c", null, "payment-service")));

        PaymentFailed first = codec.payload(stored, PaymentFailed.class);
        // The fold and the read model read the same envelope: the record read first serves both.
        assertSame(first, codec.payload(stored));
        assertSame(first, codec.payload(stored, PaymentFailed.class));
        // The same event read anew (another load) is another tree: read again, to an equal record.
        EventEnvelope again = codec.decode(codec.encode(stored));
        PaymentFailed second = codec.payload(again, PaymentFailed.class);
        assertNotSame(first, second);
        assertEquals(first, second);
    }

    @Test
    void bodiesThatAreNotEnvelopesArePoison() {
        assertThrows(PoisonEventException.class, () -> codec.decode("not json"));
        assertThrows(PoisonEventException.class, () -> codec.decode("[1,2]"));
        assertThrows(PoisonEventException.class, () -> codec.decode("{\"eventType\":\"PaymentFailed\"}"));
    }

    @Test
    void unknownTypesAndVersionsArePoison() {
        String sent =
                codec.encode(codec.envelope(new PaymentFailed("o-1", "x"), "Payment", 1, "c", null, "payment-service"));
        PoisonEventException unknownType = assertThrows(
                PoisonEventException.class,
                () -> codec.decode(sent.replace("\"PaymentFailed\"", "\"PaymentTeleported\"")));
        assertTrue(unknownType.getMessage().contains("unknown event type"));
        PoisonEventException future = assertThrows(
                PoisonEventException.class,
                () -> codec.decode(sent.replace("\"schemaVersion\":1", "\"schemaVersion\":99")));
        assertTrue(future.getMessage().contains("schemaVersion"));
    }

    /** Version 2 of PaymentFailed renames {@code declineCode} to {@code reason}; the upcaster lifts version 1. */
    static final Upcaster DECLINE_CODE_BECOMES_REASON = new Upcaster() {
        public String eventType() {
            return "PaymentFailed";
        }

        public int fromVersion() {
            return 1;
        }

        public ObjectNode upcast(ObjectNode payload) {
            payload.put("reason", payload.remove("declineCode").asText());
            return payload;
        }
    };

    /** A body as a producer that still writes version 1 (with the old field name) sends it. */
    private String versionOneBody() {
        EventEnvelope v1 = codec.envelope(new PaymentFailed("o-1", null), "Payment", 1, "c", null, "payment-service");
        v1.payload().remove("reason");
        v1.payload().put("declineCode", "card_declined");
        return codec.encode(v1);
    }

    @Test
    void anUpcasterLiftsAnOlderPayloadAsItIsDecoded() {
        EventCodec upcasting = new EventCodec(List.of(DECLINE_CODE_BECOMES_REASON));
        assertEquals(2, upcasting.currentVersion("PaymentFailed"));
        EventEnvelope lifted = upcasting.decode(versionOneBody());
        assertEquals(2, lifted.schemaVersion());
        assertEquals(
                "card_declined", upcasting.payload(lifted, PaymentFailed.class).reason());
    }

    @Test
    void theNewestVersionIsReadAsItIsAndANewerOneIsPoison() {
        EventCodec upcasting = new EventCodec(List.of(DECLINE_CODE_BECOMES_REASON));
        String v2 = upcasting.encode(upcasting.envelope(
                new PaymentFailed("o-1", "expired_card"), "Payment", 1, "c", null, "payment-service"));
        assertTrue(v2.contains("\"schemaVersion\":2"), v2);
        assertEquals(
                "expired_card",
                upcasting.payload(upcasting.decode(v2), PaymentFailed.class).reason());
        assertThrows(
                PoisonEventException.class,
                () -> upcasting.decode(v2.replace("\"schemaVersion\":2", "\"schemaVersion\":3")));
        // A consumer that knows only version 1 refuses version 2 rather than misreading it.
        assertThrows(PoisonEventException.class, () -> codec.decode(v2));
    }

    @Test
    void aChainWithAGapIsRefused() {
        Upcaster twoToThree = new Upcaster() {
            public String eventType() {
                return "PaymentFailed";
            }

            public int fromVersion() {
                return 2;
            }

            public ObjectNode upcast(ObjectNode payload) {
                return payload;
            }
        };
        assertThrows(IllegalArgumentException.class, () -> new EventCodec(List.of(twoToThree)));
    }

    @Test
    void moneyKeepsItsScale() {
        EventEnvelope sent = codec.envelope(
                new io.choreo.events.contract.PaymentRefunded("o-1", new BigDecimal("39.98"), "EUR", "x"),
                "Payment",
                3,
                "c",
                null,
                "payment-service");
        assertEquals(
                new BigDecimal("39.98"),
                codec.payload(codec.decode(codec.encode(sent)), io.choreo.events.contract.PaymentRefunded.class)
                        .amount());
    }

    static final OrderPlaced PLACED = new OrderPlaced(
            "o-1",
            "ada@example.com",
            List.of(
                    new OrderPlaced.Line("SKU-001", 2, new Money(new BigDecimal("19.99"), "EUR")),
                    new OrderPlaced.Line("SKU-002", 1, new Money(new BigDecimal("49.50"), "EUR"))),
            new BigDecimal("89.48"),
            "EUR",
            "CARD",
            "tok_visa",
            new Address("Ada Lovelace", "1 Analytical Way", "London", "N1 9GU", "GB"));

    @Test
    void orderPlacedIsWrittenInVersionOneUntilTheWriterIsToldOtherwise() throws Exception {
        EventCodec heldBack = new EventCodec(Upcasters.ALL, List.of(), Map.of("OrderPlaced", 1));
        EventCodec switched = new EventCodec(Upcasters.ALL, List.of(), Map.of("OrderPlaced", 2));
        String v1 = heldBack.encode(heldBack.envelope(PLACED, "Order", 1, "c", null, "inventory-service"));
        String v2 = switched.encode(switched.envelope(PLACED, "Order", 1, "c", null, "inventory-service"));

        ObjectNode v1Json = (ObjectNode) codec.mapper().readTree(v1);
        assertEquals(1, v1Json.get("schemaVersion").asInt());
        assertEquals(19.99, v1Json.at("/payload/items/0/unitPrice").asDouble());
        assertTrue(v1Json.at("/payload/items/0/price").isMissingNode(), v1);
        ObjectNode v2Json = (ObjectNode) codec.mapper().readTree(v2);
        assertEquals(2, v2Json.get("schemaVersion").asInt());
        assertEquals("EUR", v2Json.at("/payload/items/0/price/currency").asText());
        assertTrue(v2Json.at("/payload/items/0/unitPrice").isMissingNode(), v2);

        // A reader of version 2 reads what either writer wrote as the same order.
        EventEnvelope fromV1 = codec.decode(v1);
        EventEnvelope fromV2 = codec.decode(v2);
        assertEquals(2, fromV1.schemaVersion());
        assertEquals(PLACED, codec.payload(fromV1, OrderPlaced.class));
        assertEquals(PLACED, codec.payload(fromV2, OrderPlaced.class));
    }

    @Test
    void aReaderThatKnowsOnlyVersionOneRefusesVersionTwoRatherThanMisreadingIt() {
        String v2 = codec.encode(codec.envelope(PLACED, "Order", 1, "c", null, "inventory-service"));
        EventCodec oldReader = new EventCodec(List.of());
        assertThrows(PoisonEventException.class, () -> oldReader.decode(v2));
    }
}
