package io.choreo.notification.domain;

/** The customer messages, one per terminal state of an order. */
public enum NotificationType {
    ORDER_CONFIRMED,
    ORDER_REJECTED,
    ORDER_CANCELLED;

    public static NotificationType forEvent(String eventType) {
        return switch (eventType) {
            case "OrderConfirmed" -> ORDER_CONFIRMED;
            case "OrderRejected" -> ORDER_REJECTED;
            case "OrderCancelled" -> ORDER_CANCELLED;
            default -> throw new IllegalArgumentException("no customer message for " + eventType);
        };
    }
}
