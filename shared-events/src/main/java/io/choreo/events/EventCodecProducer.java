package io.choreo.events;

import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Makes the codec injectable: every upcaster of {@link Upcasters}, the service's {@link
 * PrivateEvents}, and the versions it is told to write ({@code choreo.events.write-version.<Type>}).
 */
public class EventCodecProducer {

    @Produces
    @Singleton
    EventCodec codec(@Any Instance<PrivateEvents> privateEvents) {
        Config config = ConfigProvider.getConfig();
        Map<String, Integer> writeVersions = new HashMap<>();
        for (String type : EventTypes.all()) {
            config.getOptionalValue("choreo.events.write-version." + type, Integer.class)
                    .ifPresent(version -> writeVersions.put(type, version));
        }
        return new EventCodec(
                Upcasters.ALL,
                privateEvents.stream().flatMap(p -> p.types().stream()).toList(),
                writeVersions);
    }
}
