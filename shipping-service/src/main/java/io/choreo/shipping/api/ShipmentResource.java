package io.choreo.shipping.api;

import java.time.Instant;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.choreo.events.http.ProblemException;
import io.choreo.shipping.store.ShipmentRow;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** The shipment of an order, which shows the business: for support and admin. */
@RolesAllowed({"support", "admin"})
@Path("/shipments")
@Produces(MediaType.APPLICATION_JSON)
public class ShipmentResource {

    public record ShipmentView(
            String orderId, String status, String carrier, String trackingNumber, String reason, Instant updatedAt) {}

    @GET
    @Path("/{orderId}")
    public Uni<ShipmentView> get(@PathParam("orderId") String orderId) {
        return Panache.withSession(() -> ShipmentRow.<ShipmentRow>findById(orderId))
                .map(s -> {
                    if (s == null || s.status == null) {
                        throw ProblemException.notFound("No shipment for order " + orderId + ".");
                    }
                    return new ShipmentView(
                            s.orderId, s.status.name(), s.carrier, s.trackingNumber, s.reason, s.updatedAt);
                });
    }
}
