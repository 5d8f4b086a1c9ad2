package io.choreo.notification.domain;

/** Whether the customer's message went out. */
public enum NotificationStatus {
    SENT,
    FAILED
}
