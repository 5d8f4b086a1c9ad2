package io.choreo.notification.api;

import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotBlank;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.choreo.notification.store.NotificationRow;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** The messages sent for an order, which name the customer: for support and admin. */
@RolesAllowed({"support", "admin"})
@Path("/notifications")
@Produces(MediaType.APPLICATION_JSON)
public class NotificationResource {

    public record NotificationView(
            String orderId,
            String type,
            String recipient,
            String subject,
            Instant sentAt,
            String status,
            String error) {}

    @GET
    public Uni<List<NotificationView>> forOrder(@QueryParam("orderId") @NotBlank String orderId) {
        return Panache.withSession(() -> NotificationRow.<NotificationRow>list("orderId", orderId))
                .map(found -> found.stream()
                        .map(n -> new NotificationView(
                                n.orderId, n.type.name(), n.recipient, n.subject, n.sentAt, n.status.name(), n.error))
                        .toList());
    }
}
