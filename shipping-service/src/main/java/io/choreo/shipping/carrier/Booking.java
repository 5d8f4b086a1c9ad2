package io.choreo.shipping.carrier;

/** What the carrier said to a booking. */
public sealed interface Booking {

    record Booked(String carrier, String trackingNumber) implements Booking {}

    record Refused(String reason) implements Booking {}
}
