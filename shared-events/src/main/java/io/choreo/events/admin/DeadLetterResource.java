package io.choreo.events.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BasicProperties;
import com.rabbitmq.client.GetResponse;

import io.choreo.events.Topology;
import io.choreo.events.broker.BrokerSettings;
import io.choreo.events.consume.DeadLetterHeaders;
import io.choreo.events.http.ProblemException;

/**
 * The service's dead letters, for the admin role: list them (a peek: the first {@code limit},
 * each put back within the call; the header {@code X-Dead-Letters-Total} says how many wait), and
 * replay one (by event id) or all after a fix. A replayed message goes back into the service's
 * queue with its attempts reset; the consumer's inbox makes a replay of something already handled
 * harmless, and replaying what is no longer dead-lettered does nothing. Each call reads through
 * its own {@link DeadLetterReader}: one reader at a time, and nothing held after the call.
 */
@Path("/admin/dlq")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
public class DeadLetterResource {

    static final int MAX_LIMIT = 1000;
    static final Duration LOCK_WAIT = Duration.ofSeconds(10);

    @Inject
    BrokerSettings settings;

    @ConfigProperty(name = "quarkus.application.name")
    String service;

    /** One dead letter. {@code eventId} is the AMQP message id (absent on a body that was never an event). */
    public record DeadLetter(
            String eventId,
            String eventType,
            String reason,
            int attempts,
            String firstSeen,
            String deadLetteredAt,
            String correlationId) {}

    public record Replayed(int replayed, List<String> eventIds) {}

    @GET
    public Response list(@QueryParam("limit") @DefaultValue("100") int limit) throws Exception {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ProblemException(400, "Bad Request", "limit must be between 1 and " + MAX_LIMIT, null);
        }
        try (DeadLetterReader reader = open()) {
            long total = reader.depth();
            List<DeadLetter> letters = reader.peek(limit).stream()
                    .map(DeadLetterResource::describe)
                    .toList();
            return Response.ok(letters).header("X-Dead-Letters-Total", total).build();
        }
    }

    @POST
    @Path("/replay")
    public Replayed replay(@QueryParam("eventId") String eventId) throws Exception {
        List<String> ids = new ArrayList<>();
        try (DeadLetterReader reader = open()) {
            for (GetResponse letter : reader.take(Integer.MAX_VALUE)) {
                String id = letter.getProps().getMessageId();
                if (eventId == null || eventId.equals(id)) {
                    reader.moveTo(Topology.queue(service), letter, replayed(letter.getProps()));
                    ids.add(id);
                } else {
                    reader.keep(letter);
                }
            }
        }
        return new Replayed(ids.size(), ids);
    }

    private DeadLetterReader open() throws Exception {
        return DeadLetterReader.open(settings.connectionFactory(), service, LOCK_WAIT);
    }

    /** What the headers say, read leniently: a letter with odd or missing headers is still listed. */
    static DeadLetter describe(GetResponse letter) {
        BasicProperties props = letter.getProps();
        Map<String, Object> headers = props.getHeaders() == null ? Map.of() : props.getHeaders();
        return new DeadLetter(
                props.getMessageId(),
                props.getType(),
                text(headers, DeadLetterHeaders.REASON),
                attempts(headers),
                text(headers, DeadLetterHeaders.FIRST_FAILED_AT),
                text(headers, DeadLetterHeaders.DEAD_LETTERED_AT),
                props.getCorrelationId());
    }

    /** Our own count if it is a number, else the broker's {@code x-death} count, else 1. */
    static int attempts(Map<String, Object> headers) {
        Integer ours = number(headers.get(DeadLetterHeaders.ATTEMPTS));
        if (ours != null) {
            return ours;
        }
        if (headers.get("x-death") instanceof List<?> deaths
                && !deaths.isEmpty()
                && deaths.get(0) instanceof Map<?, ?> death) {
            Integer count = number(death.get("count"));
            if (count != null) {
                return count;
            }
        }
        return 1;
    }

    private static Integer number(Object value) {
        if (value instanceof Number n) {
            return n.intValue();
        }
        if (value == null) {
            return null;
        }
        try {
            return Integer.parseInt(value.toString().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The message as it first came, with a note that an admin replayed it. */
    private static AMQP.BasicProperties replayed(BasicProperties props) {
        Map<String, Object> headers = new HashMap<>();
        if (props.getHeaders() != null) {
            props.getHeaders().forEach((k, v) -> {
                if (!k.startsWith("x-choreo-")
                        && !k.startsWith("x-death")
                        && !k.startsWith("x-first-death")
                        && !k.startsWith("x-last-death")) {
                    headers.put(k, v);
                }
            });
        }
        headers.put(DeadLetterHeaders.REPLAYED_AT, Instant.now().toString());
        return new AMQP.BasicProperties.Builder()
                .messageId(props.getMessageId())
                .correlationId(props.getCorrelationId())
                .type(props.getType())
                .contentType(props.getContentType())
                .deliveryMode(2)
                .headers(headers)
                .build();
    }

    private static String text(Map<String, Object> headers, String name) {
        Object value = headers.get(name);
        return value == null ? null : value.toString();
    }
}
