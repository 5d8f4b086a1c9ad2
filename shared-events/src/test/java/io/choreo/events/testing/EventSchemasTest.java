package io.choreo.events.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.choreo.events.EventCodec;
import io.choreo.events.EventEnvelope;
import io.choreo.events.EventTypes;
import io.choreo.events.Upcasters;
import io.choreo.events.contract.*;

class EventSchemasTest {

    /** Writes every type in its newest version. */
    private static final EventCodec CODEC = new EventCodec();
    /** Writes OrderPlaced in version 1, as a writer held back during a rolling upgrade does. */
    private static final EventCodec V1_WRITER = new EventCodec(Upcasters.ALL, List.of(), Map.of("OrderPlaced", 1));

    private static final ObjectMapper MAPPER = CODEC.mapper();

    private static final String ORDER = "8f370b6d-c7b4-4a15-878a-3b9e08c72627";
    private static final String EMAIL = "ada@example.com";
    private static final Address ADDRESS = new Address("Ada Lovelace", "1 Analytical Way", "London", "N1 9GU", "GB");
    private static final List<OrderItem> ITEMS = List.of(
            new OrderItem("SKU-001", 2, new BigDecimal("19.99")), new OrderItem("SKU-003", 1, new BigDecimal("5.25")));
    private static final List<OrderPlaced.Line> LINES = List.of(
            new OrderPlaced.Line("SKU-001", 2, new Money(new BigDecimal("19.99"), "EUR")),
            new OrderPlaced.Line("SKU-003", 1, new Money(new BigDecimal("5.25"), "EUR")));
    private static final BigDecimal TOTAL = new BigDecimal("45.23");

    /** A realistic instance of every event type, as its producer makes it. */
    static final Map<String, DomainEvent> SAMPLES = Map.ofEntries(
            sample(new OrderPlaced(ORDER, EMAIL, LINES, TOTAL, "EUR", "CARD", "tok_visa", ADDRESS)),
            sample(new InventoryReserved(ORDER, ITEMS, TOTAL, "EUR", "CARD", "tok_visa", ADDRESS, EMAIL)),
            sample(new InventoryReservationFailed(ORDER, "out_of_stock", List.of("SKU-010"))),
            sample(new InventoryReleased(ORDER, ITEMS, "payment_failed")),
            sample(new PaymentCompleted(ORDER, "ch_98219751449939539b0d7782", TOTAL, "EUR", ADDRESS, EMAIL)),
            sample(new PaymentFailed(ORDER, "card_declined")),
            sample(new PaymentRefunded(ORDER, TOTAL, "EUR", "shipment_failed")),
            sample(new ShipmentCreated(ORDER, "ChoreoPost", "CPB3506981E61B")),
            sample(new ShipmentFailed(ORDER, "unserviceable_destination")),
            sample(new ShipmentCancelled(ORDER, "CPB3506981E61B", "timed_out")),
            sample(new OrderConfirmed(ORDER, EMAIL, TOTAL, "EUR")),
            sample(new OrderRejected(ORDER, EMAIL, "out_of_stock", "insufficient stock for SKU-010")),
            sample(new OrderCancelled(ORDER, EMAIL, "payment_failed", "card_declined")),
            sample(new NotificationSent(ORDER, "ORDER_CONFIRMED", EMAIL)),
            sample(new NotificationFailed(
                    ORDER, "ORDER_CONFIRMED", "ada@example.invalid", "undeliverable recipient domain")));

    private static Map.Entry<String, DomainEvent> sample(DomainEvent event) {
        return Map.entry(event.eventType(), event);
    }

    static Stream<String> types() {
        return EventTypes.all().stream().sorted();
    }

    static EventEnvelope envelope(DomainEvent event) {
        return envelope(CODEC, event);
    }

    static EventEnvelope envelope(EventCodec codec, DomainEvent event) {
        return codec.envelope(
                event,
                "Order",
                3,
                UUID.randomUUID().toString(),
                event instanceof OrderPlaced ? null : UUID.randomUUID().toString(),
                "inventory-service");
    }

    static ObjectNode tree(EventEnvelope envelope) {
        try {
            return (ObjectNode) MAPPER.readTree(CODEC.encode(envelope));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JSON of a sample of {@code type}, changed by {@code change}. */
    static String changed(String type, Consumer<ObjectNode> change) {
        ObjectNode tree = tree(envelope(SAMPLES.get(type)));
        change.accept(tree);
        return tree.toString();
    }

    static ObjectNode payload(ObjectNode envelope) {
        return (ObjectNode) envelope.get("payload");
    }

    static JsonNode schemaFile(String type, int version) {
        try (InputStream in =
                EventSchemas.class.getClassLoader().getResourceAsStream(EventSchemas.resource(type, version))) {
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void assertNamed(List<String> violations, String... words) {
        assertFalse(violations.isEmpty(), "expected a violation naming " + Arrays.toString(words));
        assertTrue(
                violations.stream().anyMatch(v -> Arrays.stream(words).allMatch(v::contains)),
                "no violation names " + Arrays.toString(words) + ": " + violations);
    }

    // ---- every type, every version, has its schema, and the schema fits the record ----

    @Test
    void everyTypeHasASchemaForEveryVersionUpToItsCurrentOne() {
        List<String> missing = new ArrayList<>();
        for (String type : EventTypes.all()) {
            for (int version = 1; version <= CODEC.currentVersion(type); version++) {
                if (!EventSchemas.exists(type, version)) {
                    missing.add(EventSchemas.resource(type, version));
                }
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void everySchemaNamesItsTypeAndVersionAndSharesTheEnvelope() {
        for (String type : EventTypes.all()) {
            for (int version = 1; EventSchemas.exists(type, version); version++) {
                JsonNode schema = schemaFile(type, version);
                String where = EventSchemas.resource(type, version);
                assertEquals(
                        "https://json-schema.org/draft/2020-12/schema",
                        schema.path("$schema").asText(),
                        where);
                assertEquals("envelope.json", schema.path("$ref").asText(), where);
                assertEquals(type, schema.at("/properties/eventType/const").asText(), where);
                assertEquals(
                        version, schema.at("/properties/schemaVersion/const").asInt(), where);
                assertTrue(schema.at("/properties/payload/additionalProperties").asBoolean(), where);
            }
        }
    }

    /** The current version's payload lists exactly the record's fields, nested records too. */
    @ParameterizedTest
    @MethodSource("types")
    void theCurrentSchemaHasExactlyTheFieldsOfTheRecord(String type) {
        JsonNode payload = schemaFile(type, CODEC.currentVersion(type)).at("/properties/payload");
        assertSameFields(EventTypes.lookup(type).orElseThrow(), payload, type + ".payload");
    }

    private static void assertSameFields(Class<?> record, JsonNode schema, String where) {
        Set<String> inSchema = new TreeSet<>();
        // A property whose schema is false is one the version forbids (v1's unitPrice in v2 items).
        schema.path("properties").fields().forEachRemaining(property -> {
            if (!property.getValue().isBoolean()) {
                inSchema.add(property.getKey());
            }
        });
        Set<String> inRecord = new TreeSet<>();
        for (RecordComponent component : record.getRecordComponents()) {
            inRecord.add(component.getName());
        }
        assertEquals(inRecord, inSchema, where + " (" + record.getSimpleName() + ")");
        schema.path("required")
                .forEach(required -> assertTrue(
                        inRecord.contains(required.asText()),
                        where + " requires " + required.asText() + ", which " + record.getSimpleName()
                                + " does not have"));
        for (RecordComponent component : record.getRecordComponents()) {
            JsonNode property = schema.path("properties").path(component.getName());
            Class<?> type = component.getType();
            if (type.isRecord()) {
                assertSameFields(type, property, where + "." + component.getName());
            } else if (List.class.isAssignableFrom(type)
                    && component.getGenericType() instanceof ParameterizedType list
                    && list.getActualTypeArguments()[0] instanceof Class<?> element
                    && element.isRecord()) {
                assertSameFields(element, property.path("items"), where + "." + component.getName() + "[]");
            }
        }
    }

    @Test
    void thereIsASampleOfEveryType() {
        assertEquals(new TreeSet<>(EventTypes.all()), new TreeSet<>(SAMPLES.keySet()));
    }

    // ---- what producers make is valid ----

    @ParameterizedTest
    @MethodSource("types")
    void anEnvelopeOfEachTypeMatchesItsSchema(String type) {
        EventEnvelope envelope = envelope(SAMPLES.get(type));
        assertEquals(List.of(), EventSchemas.violations(envelope));
        EventSchemas.assertValid(envelope);
    }

    @Test
    void fieldsASchemaDoesNotKnowAreAllowed() {
        String json = changed("PaymentFailed", e -> {
            payload(e).put("retryable", false);
            e.put("tenant", "eu-1");
        });
        assertEquals(List.of(), EventSchemas.violations(json));
    }

    @Test
    void aNullReasonDetailOfACancellationIsAllowed() {
        EventEnvelope envelope = envelope(new OrderCancelled(ORDER, EMAIL, "timed_out", null));
        assertEquals(List.of(), EventSchemas.violations(envelope));
    }

    // ---- what is broken is named ----

    @Test
    void aMissingRequiredPayloadFieldIsNamed() {
        assertNamed(
                EventSchemas.violations(changed("OrderPlaced", e -> payload(e).remove("customerEmail"))),
                "$.payload",
                "customerEmail");
        assertNamed(
                EventSchemas.violations(changed(
                        "PaymentCompleted", e -> ((ObjectNode) payload(e).get("shippingAddress")).remove("country"))),
                "$.payload.shippingAddress",
                "country");
        assertNamed(
                EventSchemas.violations(changed(
                        "InventoryReserved",
                        e -> ((ObjectNode) payload(e).get("items").get(1)).remove("unitPrice"))),
                "$.payload.items[1]",
                "unitPrice");
    }

    @Test
    void aRequiredFieldThatIsNullIsNamed() {
        assertNamed(
                EventSchemas.violations(
                        changed("ShipmentCreated", e -> payload(e).putNull("trackingNumber"))),
                "$.payload.trackingNumber");
    }

    @Test
    void aFieldOfTheWrongTypeIsNamed() {
        assertNamed(
                EventSchemas.violations(
                        changed("OrderConfirmed", e -> payload(e).put("totalAmount", "45.23"))),
                "$.payload.totalAmount",
                "string");
        assertNamed(
                EventSchemas.violations(changed(
                        "OrderPlaced",
                        e -> ((ObjectNode) payload(e).get("items").get(0)).put("quantity", 2.5))),
                "$.payload.items[0].quantity");
        assertNamed(
                EventSchemas.violations(
                        changed("InventoryReservationFailed", e -> payload(e).put("unavailableSkus", "SKU-010"))),
                "$.payload.unavailableSkus");
    }

    @Test
    void aWrongEventTypeIsNamed() {
        String paymentFailed = changed("PaymentFailed", e -> {});
        assertNamed(EventSchemas.violations(paymentFailed, "ShipmentFailed", 1), "$.eventType", "ShipmentFailed");
        assertNamed(EventSchemas.violations(paymentFailed, "PaymentFailed", 2), "$.schemaVersion", "no schema");
        assertNamed(
                EventSchemas.violations(changed("PaymentFailed", e -> e.put("eventType", "PaymentFumbled"))),
                "$.eventType",
                "unknown event type");
        assertNamed(
                EventSchemas.violations(changed("PaymentFailed", e -> e.put("schemaVersion", 7))),
                "$.schemaVersion",
                "PaymentFailed version 7");
    }

    @Test
    void aBrokenEnvelopeIsNamed() {
        assertNamed(EventSchemas.violations(changed("PaymentFailed", e -> e.remove("correlationId"))), "correlationId");
        assertNamed(EventSchemas.violations(changed("PaymentFailed", e -> e.put("eventId", "42"))), "$.eventId");
        assertNamed(
                EventSchemas.violations(changed("PaymentFailed", e -> e.put("occurredAt", "yesterday"))),
                "$.occurredAt");
        assertNamed(
                EventSchemas.violations(changed("PaymentFailed", e -> e.put("aggregateVersion", 0))),
                "$.aggregateVersion");
        assertNamed(EventSchemas.violations(changed("PaymentFailed", e -> e.put("causationId", 12))), "$.causationId");
        assertNamed(EventSchemas.violations(changed("PaymentFailed", e -> e.remove("payload"))), "payload");
        assertNamed(EventSchemas.violations("[1, 2]"), "not a JSON object");
        assertNamed(EventSchemas.violations("{\"eventType\""), "not JSON");
    }

    @Test
    void assertValidFailsWithTheViolations() {
        String broken = changed("PaymentFailed", e -> payload(e).remove("reason"));
        AssertionError error = assertThrows(AssertionError.class, () -> EventSchemas.assertValid(broken));
        assertTrue(error.getMessage().contains("reason"), error.getMessage());
        AssertionError all = assertThrows(
                AssertionError.class,
                () -> EventSchemas.assertAllValid(List.of(changed("PaymentFailed", e -> {}), broken)));
        assertTrue(all.getMessage().startsWith("1 of 2 events"), all.getMessage());
        assertTrue(all.getMessage().contains("PaymentFailed v1"), all.getMessage());
    }

    // ---- OrderPlaced v1 and v2: v2 items carry price {amount, currency} instead of unitPrice ----

    /** An OrderPlaced envelope as a writer of the newest version writes it (version 2). */
    static ObjectNode orderPlacedV2() {
        return tree(envelope(SAMPLES.get("OrderPlaced")));
    }

    /** The same order as a writer held back at version 1 writes it (the downcast). */
    static ObjectNode orderPlacedV1() {
        return tree(envelope(V1_WRITER, SAMPLES.get("OrderPlaced")));
    }

    @Test
    void anOrderPlacedV2BodyMatchesV2AndAV1BodyMatchesV1() {
        ObjectNode v2 = orderPlacedV2();
        assertEquals(2, v2.get("schemaVersion").asInt());
        assertEquals(List.of(), EventSchemas.violations(v2.toString()));
        assertEquals(List.of(), EventSchemas.violations(v2.toString(), "OrderPlaced", 2));
        ObjectNode v1 = orderPlacedV1();
        assertEquals(1, v1.get("schemaVersion").asInt());
        assertEquals(List.of(), EventSchemas.violations(v1.toString()));
        assertEquals(List.of(), EventSchemas.violations(v1.toString(), "OrderPlaced", 1));
    }

    @Test
    void aV1BodyLiftedByTheUpcasterMatchesV2() {
        EventEnvelope lifted = CODEC.decode(orderPlacedV1().toString());
        assertEquals(2, lifted.schemaVersion());
        assertEquals(List.of(), EventSchemas.violations(lifted));
    }

    @Test
    void theVersionsOfOrderPlacedDoNotMatchEachOther() {
        assertNamed(EventSchemas.violations(orderPlacedV2().toString(), "OrderPlaced", 1), "$.schemaVersion");
        assertNamed(
                EventSchemas.violations(orderPlacedV2().toString(), "OrderPlaced", 1),
                "$.payload.items[0]",
                "unitPrice");
        String v1AsV2 = orderPlacedV1().put("schemaVersion", 2).toString();
        assertNamed(EventSchemas.violations(v1AsV2), "$.payload.items[0]", "price");
        assertNamed(EventSchemas.violations(v1AsV2), "$.payload.items[0].unitPrice");
    }

    @Test
    void aV2ItemNeedsAWholePriceAndNoUnitPrice() {
        ObjectNode both = orderPlacedV2();
        ((ObjectNode) payload(both).get("items").get(0)).put("unitPrice", 19.99);
        assertNamed(EventSchemas.violations(both.toString()), "$.payload.items[0].unitPrice");

        ObjectNode noCurrency = orderPlacedV2();
        ((ObjectNode) payload(noCurrency).get("items").get(1).get("price")).remove("currency");
        assertNamed(EventSchemas.violations(noCurrency.toString()), "$.payload.items[1].price", "currency");

        ObjectNode textAmount = orderPlacedV2();
        ((ObjectNode) payload(textAmount).get("items").get(0).get("price")).put("amount", "19.99");
        assertNamed(EventSchemas.violations(textAmount.toString()), "$.payload.items[0].price.amount");
    }
}
