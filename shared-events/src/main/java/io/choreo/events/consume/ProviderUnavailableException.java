package io.choreo.events.consume;

/**
 * A provider (gateway, carrier, mail server) could not be reached: an outage, not a failure of
 * the message. A provider client throws it (or wraps its own exception in it) when it wants the
 * handling to wait for the provider instead of spending the message's tries ({@link Outages}).
 */
public class ProviderUnavailableException extends RuntimeException {

    public ProviderUnavailableException(String message) {
        super(message);
    }

    public ProviderUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
