package io.choreo.inventory.domain;

import io.choreo.events.contract.DomainEvent;

/** Private: {@code quantity} of a SKU held for the order (available to reserved); {@code orderId} is null for stock carried over from before event sourcing. */
public record StockReserved(String sku, String orderId, int quantity) implements DomainEvent {}
