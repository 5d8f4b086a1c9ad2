package io.choreo.events;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.choreo.events.contract.*;

/**
 * The catalogue of event types: the record of each. A type that is not here is unknown and its
 * messages are dead-lettered. Schema versions are the codec's business: a type's newest version
 * follows from the {@link Upcaster}s that lift its older ones.
 */
public final class EventTypes {

    private static final Map<String, Class<? extends DomainEvent>> TYPES = List.<Class<? extends DomainEvent>>of(
                    OrderPlaced.class,
                    InventoryReserved.class,
                    InventoryReservationFailed.class,
                    InventoryReleased.class,
                    PaymentCompleted.class,
                    PaymentFailed.class,
                    PaymentRefunded.class,
                    ShipmentCreated.class,
                    ShipmentFailed.class,
                    ShipmentCancelled.class,
                    OrderConfirmed.class,
                    OrderRejected.class,
                    OrderCancelled.class,
                    NotificationSent.class,
                    NotificationFailed.class)
            .stream()
            .collect(Collectors.toUnmodifiableMap(Class::getSimpleName, Function.identity()));

    private EventTypes() {}

    /** The name of every event type. */
    public static Set<String> all() {
        return TYPES.keySet();
    }

    public static Optional<Class<? extends DomainEvent>> lookup(String eventType) {
        return Optional.ofNullable(TYPES.get(eventType));
    }
}
