package io.choreo.payment.service;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.choreo.events.EventCodec;
import io.choreo.events.EventEnvelope;
import io.choreo.events.contract.DomainEvent;
import io.choreo.events.contract.InventoryReserved;
import io.choreo.events.contract.OrderCancelled;
import io.choreo.events.contract.PaymentCompleted;
import io.choreo.events.contract.PaymentFailed;
import io.choreo.events.contract.PaymentRefunded;
import io.choreo.events.contract.ShipmentFailed;
import io.choreo.payment.domain.PaymentRules;
import io.choreo.payment.domain.PaymentStatus;
import io.choreo.payment.gateway.ChargeResult;
import io.choreo.payment.gateway.GuardedPaymentGateway;
import io.choreo.payment.store.Payment;
import io.smallrye.mutiny.Uni;

/** Charges and refunds, each in the transaction of the event that asked for it. */
@ApplicationScoped
public class PaymentService {

    private static final Logger LOG = Logger.getLogger(PaymentService.class);
    public static final String SOURCE = "payment-service";
    public static final String GATEWAY_UNAVAILABLE = "gateway_unavailable";

    @Inject
    GuardedPaymentGateway gateway;

    @Inject
    EventCodec codec;

    /** InventoryReserved: charge the order once; PaymentCompleted or PaymentFailed. */
    public Uni<List<EventEnvelope>> charge(EventEnvelope cause, InventoryReserved reserved) {
        return Payment.lockOrCreate(reserved.orderId(), cause.correlationId()).chain(payment -> {
            switch (PaymentRules.onInventoryReserved(payment.status, payment.orderCancelled)) {
                case ALREADY_CHARGED:
                    return none();
                case ORDER_CANCELLED:
                    LOG.infof("order %s was cancelled before it was charged; not charging", reserved.orderId());
                    return none();
                default:
                    break;
            }
            payment.amount = reserved.amount();
            payment.currency = reserved.currency();
            return gateway.charge(reserved.orderId(), reserved.amount(), reserved.currency(), reserved.paymentToken())
                    // The gateway stayed down through every retry: that is the order's answer. Any other
                    // failure (an open circuit, a bug) fails the handling, which the broker retries later.
                    .onFailure(GuardedPaymentGateway::exhausted)
                    .recoverWithItem(failure -> {
                        LOG.warnf("charging order %s failed after retries: %s", reserved.orderId(), failure.toString());
                        return new ChargeResult.Declined(GATEWAY_UNAVAILABLE);
                    })
                    .map(result -> {
                        payment.updatedAt = Instant.now();
                        if (result instanceof ChargeResult.Approved approved) {
                            payment.status = PaymentStatus.CAPTURED;
                            payment.chargeId = approved.chargeId();
                            payment.capturedAmount = reserved.amount();
                            return List.of(event(
                                    payment,
                                    cause,
                                    new PaymentCompleted(
                                            payment.orderId,
                                            approved.chargeId(),
                                            reserved.amount(),
                                            reserved.currency(),
                                            reserved.shippingAddress(),
                                            reserved.customerEmail())));
                        }
                        String reason = ((ChargeResult.Declined) result).reason();
                        payment.status = PaymentStatus.FAILED;
                        payment.reason = reason;
                        return List.of(event(payment, cause, new PaymentFailed(payment.orderId, reason)));
                    });
        });
    }

    /** ShipmentFailed: the money goes back. */
    public Uni<List<EventEnvelope>> onShipmentFailed(EventEnvelope cause, ShipmentFailed failed) {
        return refund(cause, failed.orderId(), "shipment_failed", false);
    }

    /** OrderCancelled: what is still captured goes back, and a charge that comes later must not stand. */
    public Uni<List<EventEnvelope>> onOrderCancelled(EventEnvelope cause, OrderCancelled cancelled) {
        return refund(cause, cancelled.orderId(), cancelled.reason(), true);
    }

    /** ShipmentFailed or OrderCancelled: give back what is still captured. */
    private Uni<List<EventEnvelope>> refund(
            EventEnvelope cause, String orderId, String reason, boolean orderCancelled) {
        return Payment.lockOrCreate(orderId, cause.correlationId()).chain(payment -> {
            payment.orderCancelled |= orderCancelled;
            if (!PaymentRules.mustRefund(payment.status)) {
                return none();
            }
            BigDecimal amount = payment.capturedAmount.subtract(payment.refundedAmount);
            return gateway.refund(orderId, payment.chargeId, amount, payment.currency)
                    .map(ignored -> {
                        payment.status = PaymentStatus.REFUNDED;
                        payment.refundedAmount = payment.refundedAmount.add(amount);
                        payment.reason = reason;
                        payment.updatedAt = Instant.now();
                        List<EventEnvelope> events = new ArrayList<>();
                        events.add(
                                event(payment, cause, new PaymentRefunded(orderId, amount, payment.currency, reason)));
                        return events;
                    });
        });
    }

    private EventEnvelope event(Payment payment, EventEnvelope cause, DomainEvent event) {
        return codec.envelope(
                event,
                "Payment",
                payment.nextEventVersion(),
                cause.correlationId(),
                cause.eventId().toString(),
                SOURCE);
    }

    private static Uni<List<EventEnvelope>> none() {
        return Uni.createFrom().item(List.of());
    }
}
