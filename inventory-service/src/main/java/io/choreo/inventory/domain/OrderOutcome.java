package io.choreo.inventory.domain;

import java.util.List;

import io.choreo.events.contract.DomainEvent;
import io.choreo.events.contract.OrderCancelled;
import io.choreo.events.contract.OrderConfirmed;
import io.choreo.events.contract.OrderPlaced;
import io.choreo.events.contract.OrderRejected;

/** Where an order stood, as a fold of its own events: PENDING once placed, then the one outcome announced. */
public record OrderOutcome(OrderStatus status, String reason, String reasonDetail) {

    /** The outcome the events give, or null when none of them placed the order. */
    public static OrderOutcome fold(List<DomainEvent> events) {
        OrderOutcome outcome = null;
        for (DomainEvent event : events) {
            if (event instanceof OrderPlaced) {
                outcome = new OrderOutcome(OrderStatus.PENDING, null, null);
            } else if (event instanceof OrderConfirmed) {
                outcome = new OrderOutcome(OrderStatus.CONFIRMED, null, null);
            } else if (event instanceof OrderRejected rejected) {
                outcome = new OrderOutcome(OrderStatus.REJECTED, rejected.reason(), rejected.reasonDetail());
            } else if (event instanceof OrderCancelled cancelled) {
                outcome = new OrderOutcome(OrderStatus.CANCELLED, cancelled.reason(), cancelled.reasonDetail());
            }
        }
        return outcome;
    }
}
