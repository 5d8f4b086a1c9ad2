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
}
