package io.choreo.events;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Makes the codec, with every {@link Upcaster} and {@link PrivateEvents} bean of the application, injectable. */
public class EventCodecProducer {

    @Produces
    @Singleton
    EventCodec codec(@Any Instance<Upcaster> upcasters, @Any Instance<PrivateEvents> privateEvents) {
        return new EventCodec(
                upcasters.stream().toList(),
                privateEvents.stream().flatMap(p -> p.types().stream()).toList());
    }
}
