package io.choreo.events;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns the payload of one event type from schema version {@code fromVersion()} into
 * {@code fromVersion() + 1}. The codec chains upcasters until the current version is reached, so
 * a consumer always sees the newest shape whatever version the producer wrote.
 */
public interface Upcaster {

    String eventType();

    int fromVersion();

    ObjectNode upcast(ObjectNode payload);

    /**
     * The other way, for a writer told to keep writing {@code fromVersion()} during a rolling
     * upgrade ({@code choreo.events.write-version.<Type>}) while it already thinks in the newer one.
     */
    default ObjectNode downcast(ObjectNode payload) {
        throw new UnsupportedOperationException(
                eventType() + " v" + (fromVersion() + 1) + " cannot be written as v" + fromVersion());
    }
}
