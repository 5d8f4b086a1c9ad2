package io.choreo.notification.domain;

import io.choreo.events.contract.DomainEvent;

/**
 * Private: the message an order's outcome was told in (its type, recipient and subject), kept
 * whatever the mailer answered. The intent: committed before the mail is sent, and its event id is
 * the mail's idempotency key (its Message-ID); NotificationSent or NotificationFailed follows.
 */
public record MessageComposed(String orderId, NotificationType type, String recipient, String subject)
        implements DomainEvent {}
