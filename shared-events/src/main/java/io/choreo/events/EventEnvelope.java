package io.choreo.events;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON body of every message on the {@code order-events} exchange (see DESIGN.md, "Envelope").
 * {@code payload} is kept as a JSON tree so that an envelope can be stored, relayed and upcast
 * without knowing its Java type; {@link EventCodec#payload} turns it into the event record.
 */
public record EventEnvelope(
        UUID eventId,
        String eventType,
        int schemaVersion,
        String aggregateType,
        String aggregateId,
        long aggregateVersion,
        String correlationId,
        String causationId,
        Instant occurredAt,
        String source,
        ObjectNode payload) {

    public EventEnvelope withPayload(int newSchemaVersion, ObjectNode newPayload) {
        return new EventEnvelope(
                eventId,
                eventType,
                newSchemaVersion,
                aggregateType,
                aggregateId,
                aggregateVersion,
                correlationId,
                causationId,
                occurredAt,
                source,
                newPayload);
    }
}
