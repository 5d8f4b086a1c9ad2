package io.choreo.payment.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.choreo.events.EventEnvelope;
import io.choreo.events.contract.InventoryReserved;
import io.choreo.events.contract.OrderCancelled;
import io.choreo.events.contract.ShipmentFailed;
import io.choreo.payment.domain.Payment;
import io.choreo.payment.gateway.ChargeResult;
import io.choreo.payment.gateway.GuardedPaymentGateway;
import io.choreo.payment.store.PaymentStore;
import io.smallrye.mutiny.Uni;

/** Charges and refunds: load the order's payment, decide, call the gateway, append what happened. */
@ApplicationScoped
public class PaymentService {

    private static final Logger LOG = Logger.getLogger(PaymentService.class);
    public static final String GATEWAY_UNAVAILABLE = "gateway_unavailable";

    @Inject
    GuardedPaymentGateway gateway;

    @Inject
    PaymentStore payments;

    /**
     * InventoryReserved: charge the order once; PaymentCompleted or PaymentFailed. The payment is
     * held first: a cancellation that raced the gateway call must wait for its outcome, or the
     * retry of this append would find the order cancelled and record nothing of a real charge.
     */
    public Uni<List<EventEnvelope>> charge(EventEnvelope cause, InventoryReserved reserved) {
        return payments.hold(reserved.orderId()).chain(loaded -> {
            Payment payment = loaded.payment();
            switch (payment.onInventoryReserved()) {
                case ALREADY_CHARGED:
                    return none();
                case ORDER_CANCELLED:
                    LOG.infof("order %s was cancelled before it was charged; not charging", reserved.orderId());
                    return none();
                default:
                    break;
            }
            return gateway.charge(reserved.orderId(), reserved.amount(), reserved.currency(), reserved.paymentToken())
                    // The gateway stayed down through every retry: that is the order's answer. Any other
                    // failure (an open circuit, a bug) fails the handling, which the broker retries later.
                    .onFailure(GuardedPaymentGateway::exhausted)
                    .recoverWithItem(failure -> {
                        LOG.warnf("charging order %s failed after retries: %s", reserved.orderId(), failure.toString());
                        return new ChargeResult.Declined(GATEWAY_UNAVAILABLE);
                    })
                    .chain(result -> payments.append(
                            loaded,
                            cause,
                            result instanceof ChargeResult.Approved approved
                                    ? payment.approved(reserved, approved.chargeId())
                                    : payment.declined(reserved, ((ChargeResult.Declined) result).reason())));
        });
    }

    /** ShipmentFailed: the money goes back. */
    public Uni<List<EventEnvelope>> onShipmentFailed(EventEnvelope cause, ShipmentFailed failed) {
        return refund(cause, failed.orderId(), Payment.SHIPMENT_FAILED);
    }

    /** OrderCancelled: what is still captured goes back, and a charge that comes later must not stand. */
    public Uni<List<EventEnvelope>> onOrderCancelled(EventEnvelope cause, OrderCancelled cancelled) {
        return refund(cause, cancelled.orderId(), cancelled.reason());
    }

    private Uni<List<EventEnvelope>> refund(EventEnvelope cause, String orderId, String reason) {
        return payments.load(orderId)
                .chain(loaded -> loaded.payment().mustRefund()
                        // Two refunds may race: the gateway's refund is idempotent and the version lets one stand.
                        ? refund(cause, loaded, reason)
                        // Nothing captured: wait for a charge in flight, and decide again on what it left.
                        : payments.hold(orderId)
                                .chain(held -> held.payment().mustRefund()
                                        ? refund(cause, held, reason)
                                        : payments.append(
                                                held, cause, held.payment().cancelledWithoutRefund(reason))));
    }

    private Uni<List<EventEnvelope>> refund(EventEnvelope cause, PaymentStore.Loaded loaded, String reason) {
        Payment payment = loaded.payment();
        return gateway.refund(loaded.payment().orderId(), payment.chargeId(), payment.refundable(), payment.currency())
                .chain(() -> payments.append(loaded, cause, payment.refunded(reason)));
    }

    private static Uni<List<EventEnvelope>> none() {
        return Uni.createFrom().item(List.of());
    }
}
