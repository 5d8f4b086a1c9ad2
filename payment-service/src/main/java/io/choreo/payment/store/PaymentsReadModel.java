package io.choreo.payment.store;

import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.choreo.events.EventCodec;
import io.choreo.events.EventEnvelope;
import io.choreo.events.projection.FoldedReadModel;
import io.choreo.payment.domain.Payment;

/** {@code payment}: one row per order that payment has heard of, the fold of its Payment events. */
@ApplicationScoped
public class PaymentsReadModel extends FoldedReadModel {

    static final List<String> COLUMNS = List.of(
            "order_id",
            "correlation_id",
            "status",
            "amount",
            "captured_amount",
            "refunded_amount",
            "currency",
            "reason",
            "charge_id",
            "order_cancelled",
            "created_at",
            "updated_at");

    @Inject
    EventCodec codec;

    public PaymentsReadModel() {
        super("payments", "payment", PaymentStore.AGGREGATE, "order_id", COLUMNS);
    }

    /** One row an order at most, keyed by the table's primary key; payments are read by queries only, never while a delivery is handled. */
    @Override
    public boolean writtenAtBatchEnd() {
        return true;
    }

    @Override
    public List<List<Object>> rows(String orderId, List<EventEnvelope> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        Payment payment =
                Payment.fold(orderId, events.stream().map(codec::payload).toList());
        return List.of(Arrays.asList(
                orderId,
                events.get(0).correlationId(),
                payment.status() == null ? null : payment.status().name(),
                payment.amount(),
                payment.capturedAmount(),
                payment.refundedAmount(),
                payment.currency(),
                payment.reason(),
                payment.chargeId(),
                payment.orderCancelled(),
                events.get(0).occurredAt(),
                events.get(events.size() - 1).occurredAt()));
    }
}
