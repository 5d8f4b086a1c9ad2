package io.choreo.events.stream;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.choreo.events.EventCodec;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;

/** Starts one {@link StreamReader} per {@link StreamReadModel} of the service, and stops them on shutdown. */
@ApplicationScoped
public class StreamReaders {

    @Inject
    @Any
    Instance<StreamReadModel> models;

    @Inject
    StreamEnvironment streams;

    @Inject
    Pool pool;

    @Inject
    EventCodec codec;

    @ConfigProperty(name = "choreo.stream.batch-size", defaultValue = "500")
    int batchSize;

    /** How long a batch waits for more events after its first: fewer, larger transactions under load. */
    @ConfigProperty(name = "choreo.stream.linger", defaultValue = "PT0.25S")
    Duration linger;

    private final Map<String, StreamReader> readers = new LinkedHashMap<>();

    public List<StreamReadModel> models() {
        return models.stream().toList();
    }

    /** After the migrations, the topology and the read models' start-up rebuild. */
    void onStart(@Observes @Priority(3000) StartupEvent event) {
        for (StreamReadModel model : models()) {
            start(model.name());
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        for (String name : List.copyOf(readers.keySet())) {
            stop(name);
        }
        streams.close();
    }

    /** Starts the reader of this model (it becomes active once it holds its lock). */
    public synchronized void start(String name) {
        if (readers.containsKey(name)) {
            return;
        }
        StreamReadModel model = models().stream()
                .filter(m -> m.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no stream-fed read model " + name));
        StreamReader reader = new StreamReader(model, streams, pool, codec, batchSize, linger);
        readers.put(name, reader);
        reader.start();
    }

    /** Stops the reader of this model: as a crash would, but letting its batch finish or roll back. */
    public synchronized void stop(String name) {
        StreamReader reader = readers.remove(name);
        if (reader != null) {
            reader.stop();
        }
    }

    /** Whether this replica reads for this model (holds its lock). */
    public synchronized boolean active(String name) {
        StreamReader reader = readers.get(name);
        return reader != null && reader.active();
    }
}
