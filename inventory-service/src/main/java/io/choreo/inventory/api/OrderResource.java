package io.choreo.inventory.api;

import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.MDC;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.choreo.events.EventEnvelope;
import io.choreo.events.contract.Address;
import io.choreo.events.contract.OrderPlaced;
import io.choreo.events.http.CorrelationIds;
import io.choreo.events.http.Problem;
import io.choreo.events.http.ProblemException;
import io.choreo.events.projection.AggregateStore;
import io.choreo.inventory.domain.OrderOutcome;
import io.choreo.inventory.domain.OrderStatus;
import io.choreo.inventory.service.OrderService;
import io.choreo.inventory.store.CustomerOrder;
import io.choreo.inventory.store.TimelineEntry;
import io.opentelemetry.api.trace.Span;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/** Order intake and the order read API: anyone places an order and reads it by its id; the listing is for support. */
@Path("/orders")
@Produces(MediaType.APPLICATION_JSON)
public class OrderResource {

    @Inject
    OrderService orders;

    @Inject
    AggregateStore aggregates;

    @Inject
    ObjectMapper json;

    /** Ids a client may send: letters, digits and {@code . _ : -}, so they are safe in logs and headers. */
    static final String HEADER_VALUE = "[A-Za-z0-9._:-]*";

    static final String HEADER_RULE = "may hold only letters, digits and . _ : -";

    @POST
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> place(
            @NotNull(message = "a JSON body is required") @Valid PlaceOrderRequest request,
            @HeaderParam("Idempotency-Key") @Size(max = 200) @Pattern(regexp = HEADER_VALUE, message = HEADER_RULE)
                    String idempotencyKey,
            @HeaderParam(CorrelationIds.HEADER) @Size(max = 200) @Pattern(regexp = HEADER_VALUE, message = HEADER_RULE)
                    String correlationId) {
        String orderId = UUID.randomUUID().toString();
        String correlation = correlationId == null || correlationId.isBlank()
                ? UUID.randomUUID().toString()
                : correlationId;
        String key = idempotencyKey == null || idempotencyKey.isBlank() ? null : idempotencyKey;
        traced(orderId, correlation);
        // Priced from the catalogue when the order is placed.
        List<OrderPlaced.Line> items = request.items().stream()
                .map(i -> new OrderPlaced.Line(i.sku(), i.quantity(), null))
                .toList();
        PlaceOrderRequest.ShippingAddress a = request.shippingAddress();
        OrderPlaced draft = new OrderPlaced(
                orderId,
                request.customerEmail(),
                items,
                null,
                null,
                request.payment().method(),
                request.payment().token(),
                new Address(a.name(), a.street(), a.city(), a.postalCode(), a.country()));
        return orders.place(draft, key, fingerprint(request), correlation).map(placement -> {
            if (!placement.created()) {
                traced(placement.orderId(), placement.correlationId());
            }
            Response.ResponseBuilder response = Response.accepted(
                            new OrderViews.Accepted(placement.orderId(), placement.correlationId(), placement.status()))
                    .location(URI.create("/orders/" + placement.orderId()))
                    .header(CorrelationIds.HEADER, placement.correlationId());
            if (!placement.created()) {
                response.header("Idempotent-Replayed", "true");
            }
            return response.build();
        });
    }

    /** Public (the id is unguessable), so the answer carries no e-mail, address or payment token. */
    @GET
    @PermitAll
    @Path("/{orderId}")
    public Uni<Response> get(@PathParam("orderId") String orderId, @QueryParam("asOf") String asOf) {
        UUID id = parse(orderId);
        Instant instant = asOf == null ? null : instant(asOf);
        return Panache.withSession(() -> CustomerOrder.<CustomerOrder>findById(id)
                .onItem()
                .ifNull()
                .failWith(() -> ProblemException.notFound("No order " + orderId + "."))
                .chain(order -> TimelineEntry.of(order.id.toString())
                        .chain(timeline -> instant == null
                                ? Uni.createFrom().item(OrderViews.of(order, timeline))
                                : asOf(order, timeline, instant))
                        .map(view -> Response.ok(view)
                                .header(CorrelationIds.HEADER, order.correlationId)
                                .build())));
    }

    /** The order as its events had left it at {@code instant}: status, reason and the timeline up to then. */
    private Uni<OrderViews.OrderView> asOf(CustomerOrder order, List<TimelineEntry> timeline, Instant instant) {
        return aggregates.load(OrderService.AGGREGATE, order.id.toString()).map(history -> {
            List<EventEnvelope> then = history.events().stream()
                    .filter(e -> !e.occurredAt().isAfter(instant))
                    .toList();
            OrderOutcome outcome = OrderOutcome.fold(aggregates.payloads(then));
            if (outcome == null) {
                throw ProblemException.notFound("Order " + order.id + " did not exist at " + instant + ".");
            }
            return OrderViews.asOf(
                    order,
                    outcome,
                    then.get(then.size() - 1).occurredAt(),
                    timeline.stream()
                            .filter(t -> !t.occurredAt.isAfter(instant))
                            .toList());
        });
    }

    /** The request as read, hashed: a repeated Idempotency-Key must come with the same order. */
    private String fingerprint(PlaceOrderRequest request) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(json.writeValueAsBytes(request)));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint the request", e);
        }
    }

    private static Instant instant(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new ProblemException(
                    400,
                    "Bad Request",
                    "asOf is not an ISO-8601 instant.",
                    List.of(new Problem.Violation("asOf", "must be an ISO-8601 instant such as 2026-11-27T09:00:00Z")));
        }
    }

    @GET
    @RolesAllowed({"support", "admin"})
    public Uni<OrderViews.OrderPage> list(
            @QueryParam("status") String status,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(200) int size) {
        OrderStatus filter = status == null || status.isBlank() ? null : status(status);
        return Panache.withSession(() -> {
            var query = filter == null
                    ? CustomerOrder.<CustomerOrder>findAll(Sort.descending("createdAt", "id"))
                    : CustomerOrder.<CustomerOrder>find("status", Sort.descending("createdAt", "id"), filter);
            return query.page(page, size).list().chain(found -> query.count()
                    .map(total -> new OrderViews.OrderPage(
                            found.stream().map(OrderViews::summary).toList(), page, size, total)));
        });
    }

    /** The order's ids on the request's span and in the log lines it writes. */
    private static void traced(String orderId, String correlationId) {
        Span.current().setAttribute("order.id", orderId).setAttribute("correlation.id", correlationId);
        MDC.put("orderId", orderId);
        MDC.put("correlationId", correlationId);
    }

    private static OrderStatus status(String value) {
        try {
            return OrderStatus.valueOf(value.toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new ProblemException(
                    400,
                    "Bad Request",
                    "Unknown status filter.",
                    List.of(new Problem.Violation(
                            "status", "must be one of " + Arrays.toString(OrderStatus.values()))));
        }
    }

    private static UUID parse(String orderId) {
        try {
            return UUID.fromString(orderId);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("No order " + orderId + ".");
        }
    }
}
