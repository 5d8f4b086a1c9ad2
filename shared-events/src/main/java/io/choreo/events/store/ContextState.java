package io.choreo.events.store;

import io.smallrye.common.vertx.ContextLocals;
import io.smallrye.common.vertx.VertxContext;
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

    /** Removes {@code key} from the current duplicated context; nothing off one. */
    public static void remove(String key) {
        if (Vertx.currentContext() != null && VertxContext.isOnDuplicatedContext()) {
            ContextLocals.remove(key);
        }
    }
}
