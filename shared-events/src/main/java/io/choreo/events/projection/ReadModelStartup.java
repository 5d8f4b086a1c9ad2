package io.choreo.events.projection;

import java.time.Duration;
import java.util.List;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * At start, after the migrations: every read model whose tables hold an older fold than its code
 * gives (or that was never folded, such as a table the code kept by hand before it was event
 * sourced) is rebuilt from the events and put in place, and its version recorded.
 */
@ApplicationScoped
public class ReadModelStartup {

    private static final Logger LOG = Logger.getLogger(ReadModelStartup.class);

    @Inject
    ReadModels readModels;

    @Inject
    ProjectionRebuild rebuild;

    @Inject
    Pool pool;

    void onStart(@Observes @Priority(2000) StartupEvent event) {
        List<ReadModel> outdated = readModels.all().stream()
                .filter(model -> storedVersion(model) != model.version())
                .toList();
        if (outdated.isEmpty()) {
            return;
        }
        ProjectionRebuild.Result result =
                rebuild.rebuild(outdated, true).await().atMost(Duration.ofMinutes(30));
        for (ReadModel model : outdated) {
            pool.preparedQuery("INSERT INTO read_model_state (name, version, rebuilt_at) VALUES ($1, $2, now()) "
                            + "ON CONFLICT (name) DO UPDATE SET version = EXCLUDED.version, rebuilt_at = now()")
                    .execute(Tuple.of(model.name(), model.version()))
                    .await()
                    .atMost(Duration.ofSeconds(30));
        }
        LOG.infof("read models rebuilt from the events at start (their fold changed): %s", result.models());
    }

    private int storedVersion(ReadModel model) {
        var rows = pool.preparedQuery("SELECT version FROM read_model_state WHERE name = $1")
                .execute(Tuple.of(model.name()))
                .await()
                .atMost(Duration.ofSeconds(30));
        return rows.size() == 0 ? 0 : rows.iterator().next().getInteger(0);
    }
}
