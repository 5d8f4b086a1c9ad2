package io.choreo.payment.api;

import java.math.BigDecimal;
import java.time.Instant;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.choreo.events.http.ProblemException;
import io.choreo.payment.store.PaymentRow;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** The payment of an order, which shows the business: for support and admin. */
@RolesAllowed({"support", "admin"})
@Path("/payments")
@Produces(MediaType.APPLICATION_JSON)
public class PaymentResource {

    public record PaymentView(
            String orderId,
            String status,
            BigDecimal amount,
            BigDecimal capturedAmount,
            BigDecimal refundedAmount,
            String currency,
            String reason,
            Instant updatedAt) {}

    @GET
    @Path("/{orderId}")
    public Uni<PaymentView> get(@PathParam("orderId") String orderId) {
        return Panache.withSession(() -> PaymentRow.<PaymentRow>findById(orderId))
                .map(p -> {
                    if (p == null || p.status == null) {
                        throw ProblemException.notFound("No payment for order " + orderId + ".");
                    }
                    return new PaymentView(
                            p.orderId,
                            p.status.name(),
                            p.amount,
                            p.capturedAmount,
                            p.refundedAmount,
                            p.currency,
                            p.reason,
                            p.updatedAt);
                });
    }
}
