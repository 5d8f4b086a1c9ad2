package io.choreo.shipping.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import io.choreo.events.contract.Address;
import io.choreo.events.contract.DomainEvent;
import io.choreo.events.contract.PaymentCompleted;
import io.choreo.events.contract.ShipmentCancelled;
import io.choreo.events.contract.ShipmentCreated;

/** The Shipment aggregate without Quarkus: what it decides, and that its state is the fold of what it decided. */
class ShipmentTest {

    static final PaymentCompleted PAID = new PaymentCompleted(
            "o-1",
            "ch_1",
            new BigDecimal("10.00"),
            "EUR",
            new Address("Ada", "1 Way", "London", "N1", "GB"),
            "ada@example.com");

    /** Decides with the aggregate as folded so far, and appends what it decided, as the service does. */
    static List<DomainEvent> decide(List<DomainEvent> history, Function<Shipment, List<DomainEvent>> d) {
        List<DomainEvent> all = new ArrayList<>(history);
        all.addAll(d.apply(Shipment.fold("o-1", history)));
        return all;
    }

    @Test
    void aBookedShipmentIsCreatedOnceAndCalledOffOnce() {
        List<DomainEvent> history = decide(List.of(), s -> s.booked(PAID, "ChoreoPost", "CP1"));
        assertEquals(
                List.of(new BookingRequested("o-1", "GB"), new ShipmentCreated("o-1", "ChoreoPost", "CP1")), history);
        Shipment created = Shipment.fold("o-1", history);
        assertEquals(ShipmentStatus.CREATED, created.status());
        assertEquals("ChoreoPost", created.carrier());
        assertEquals("CP1", created.trackingNumber());
        assertEquals("GB", created.country());
        assertEquals(ShippingRules.OnPaid.ALREADY_HANDLED, created.onPaymentCompleted());
        assertTrue(created.mustCancel());

        history = decide(history, s -> s.cancelled("timed_out"));
        assertEquals(new ShipmentCancelled("o-1", "CP1", "timed_out"), history.get(history.size() - 1));
        Shipment cancelled = Shipment.fold("o-1", history);
        assertEquals(ShipmentStatus.CANCELLED, cancelled.status());
        assertEquals("timed_out", cancelled.reason());
        assertEquals("CP1", cancelled.trackingNumber());
        assertTrue(cancelled.orderCancelled());
        assertFalse(cancelled.mustCancel(), "called off once");
        assertEquals(List.of(), cancelled.cancelledBeforeBooking("timed_out"));
    }

    @Test
    void aRefusedShipmentKeepsWhereItWasToGo() {
        Shipment failed = Shipment.fold("o-1", decide(List.of(), s -> s.refused(PAID, ShippingRules.UNSERVICEABLE)));
        assertEquals(ShipmentStatus.FAILED, failed.status());
        assertEquals(ShippingRules.UNSERVICEABLE, failed.reason());
        assertEquals("GB", failed.country());
        assertNull(failed.trackingNumber());
        assertFalse(failed.mustCancel());
        assertEquals(ShippingRules.OnPaid.ALREADY_HANDLED, failed.onPaymentCompleted());
        assertEquals(List.of(), failed.cancelledBeforeBooking("shipment_failed"), "nothing left to stop");
    }

    @Test
    void aCancellationBeforeTheBookingIsRememberedOnceAndStopsIt() {
        List<DomainEvent> history = decide(List.of(), s -> s.cancelledBeforeBooking("timed_out"));
        assertEquals(List.of(new ShipmentCancellationNoted("o-1", "timed_out")), history);
        Shipment cancelled = Shipment.fold("o-1", history);
        assertTrue(cancelled.orderCancelled());
        assertNull(cancelled.status());
        assertNull(cancelled.reason());
        assertFalse(cancelled.mustCancel());
        assertEquals(ShippingRules.OnPaid.ORDER_CANCELLED, cancelled.onPaymentCompleted());
        assertEquals(List.of(), cancelled.cancelledBeforeBooking("timed_out"), "noted once");
    }

    @Test
    void nothingHappenedYet() {
        Shipment none = Shipment.fold("o-1", List.of());
        assertNull(none.status());
        assertFalse(none.orderCancelled());
        assertEquals(ShippingRules.OnPaid.BOOK, none.onPaymentCompleted());
        assertFalse(none.mustCancel());
    }
}
