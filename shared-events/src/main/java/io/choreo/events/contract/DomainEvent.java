package io.choreo.events.contract;

/**
 * The payload of an event. The event type, and so the routing key, is the record's simple name
 * ({@code PaymentFailed}); every event belongs to one order.
 */
public interface DomainEvent {

    String orderId();

    default String eventType() {
        return getClass().getSimpleName();
    }
}
