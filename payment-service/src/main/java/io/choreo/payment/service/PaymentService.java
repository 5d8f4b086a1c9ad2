package io.choreo.payment.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.choreo.events.EventEnvelope;
import io.choreo.events.consume.Step;
import io.choreo.events.contract.DomainEvent;
import io.choreo.events.contract.InventoryReserved;
import io.choreo.events.contract.OrderCancelled;
import io.choreo.events.contract.PaymentCompleted;
import io.choreo.events.contract.ShipmentFailed;
import io.choreo.payment.domain.Payment;
import io.choreo.payment.gateway.ChargeResult;
import io.choreo.payment.gateway.GuardedPaymentGateway;
import io.choreo.payment.store.PaymentStore;
import io.smallrye.mutiny.Uni;

/** Charges and refunds: hold the order's payment, decide and commit the intent, call the gateway, record what it said. */
@ApplicationScoped
public class PaymentService {

    private static final Logger LOG = Logger.getLogger(PaymentService.class);
    public static final String GATEWAY_UNAVAILABLE = "gateway_unavailable";

    @Inject
    GuardedPaymentGateway gateway;

    @Inject
    PaymentStore payments;

    /**
     * InventoryReserved: charge the order once; PaymentCompleted or PaymentFailed. Transaction 1 holds
     * the payment, decides and commits ChargeRequested (the intent); the gateway is called after
     * that commit, outside any transaction, keyed by the ChargeRequested's id; transaction 2 holds
     * and reloads the payment and records the answer. A crash in between brings the reservation
     * back, which finds the charge asked for and asks again with the same key.
     */
    public Uni<Step> charge(EventEnvelope cause, InventoryReserved reserved) {
        return payments.hold(reserved.orderId()).chain(loaded -> {
            Payment payment = loaded.payment();
            switch (payment.onInventoryReserved()) {
                case ALREADY_CHARGED:
                    // A capture whose order was cancelled during the charge, and whose refund did not commit yet.
                    return Uni.createFrom()
                            .item(
                                    payment.owesRefundToCancellation()
                                            ? refund(cause, List.of(), loaded, payment.cancellationReason())
                                            : Step.done(List.of()));
                case ORDER_CANCELLED:
                    LOG.infof("order %s was cancelled before it was charged; not charging", reserved.orderId());
                    return Uni.createFrom().item(Step.done(List.of()));
                default:
                    break;
            }
            return payments.append(loaded, cause, payment.chargeRequested(reserved))
                    .map(intent -> {
                        String key = intent.isEmpty()
                                ? PaymentStore.chargeKey(loaded)
                                : intent.get(0).eventId().toString();
                        return Step.call(
                                intent, () -> charge(key, reserved), result -> recordCharge(cause, reserved, result));
                    });
        });
    }

    /** The gateway's answer, outside any transaction. */
    private Uni<ChargeResult> charge(String key, InventoryReserved reserved) {
        return gateway.charge(key, reserved.orderId(), reserved.amount(), reserved.currency(), reserved.paymentToken())
                // The gateway stayed down through every retry: that is the order's answer. An open
                // circuit is an outage (waited out, tries unspent); a bug fails the handling.
                .onFailure(GuardedPaymentGateway::exhausted)
                .recoverWithItem(failure -> {
                    LOG.warnf("charging order %s failed after retries: %s", reserved.orderId(), failure.toString());
                    return new ChargeResult.Declined(GATEWAY_UNAVAILABLE);
                });
    }

    /**
     * Transaction 2: the answer is recorded on the payment as it is now. A cancellation noted while
     * the gateway charged leaves a capture that must go back: the refund follows, as another call.
     */
    private Uni<Step> recordCharge(EventEnvelope cause, InventoryReserved reserved, ChargeResult result) {
        return payments.hold(reserved.orderId()).chain(loaded -> {
            Payment payment = loaded.payment();
            List<DomainEvent> decided = result instanceof ChargeResult.Approved approved
                    ? payment.approved(reserved, approved.chargeId())
                    : payment.declined(reserved, ((ChargeResult.Declined) result).reason());
            return payments.append(loaded, cause, decided).map(recorded -> {
                decided.forEach(payment::apply);
                if (!payment.owesRefundToCancellation()) {
                    return Step.done(recorded);
                }
                LOG.infof("order %s was cancelled while it was charged; refunding", reserved.orderId());
                String key = recorded.stream()
                        .filter(e -> e.eventType().equals(PaymentCompleted.class.getSimpleName()))
                        .findFirst()
                        .map(e -> e.eventId().toString())
                        .orElseGet(() -> PaymentStore.refundKey(loaded));
                return refund(cause, recorded, key, payment, payment.cancellationReason());
            });
        });
    }

    /** ShipmentFailed: the money goes back. */
    public Uni<Step> onShipmentFailed(EventEnvelope cause, ShipmentFailed failed) {
        return refund(cause, failed.orderId(), Payment.SHIPMENT_FAILED);
    }

    /** OrderCancelled: what is still captured goes back, and a charge that comes later must not stand. */
    public Uni<Step> onOrderCancelled(EventEnvelope cause, OrderCancelled cancelled) {
        return refund(cause, cancelled.orderId(), cancelled.reason());
    }

    /**
     * A refund's intent is the committed capture itself (captured, not refunded): the gateway is
     * called with the key of that capture's PaymentCompleted, outside any transaction, and the
     * refund is recorded after; a crash in between finds the payment still captured and asks again.
     */
    private Uni<Step> refund(EventEnvelope cause, String orderId, String reason) {
        return payments.load(orderId)
                .chain(loaded -> loaded.payment().mustRefund()
                        // Two refunds may race: both ask with the same key, and the version lets one record stand.
                        ? Uni.createFrom().item(refund(cause, List.of(), loaded, reason))
                        // Nothing captured: decide on what a charge in flight left (a charge asked for and not
                        // answered yet refunds itself when its answer finds the cancellation noted).
                        : payments.hold(orderId)
                                .chain(held -> held.payment().mustRefund()
                                        ? Uni.createFrom().item(refund(cause, List.of(), held, reason))
                                        : payments.append(
                                                        held,
                                                        cause,
                                                        held.payment().cancelledWithoutRefund(reason))
                                                .map(Step::done)));
    }

    private Step refund(EventEnvelope cause, List<EventEnvelope> committed, PaymentStore.Loaded loaded, String reason) {
        return refund(cause, committed, PaymentStore.refundKey(loaded), loaded.payment(), reason);
    }

    private Step refund(
            EventEnvelope cause, List<EventEnvelope> committed, String key, Payment payment, String reason) {
        String orderId = payment.orderId();
        return Step.call(
                committed,
                () -> gateway.refund(key, orderId, payment.chargeId(), payment.refundable(), payment.currency()),
                refunded -> payments.load(orderId)
                        .chain(loaded ->
                                payments.append(loaded, cause, loaded.payment().refunded(reason)))
                        .map(Step::done));
    }
}
