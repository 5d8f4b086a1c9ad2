package io.choreo.events.contract;

import java.util.List;

/** Stock held for the order is available again. */
public record InventoryReleased(String orderId, List<OrderItem> items, String reason) implements DomainEvent {}
