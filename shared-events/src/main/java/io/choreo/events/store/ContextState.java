package io.choreo.events.store;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.ContextLocals;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * State a consumer's batch (or an HTTP request) keeps on its own duplicated Vert.x context, read
 * where no such context may be current: off one there is none ({@link ContextLocals} itself throws
 * there). What the event store holds and prefetched, the held read-model rows, the batch's holds
 * and its transaction's connection all live here.
 */
public final class ContextState {

    private ContextState() {}

    /** The value under {@code key} on the current duplicated context; null off one or when there is none. */
    public static <T> T get(String key) {
        if (Vertx.currentContext() == null || !VertxContext.isOnDuplicatedContext()) {
            return null;
        }
        return ContextLocals.<T>get(key).orElse(null);
    }

    /**
     * A duplicated Vert.x context of its own, for a consumer's batch, a delivery handled alone or a
     * group of placements: its state starts empty and dies with it. Marked safe, so that Hibernate
     * Reactive may keep a session there.
     */
    public static Context newContext(Vertx vertx) {
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        return context;
    }

    /** Removes {@code key} from the current duplicated context; nothing off one. */
    public static void remove(String key) {
        if (Vertx.currentContext() != null && VertxContext.isOnDuplicatedContext()) {
            ContextLocals.remove(key);
        }
    }
}
