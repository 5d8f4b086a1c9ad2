package io.choreo.events.contract;

import java.math.BigDecimal;

/** One line of an order: how many of a SKU, at which unit price. */
public record OrderItem(String sku, int quantity, BigDecimal unitPrice) {}
