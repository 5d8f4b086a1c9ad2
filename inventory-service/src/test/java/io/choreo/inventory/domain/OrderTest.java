package io.choreo.inventory.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.choreo.events.contract.Address;
import io.choreo.events.contract.DomainEvent;
import io.choreo.events.contract.InventoryReleased;
import io.choreo.events.contract.InventoryReserved;
import io.choreo.events.contract.Money;
import io.choreo.events.contract.OrderCancelled;
import io.choreo.events.contract.OrderPlaced;

class OrderTest {

    static final OrderPlaced PLACED = new OrderPlaced(
            "o1",
            "ada@example.com",
            List.of(new OrderPlaced.Line("SKU-1", 2, new Money(new BigDecimal("2.50"), "EUR"))),
            new BigDecimal("5.00"),
            "EUR",
            "CARD",
            "tok_visa",
            new Address("Ada", "1 Way", "London", "N1", "GB"));

    @Test
    void aPlacedOrderWithStockReservesThenACancellationReleasesIt() {
        Order order = Order.fold("o1", List.of(PLACED));
        assertEquals(OrderStatus.PENDING, order.status());
        List<DomainEvent> reserved = order.decide(order.onPlaced(Map.of("SKU-1", 2)));
        assertTrue(reserved.get(0) instanceof InventoryReserved);
        assertTrue(order.stockHeld());

        List<DomainEvent> cancelled = order.decide(order.onPaymentFailed("card_declined"));
        assertTrue(cancelled.get(0) instanceof InventoryReleased);
        assertTrue(cancelled.get(1) instanceof OrderCancelled);
        assertEquals(OrderStatus.CANCELLED, order.status());
        assertFalse(order.stockHeld());

        Order replayed = Order.fold("o1", List.of(PLACED, reserved.get(0), cancelled.get(0), cancelled.get(1)));
        assertEquals(OrderStatus.CANCELLED, replayed.status());
        assertEquals("payment_failed", replayed.reason());
        assertEquals("card_declined", replayed.reasonDetail());
    }

    @Test
    void shortStockRejectsAndATerminalOrderIgnoresTheRest() {
        Order order = Order.fold("o1", List.of(PLACED));
        List<DomainEvent> rejected = order.decide(order.onPlaced(Map.of("SKU-1", 1)));
        assertEquals(2, rejected.size());
        assertEquals(OrderStatus.REJECTED, order.status());
        assertEquals(List.of(), order.decide(order.onShipmentCreated()));
        assertEquals(List.of(), order.decide(order.onTimeout("late")));
    }
}
