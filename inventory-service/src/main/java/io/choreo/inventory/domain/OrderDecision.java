package io.choreo.inventory.domain;

import java.util.List;

/** What inventory does with an order in answer to an event or the clock. */
public sealed interface OrderDecision {

    /** Hold the stock of every item; announce {@code InventoryReserved}. */
    record Reserve() implements OrderDecision {}

    /** Stock is short for these SKUs: the order is REJECTED ({@code out_of_stock}). */
    record Reject(List<String> unavailableSkus) implements OrderDecision {}

    /** The shipment exists: held stock becomes sold, the order is CONFIRMED. */
    record Confirm() implements OrderDecision {}

    /** The order is CANCELLED for {@code reason}; held stock is released first when {@code release}. */
    record Cancel(String reason, String reasonDetail, boolean release) implements OrderDecision {}

    /** The order is past deciding (terminal, or not at that step): nothing changes. */
    record Ignore(String why) implements OrderDecision {}
}
