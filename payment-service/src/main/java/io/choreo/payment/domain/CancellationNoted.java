package io.choreo.payment.domain;

import io.choreo.events.contract.DomainEvent;

/** Private: the order was cancelled before it was charged, so a reservation that comes later is not charged. */
public record CancellationNoted(String orderId, String reason) implements DomainEvent {}
