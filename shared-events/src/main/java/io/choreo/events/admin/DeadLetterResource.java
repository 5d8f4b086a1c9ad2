package io.choreo.events.admin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BasicProperties;

import io.choreo.events.Topology;
import io.choreo.events.broker.BrokerChannel;
import io.choreo.events.consume.DeadLetterHeaders;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.rabbitmq.RabbitMQMessage;

/**
 * The service's dead letters, for the admin role: list them, and replay one (by event id) or all
 * after a fix. A replayed message goes back into the service's queue with its attempts reset;
 * the consumer's inbox makes a replay of something already handled harmless, and replaying what
 * is no longer dead-lettered does nothing.
 */
@Path("/admin/dlq")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
public class DeadLetterResource {

    @Inject
    BrokerChannel broker;

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
    public Uni<List<DeadLetter>> list() {
        return broker.takeAll(Topology.deadLetterQueue(service)).chain(taken -> {
            List<DeadLetter> letters =
                    taken.stream().map(DeadLetterResource::describe).toList();
            return giveBack(taken).replaceWith(letters);
        });
    }

    @POST
    @Path("/replay")
    public Uni<Replayed> replay(@QueryParam("eventId") String eventId) {
        return broker.takeAll(Topology.deadLetterQueue(service)).chain(taken -> {
            List<RabbitMQMessage> chosen = new ArrayList<>();
            List<RabbitMQMessage> kept = new ArrayList<>();
            for (RabbitMQMessage message : taken) {
                (eventId == null || eventId.equals(message.properties().getMessageId()) ? chosen : kept).add(message);
            }
            List<String> ids = new ArrayList<>();
            return giveBack(kept)
                    .chain(() -> Multi.createFrom()
                            .iterable(chosen)
                            .onItem()
                            .transformToUniAndConcatenate(message -> broker.publishToQueue(
                                            Topology.queue(service),
                                            replayed(message.properties()),
                                            message.body().getBytes())
                                    .chain(() -> broker.ack(message))
                                    .invoke(() -> ids.add(message.properties().getMessageId())))
                            .collect()
                            .asList())
                    .map(done -> new Replayed(ids.size(), ids));
        });
    }

    private Uni<Void> giveBack(List<RabbitMQMessage> messages) {
        return Multi.createFrom()
                .iterable(messages)
                .onItem()
                .transformToUniAndConcatenate(broker::giveBack)
                .collect()
                .asList()
                .replaceWithVoid();
    }

    private static DeadLetter describe(RabbitMQMessage message) {
        BasicProperties props = message.properties();
        Map<String, Object> headers = props.getHeaders() == null ? Map.of() : props.getHeaders();
        return new DeadLetter(
                props.getMessageId(),
                props.getType(),
                text(headers, DeadLetterHeaders.REASON),
                headers.get(DeadLetterHeaders.ATTEMPTS) == null
                        ? 1
                        : Integer.parseInt(
                                headers.get(DeadLetterHeaders.ATTEMPTS).toString()),
                text(headers, DeadLetterHeaders.FIRST_FAILED_AT),
                text(headers, DeadLetterHeaders.DEAD_LETTERED_AT),
                props.getCorrelationId());
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
