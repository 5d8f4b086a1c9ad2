package io.choreo.events;

/**
 * A message that can never be handled: not JSON, not an envelope, an unknown event type or an
 * unsupported schema version. It goes to the consumer's dead-letter queue at once.
 */
public class PoisonEventException extends RuntimeException {

    public PoisonEventException(String message) {
        super(message);
    }

    public PoisonEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
