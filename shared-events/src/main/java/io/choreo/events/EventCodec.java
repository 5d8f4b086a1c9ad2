package io.choreo.events;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.choreo.events.contract.DomainEvent;

/**
 * Reads and writes envelopes as JSON. Reading validates the envelope, rejects unknown types and
 * versions with a {@link PoisonEventException}, and upcasts older payloads to the current version.
 * Plain Java (no CDI), so producers, consumers and tests share the same rules.
 */
public final class EventCodec {

    private final ObjectMapper mapper;
    private final List<Upcaster> upcasters;
    /** The newest version of each type that has upcasters; every other type is at version 1. */
    private final Map<String, Integer> newest;
    /** Types kept in this service's store but never published (see {@link PrivateEvents}). */
    private final Map<String, Class<? extends DomainEvent>> privateTypes;

    private final Map<String, Integer> writeVersions;

    /** A payload read, and the tree it was read from. */
    private record Read(ObjectNode tree, DomainEvent event) {}

    /** How many read payloads are kept: a batch's worth of handlings, a few hundred events. */
    private static final int KEPT = 512;

    private final Map<UUID, Read> recentlyRead = new LinkedHashMap<>(KEPT * 2, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Read> eldest) {
            return size() > KEPT;
        }
    };

    /** Every event change of {@link Upcasters}; writes the newest versions. */
    public EventCodec() {
        this(Upcasters.ALL);
    }

    public EventCodec(List<Upcaster> upcasters) {
        this(upcasters, List.of(), Map.of());
    }

    /**
     * @param writeVersions the version a type is written in when not its newest (a rolling upgrade:
     *     raise it only once every reader knows the newer version)
     */
    public EventCodec(
            List<Upcaster> upcasters,
            List<Class<? extends DomainEvent>> privateTypes,
            Map<String, Integer> writeVersions) {
        this.writeVersions = Map.copyOf(writeVersions);
        this.privateTypes =
                privateTypes.stream().collect(Collectors.toUnmodifiableMap(Class::getSimpleName, type -> type));
        this.mapper = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                // Money keeps its scale (49.50 stays 49.50 through the payload's tree).
                .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
        this.upcasters = upcasters.stream()
                .sorted(Comparator.comparingInt(Upcaster::fromVersion))
                .toList();
        this.newest = upcasters.stream()
                .collect(Collectors.toUnmodifiableMap(
                        Upcaster::eventType, upcaster -> upcaster.fromVersion() + 1, Math::max));
        newest.forEach((type, version) -> {
            for (int from = 1; from < version; from++) {
                int step = from;
                if (upcasters.stream().noneMatch(u -> u.eventType().equals(type) && u.fromVersion() == step)) {
                    throw new IllegalArgumentException(
                            "no upcaster lifts " + type + " v" + step + " to v" + (step + 1));
                }
            }
        });
    }

    /** The version {@code eventType} is written in: the newest, unless told to hold back. */
    public int writeVersion(String eventType) {
        return Math.min(writeVersions.getOrDefault(eventType, currentVersion(eventType)), currentVersion(eventType));
    }

    /** A private event of this service: stored, never published. */
    public boolean isPrivate(String eventType) {
        return privateTypes.containsKey(eventType);
    }

    /** The schema version this codec writes and lifts everything to: 1, plus one per upcaster in the type's chain. */
    public int currentVersion(String eventType) {
        return newest.getOrDefault(eventType, 1);
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /** A new envelope for {@code event}, caused by the event {@code causationId} (null for a command from outside). */
    public EventEnvelope envelope(
            DomainEvent event,
            String aggregateType,
            long aggregateVersion,
            String correlationId,
            String causationId,
            String source) {
        return envelope(event, aggregateType, event.orderId(), aggregateVersion, correlationId, causationId, source);
    }

    /** As above, for an aggregate that is not an order (stock: the SKU). */
    public EventEnvelope envelope(
            DomainEvent event,
            String aggregateType,
            String aggregateId,
            long aggregateVersion,
            String correlationId,
            String causationId,
            String source) {
        String type = event.eventType();
        int version = writeVersion(type);
        ObjectNode payload = mapper.valueToTree(event);
        for (int from = currentVersion(type) - 1; from >= version; from--) {
            payload = upcaster(type, from).downcast(payload);
        }
        return new EventEnvelope(
                UUID.randomUUID(),
                type,
                version,
                aggregateType,
                aggregateId,
                aggregateVersion,
                correlationId,
                causationId,
                Instant.now(),
                source,
                payload);
    }

    private Upcaster upcaster(String eventType, int fromVersion) {
        return upcasters.stream()
                .filter(u -> u.eventType().equals(eventType) && u.fromVersion() == fromVersion)
                .findFirst()
                .orElseThrow();
    }

    public String encode(EventEnvelope envelope) {
        try {
            return mapper.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode event " + envelope.eventId(), e);
        }
    }

    /** A message's body, parsed from its bytes (UTF-8) with no String between. */
    public EventEnvelope decode(byte[] body) {
        return decodeParsed(() -> mapper.readTree(body));
    }

    public EventEnvelope decode(String body) {
        return decodeParsed(() -> mapper.readTree(body));
    }

    /** Jackson's parse of a body, from bytes or from text. */
    private interface Parse {
        JsonNode tree() throws IOException;
    }

    private EventEnvelope decodeParsed(Parse parse) {
        JsonNode tree;
        try {
            tree = parse.tree();
        } catch (IOException e) {
            throw new PoisonEventException("body is not JSON: " + e.getMessage(), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new PoisonEventException("body is not a JSON object");
        }
        return decode((ObjectNode) tree);
    }

    public EventEnvelope decode(ObjectNode tree) {
        String eventType = text(tree, "eventType");
        if (EventTypes.lookup(eventType).isEmpty() && !isPrivate(eventType)) {
            throw new PoisonEventException("unknown event type '" + eventType + "'");
        }
        int version = tree.path("schemaVersion").asInt(-1);
        int current = currentVersion(eventType);
        if (version < 1 || version > current) {
            throw new PoisonEventException("unsupported schemaVersion " + tree.path("schemaVersion") + " of "
                    + eventType + " (this consumer reads 1.." + current + ")");
        }
        JsonNode payload = tree.get("payload");
        if (payload == null || !payload.isObject()) {
            throw new PoisonEventException("envelope has no payload object");
        }
        EventEnvelope envelope;
        try {
            envelope = new EventEnvelope(
                    UUID.fromString(text(tree, "eventId")),
                    eventType,
                    version,
                    text(tree, "aggregateType"),
                    text(tree, "aggregateId"),
                    tree.path("aggregateVersion").asLong(0),
                    text(tree, "correlationId"),
                    tree.path("causationId").isTextual()
                            ? tree.get("causationId").asText()
                            : null,
                    Instant.parse(text(tree, "occurredAt")),
                    text(tree, "source"),
                    (ObjectNode) payload);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new PoisonEventException("malformed envelope: " + e.getMessage(), e);
        }
        return upcast(envelope);
    }

    private EventEnvelope upcast(EventEnvelope envelope) {
        EventEnvelope result = envelope;
        for (Upcaster upcaster : upcasters) {
            if (upcaster.eventType().equals(result.eventType()) && upcaster.fromVersion() == result.schemaVersion()) {
                result = result.withPayload(
                        result.schemaVersion() + 1,
                        upcaster.upcast(result.payload().deepCopy()));
            }
        }
        return result;
    }

    /** The payload as the record of its type, public or private. */
    public DomainEvent payload(EventEnvelope envelope) {
        Class<? extends DomainEvent> type =
                EventTypes.lookup(envelope.eventType()).orElseGet(() -> privateTypes.get(envelope.eventType()));
        if (type == null) {
            throw new PoisonEventException("unknown event type '" + envelope.eventType() + "'");
        }
        return payload(envelope, type);
    }

    /**
     * The payload as its event record. A handling reads the payloads of an aggregate's history more
     * than once (its fold, then its read models' fold of the same envelopes): the last ones read are
     * kept, by event id, for as long as the envelope is the very one they were read from.
     */
    public <T extends DomainEvent> T payload(EventEnvelope envelope, Class<T> type) {
        Read read;
        synchronized (recentlyRead) {
            read = recentlyRead.get(envelope.eventId());
        }
        if (read != null && read.tree() == envelope.payload() && type.isInstance(read.event())) {
            return type.cast(read.event());
        }
        try {
            // An envelope written at an older version (a writer held back) is read as the newest.
            T event = mapper.treeToValue(upcast(envelope).payload(), type);
            synchronized (recentlyRead) {
                recentlyRead.put(envelope.eventId(), new Read(envelope.payload(), event));
            }
            return event;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new PoisonEventException(
                    "payload of " + envelope.eventType() + " does not parse: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode tree, String field) {
        JsonNode node = tree.get(field);
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw new PoisonEventException("envelope field '" + field + "' is missing");
        }
        return node.asText();
    }
}
