package io.choreo.events.contract;

/**
 * Terminal: the order is CANCELLED. {@code reason} is {@code payment_failed}, {@code shipment_failed} or
 * {@code timed_out}; payment refunds what it still holds, shipping cancels what it created.
 */
public record OrderCancelled(String orderId, String customerEmail, String reason, String reasonDetail)
        implements DomainEvent {}
