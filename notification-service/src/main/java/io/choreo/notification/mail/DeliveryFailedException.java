package io.choreo.notification.mail;

/** The mail cannot be delivered, now or later (a bad address); not worth retrying. */
public class DeliveryFailedException extends RuntimeException {

    public DeliveryFailedException(String message) {
        super(message);
    }
}
