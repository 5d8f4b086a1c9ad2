package io.choreo.events;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The broker names of DESIGN.md, in one place: a durable topic exchange, and per service one
 * durable quorum queue (shared by all replicas), its dead-letter queue and its retry queues.
 * The routing key of an event is its type.
 */
public final class Topology {

    public static final String EXCHANGE = "order-events";

    /**
     * The stream (queue type {@code stream}) bound to the exchange with {@code #}: every event, in
     * publish order, replayable from any offset by any reader without taking it from anyone.
     */
    public static final String STREAM = "order-events.stream";

    /**
     * What marks a probe of the stream (StreamEnvironment.awaitWritable) as such: the routing key it
     * carries, which no event type is and no service queue is bound to. Every stream reader skips it.
     */
    public static final String STREAM_PROBE = "choreo.stream-probe";

    public static final String INVENTORY = "inventory-service";
    public static final String PAYMENT = "payment-service";
    public static final String SHIPPING = "shipping-service";
    public static final String NOTIFICATION = "notification-service";

    /**
     * The routing keys (event types) each service's queue is bound to: the event table of
     * DESIGN.md, only the events the service acts on. (Inventory's timelines and statistics read
     * every event from {@link #STREAM} instead.)
     */
    public static final Map<String, List<String>> BINDINGS = Map.of(
            INVENTORY, List.of("ShipmentCreated", "PaymentFailed", "ShipmentFailed"),
            PAYMENT, List.of("InventoryReserved", "ShipmentFailed", "OrderCancelled"),
            SHIPPING, List.of("PaymentCompleted", "OrderCancelled"),
            NOTIFICATION, List.of("OrderConfirmed", "OrderRejected", "OrderCancelled"));

    /**
     * Bindings a release before this one made and this one removes when it declares its topology:
     * inventory's queue took OrderPlaced while the stock was reserved by a handling of it; the
     * placement reserves it now. (What such a queue still holds is handled: see OrderService.)
     */
    public static final Map<String, List<String>> RETIRED_BINDINGS = Map.of(INVENTORY, List.of("OrderPlaced"));

    private Topology() {}

    /** The event types a service's queue receives: its bindings, with {@code #} standing for every type. */
    public static Set<String> boundTypes(String serviceName) {
        List<String> keys = BINDINGS.get(serviceName);
        return keys.contains("#") ? EventTypes.all() : Set.copyOf(keys);
    }

    public static String queue(String serviceName) {
        return serviceName + ".events";
    }

    public static String deadLetterQueue(String serviceName) {
        return queue(serviceName) + ".dlq";
    }

    /** An exclusive, auto-deleted queue whose existence means: one admin reads the service's DLQ now. */
    public static String deadLetterReaderLock(String serviceName) {
        return deadLetterQueue(serviceName) + ".reader";
    }

    public static String retryQueue(String serviceName, String suffix) {
        return queue(serviceName) + ".retry." + suffix;
    }
}
