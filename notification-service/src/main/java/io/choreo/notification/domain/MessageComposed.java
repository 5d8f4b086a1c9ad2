package io.choreo.notification.domain;

import io.choreo.events.contract.DomainEvent;

/**
 * Private: the message an order's outcome was told in (its type, recipient and subject), kept
 * whatever the mailer answered; appended with NotificationSent or NotificationFailed.
 */
public record MessageComposed(String orderId, NotificationType type, String recipient, String subject)
        implements DomainEvent {}
