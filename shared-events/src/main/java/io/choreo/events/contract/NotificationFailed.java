package io.choreo.events.contract;

/** The customer could not be told; the order's status does not change. */
public record NotificationFailed(String orderId, String notificationType, String recipient, String reason)
        implements DomainEvent {}
