package io.choreo.events;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.choreo.events.contract.*;

/**
 * The catalogue of event types: the record of each and its current schema version. A type that
 * is not here is unknown and its messages are dead-lettered.
 */
public final class EventTypes {

    /** Current schema version of every event type; bump one here and add an {@link Upcaster}. */
    public static final int CURRENT_VERSION = 1;

    private static final Map<String, Class<? extends DomainEvent>> TYPES = List.<Class<? extends DomainEvent>>of(
            OrderPlaced.class, InventoryReserved.class, InventoryReservationFailed.class, InventoryReleased.class,
            PaymentCompleted.class, PaymentFailed.class, PaymentRefunded.class,
            ShipmentCreated.class, ShipmentFailed.class, ShipmentCancelled.class,
            OrderConfirmed.class, OrderRejected.class, OrderCancelled.class,
            NotificationSent.class, NotificationFailed.class)
            .stream().collect(Collectors.toUnmodifiableMap(Class::getSimpleName, Function.identity()));

    private EventTypes() {
    }

    public static Optional<Class<? extends DomainEvent>> lookup(String eventType) {
        return Optional.ofNullable(TYPES.get(eventType));
    }

    public static int currentVersion(String eventType) {
        return CURRENT_VERSION;
    }

    public static java.util.Set<String> names() {
        return TYPES.keySet();
    }
}
