package io.choreo.events.testing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;

import io.choreo.events.EventCodec;
import io.choreo.events.EventEnvelope;
import io.choreo.events.EventTypes;

/**
 * Checks envelopes against the JSON Schema of their event type and schema version, the files
 * {@code schemas/<Type>.v<N>.json} in shared-events (draft 2020-12; each refers to
 * {@code schemas/envelope.json} for the envelope's fields). {@code format} is asserted, so
 * {@code eventId} must be a UUID and {@code occurredAt} a date-time. A violation reads
 * {@code "$.payload.items[0]: required property 'sku' not found (required)"}: where, what, and the
 * keyword that failed.
 */
public final class EventSchemas {

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaRegistryConfig(
                    SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));

    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final EventCodec CODEC = new EventCodec();

    private EventSchemas() {}

    /** Where the schema of {@code eventType} at {@code schemaVersion} is on the classpath. */
    public static String resource(String eventType, int schemaVersion) {
        return "schemas/" + eventType + ".v" + schemaVersion + ".json";
    }

    /** Whether a schema file exists for {@code eventType} at {@code schemaVersion}. */
    public static boolean exists(String eventType, int schemaVersion) {
        return EventSchemas.class.getClassLoader().getResource(resource(eventType, schemaVersion)) != null;
    }

    /** The violations of an envelope, encoded as its producers encode it. */
    public static List<String> violations(EventEnvelope envelope) {
        return violations(CODEC.encode(envelope));
    }

    /**
     * The violations of an envelope against the schema its own {@code eventType} and
     * {@code schemaVersion} name; empty when it is valid. An unknown type, or a version with no
     * schema, is a violation.
     */
    public static List<String> violations(String envelopeJson) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(envelopeJson);
        } catch (JsonProcessingException e) {
            return List.of("not JSON: " + e.getOriginalMessage());
        }
        if (tree == null || !tree.isObject()) {
            return List.of("not a JSON object");
        }
        JsonNode type = tree.get("eventType");
        JsonNode version = tree.get("schemaVersion");
        if (type == null || !type.isTextual()) {
            return List.of("$.eventType: missing or not a string, so there is no schema to check against");
        }
        if (version == null || !version.isInt()) {
            return List.of("$.schemaVersion: missing or not an integer, so there is no schema to check against");
        }
        return violations(envelopeJson, type.asText(), version.asInt());
    }

    /** The violations of an envelope against the schema of {@code eventType} at {@code schemaVersion}. */
    public static List<String> violations(String envelopeJson, String eventType, int schemaVersion) {
        Optional<Schema> schema = schema(eventType, schemaVersion);
        if (schema.isEmpty()) {
            return List.of(
                    EventTypes.lookup(eventType).isEmpty() && !exists(eventType, 1)
                            ? "$.eventType: unknown event type '" + eventType + "'"
                            : "$.schemaVersion: no schema for " + eventType + " version " + schemaVersion + " ("
                                    + resource(eventType, schemaVersion) + ")");
        }
        List<Error> errors;
        try {
            errors = schema.get().validate(envelopeJson, InputFormat.JSON);
        } catch (RuntimeException e) {
            return List.of("not readable JSON: " + e.getMessage());
        }
        return errors.stream().map(EventSchemas::describe).toList();
    }

    /** Fails, naming every violation, unless the envelope matches its schema. */
    public static void assertValid(String envelopeJson) {
        List<String> violations = violations(envelopeJson);
        if (!violations.isEmpty()) {
            throw new AssertionError("the event does not match its schema:\n  " + String.join("\n  ", violations)
                    + "\nevent: " + envelopeJson);
        }
    }

    public static void assertValid(EventEnvelope envelope) {
        assertValid(CODEC.encode(envelope));
    }

    /**
     * Fails unless every envelope matches its schema; the message names each invalid event (id,
     * type, version) with its violations.
     */
    public static void assertAllValid(Collection<String> envelopesJson) {
        List<String> invalid = new ArrayList<>();
        for (String json : envelopesJson) {
            List<String> violations = violations(json);
            if (!violations.isEmpty()) {
                invalid.add(identify(json) + ":\n    " + String.join("\n    ", violations));
            }
        }
        if (!invalid.isEmpty()) {
            throw new AssertionError(invalid.size() + " of " + envelopesJson.size()
                    + " events do not match their schemas:\n  " + String.join("\n  ", invalid));
        }
    }

    private static Optional<Schema> schema(String eventType, int schemaVersion) {
        // Public types and the services' private ones alike: a type is known by its schemas.
        if (!exists(eventType, schemaVersion)) {
            return Optional.empty();
        }
        return Optional.of(SCHEMAS.computeIfAbsent(
                resource(eventType, schemaVersion),
                path -> REGISTRY.getSchema(SchemaLocation.of("classpath:" + path))));
    }

    private static String describe(Error error) {
        return jsonPath(error.getInstanceLocation()) + ": " + error.getMessage() + " (" + error.getKeyword() + ")";
    }

    /** {@code $.payload.items[0]}, whatever path type the dialect reports in. */
    private static String jsonPath(NodePath path) {
        StringBuilder out = new StringBuilder("$");
        for (int i = 0; i < path.getNameCount(); i++) {
            Object element = path.getElement(i);
            out.append(element instanceof Integer index ? "[" + index + "]" : "." + element);
        }
        return out.toString();
    }

    private static String identify(String json) {
        try {
            JsonNode tree = MAPPER.readTree(json);
            return "event " + tree.path("eventId").asText("?") + " "
                    + tree.path("eventType").asText("?") + " v"
                    + tree.path("schemaVersion").asText("?");
        } catch (JsonProcessingException e) {
            return "an event that is not JSON (" + json.length() + " chars)";
        }
    }
}
