package io.choreo.events.contract;

/** The customer was told about the order's outcome. */
public record NotificationSent(String orderId, String notificationType, String recipient) implements DomainEvent {}
