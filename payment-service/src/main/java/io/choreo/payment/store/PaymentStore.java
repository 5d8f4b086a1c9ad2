package io.choreo.payment.store;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.choreo.events.EventEnvelope;
import io.choreo.events.PrivateEvents;
import io.choreo.events.contract.DomainEvent;
import io.choreo.events.contract.PaymentCompleted;
import io.choreo.events.projection.AggregateStore;
import io.choreo.events.projection.AggregateStore.History;
import io.choreo.payment.domain.CancellationNoted;
import io.choreo.payment.domain.ChargeRequested;
import io.choreo.payment.domain.Payment;
import io.smallrye.mutiny.Uni;

/** Payments as the event store keeps them: load one (its history, folded), append what was decided. */
@ApplicationScoped
public class PaymentStore implements PrivateEvents {

    public static final String AGGREGATE = "Payment";
    public static final String SOURCE = "payment-service";

    @Inject
    AggregateStore aggregates;

    /** A payment and the history it was folded from. */
    public record Loaded(History history, Payment payment) {}

    /** Loads the payment after holding it: for a decision a racing writer must not flip after the gateway call. */
    public Uni<Loaded> hold(String orderId) {
        return aggregates.hold(AGGREGATE, orderId).chain(() -> load(orderId));
    }

    public Uni<Loaded> load(String orderId) {
        return aggregates
                .load(AGGREGATE, orderId)
                .map(history -> new Loaded(history, Payment.fold(orderId, aggregates.payloads(history.events()))));
    }

    /** The gateway's idempotency key of the payment's charge: the id of its ChargeRequested. */
    public static String chargeKey(Loaded loaded) {
        return loaded.history().lastId(ChargeRequested.class).orElseThrow();
    }

    /** The gateway's idempotency key of the refund of the payment's capture: the id of its PaymentCompleted. */
    public static String refundKey(Loaded loaded) {
        return loaded.history().lastId(PaymentCompleted.class).orElseThrow();
    }

    /** The decided events as envelopes after the loaded history, the read model refreshed with them. */
    public Uni<List<EventEnvelope>> append(Loaded loaded, EventEnvelope cause, List<DomainEvent> decided) {
        return aggregates.decided(loaded.history(), cause, SOURCE, decided);
    }

    @Override
    public List<Class<? extends DomainEvent>> types() {
        return List.of(ChargeRequested.class, CancellationNoted.class);
    }
}
