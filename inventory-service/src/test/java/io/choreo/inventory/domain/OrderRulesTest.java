package io.choreo.inventory.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.choreo.events.contract.OrderItem;

class OrderRulesTest {

    private static final List<OrderItem> ITEMS = List.of(
            new OrderItem("SKU-001", 2, BigDecimal.ONE),
            new OrderItem("SKU-002", 1, BigDecimal.ONE),
            new OrderItem("SKU-001", 1, BigDecimal.ONE));

    @Test
    void aPendingOrderWithEnoughStockIsReserved() {
        assertInstanceOf(
                OrderDecision.Reserve.class,
                OrderRules.onPlaced(OrderStatus.PENDING, false, ITEMS, Map.of("SKU-001", 3, "SKU-002", 1)));
    }

    @Test
    void quantitiesOfOneSkuAddUpBeforeTheStockIsChecked() {
        OrderDecision decision =
                OrderRules.onPlaced(OrderStatus.PENDING, false, ITEMS, Map.of("SKU-001", 2, "SKU-002", 5));
        assertEquals(new OrderDecision.Reject(List.of("SKU-001")), decision);
        assertEquals(Map.of("SKU-001", 3, "SKU-002", 1), OrderRules.quantitiesBySku(ITEMS));
    }

    @Test
    void aReservedOrderIsNotReservedAgain() {
        assertInstanceOf(
                OrderDecision.Ignore.class,
                OrderRules.onPlaced(OrderStatus.PENDING, true, ITEMS, Map.of("SKU-001", 9, "SKU-002", 9)));
    }

    @Test
    void aShipmentConfirmsOnlyAPendingReservedOrder() {
        assertInstanceOf(OrderDecision.Confirm.class, OrderRules.onShipmentCreated(OrderStatus.PENDING, true));
        assertInstanceOf(OrderDecision.Ignore.class, OrderRules.onShipmentCreated(OrderStatus.CANCELLED, false));
    }

    @Test
    void failuresCancelAndReleaseWhatIsHeld() {
        assertEquals(
                new OrderDecision.Cancel("payment_failed", "card_declined", true),
                OrderRules.onPaymentFailed(OrderStatus.PENDING, true, "card_declined"));
        assertEquals(
                new OrderDecision.Cancel("shipment_failed", "unserviceable_destination", true),
                OrderRules.onShipmentFailed(OrderStatus.PENDING, true, "unserviceable_destination"));
        assertEquals(
                new OrderDecision.Cancel("timed_out", "late", false),
                OrderRules.onTimeout(OrderStatus.PENDING, false, "late"));
    }

    @Test
    void aTerminalStateNeverChanges() {
        for (OrderStatus terminal : List.of(OrderStatus.CONFIRMED, OrderStatus.REJECTED, OrderStatus.CANCELLED)) {
            assertInstanceOf(OrderDecision.Ignore.class, OrderRules.onPaymentFailed(terminal, false, "x"));
            assertInstanceOf(OrderDecision.Ignore.class, OrderRules.onShipmentFailed(terminal, false, "x"));
            assertInstanceOf(OrderDecision.Ignore.class, OrderRules.onTimeout(terminal, false, "x"));
            assertInstanceOf(OrderDecision.Ignore.class, OrderRules.onShipmentCreated(terminal, true));
        }
    }
}
