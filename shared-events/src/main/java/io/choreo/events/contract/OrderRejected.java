package io.choreo.events.contract;

/** Terminal: the order is REJECTED (stock could not be reserved). */
public record OrderRejected(String orderId, String customerEmail, String reason, String reasonDetail)
        implements DomainEvent {}
