package io.choreo.shipping.carrier;

import io.choreo.events.contract.Address;
import io.smallrye.mutiny.Uni;

/** A carrier that takes shipments. Idempotent per order: booking the same order twice books it once. */
public interface Carrier {

    Uni<Booking> book(String orderId, Address destination);

    Uni<Void> cancel(String orderId, String trackingNumber);
}
