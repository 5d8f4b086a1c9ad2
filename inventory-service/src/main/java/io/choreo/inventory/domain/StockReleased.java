package io.choreo.inventory.domain;

import io.choreo.events.contract.DomainEvent;

/** Private: {@code quantity} of a SKU held for the order is available again (reserved to available); {@code orderId} is null for stock carried over from before event sourcing. */
public record StockReleased(String sku, String orderId, int quantity) implements DomainEvent {}
