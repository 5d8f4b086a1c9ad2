package io.choreo.shipping.carrier;

import io.choreo.events.contract.Address;
import io.smallrye.mutiny.Uni;

/**
 * A carrier that takes shipments. Every call carries an idempotency key (the id of the event that
 * asked for it: the BookingRequested of a booking, the ShipmentCreated of the shipment a
 * cancellation calls off); the carrier answers a key once and repeats that answer, so a repeated
 * call books or cancels nothing twice.
 */
public interface Carrier {

    Uni<Booking> book(String idempotencyKey, String orderId, Address destination);

    Uni<Void> cancel(String idempotencyKey, String orderId, String trackingNumber);
}
