package io.choreo.inventory.domain;

import java.math.BigDecimal;

import io.choreo.events.contract.DomainEvent;

/**
 * Private: {@code quantity} of a SKU came into stock (the seeded catalogue, or an admin's
 * restock). It names the SKU's catalogue entry, so the first one creates it.
 */
public record StockAdded(String sku, String name, BigDecimal unitPrice, String currency, int quantity)
        implements DomainEvent {

    /** Stock belongs to no order. */
    @Override
    public String orderId() {
        return null;
    }
}
