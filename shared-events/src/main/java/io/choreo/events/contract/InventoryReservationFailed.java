package io.choreo.events.contract;

import java.util.List;

/** Stock could not be reserved; {@code OrderRejected} follows. */
public record InventoryReservationFailed(String orderId, String reason, List<String> unavailableSkus)
        implements DomainEvent {}
