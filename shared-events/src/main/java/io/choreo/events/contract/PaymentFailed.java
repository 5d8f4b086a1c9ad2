package io.choreo.events.contract;

/** The charge was declined or the gateway stayed unavailable; inventory releases the stock. */
public record PaymentFailed(String orderId, String reason) implements DomainEvent {}
