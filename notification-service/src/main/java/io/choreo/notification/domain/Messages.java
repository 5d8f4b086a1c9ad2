package io.choreo.notification.domain;

/** What the customer reads: subject and text of each message. */
public final class Messages {

    private Messages() {}

    public record Mail(String subject, String text) {}

    public static Mail compose(NotificationType type, String orderId, String reason) {
        return switch (type) {
            case ORDER_CONFIRMED ->
                new Mail(
                        "Your order " + orderId + " is confirmed",
                        "Good news: your order " + orderId + " is paid and on its way.");
            case ORDER_REJECTED ->
                new Mail(
                        "Your order " + orderId + " could not be accepted",
                        "Sorry: we could not reserve the items of order " + orderId + " (" + reason
                                + "). Nothing was charged.");
            case ORDER_CANCELLED ->
                new Mail(
                        "Your order " + orderId + " was cancelled",
                        "Sorry: order " + orderId + " was cancelled (" + reason
                                + "). Any amount charged has been refunded.");
        };
    }
}
