package io.choreo.events.store;

import java.util.List;
import java.util.function.Function;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;

/**
 * Work on many items, one after the other, each started from a task of its own on one Vert.x
 * context: a consumer's batch and a group of placements, which run a thousand handlings in one
 * transaction if told to. Chained into one Uni ({@code chain.chain(...)} a thousand times), they
 * would be subscribed to, and would complete when they need no statement, on one ever deeper
 * stack: a StackOverflowError, and a batch that never ends. Here the stack stays flat.
 */
public final class OneAfterAnother {

    private OneAfterAnother() {}

    /**
     * Runs {@code work} on each item in turn on {@code context} (a batch's or group's own, never
     * null); fails with the first failure, leaving the rest undone.
     */
    public static <T> Uni<Void> each(Context context, List<T> items, Function<T, Uni<Void>> work) {
        java.util.Objects.requireNonNull(context, "work one after another needs a Vert.x context");
        return Uni.createFrom().emitter(done -> next(context, items, 0, work, done));
    }

    private static <T> void next(
            Context context, List<T> items, int index, Function<T, Uni<Void>> work, UniEmitter<? super Void> done) {
        if (index == items.size()) {
            done.complete(null);
            return;
        }
        context.runOnContext(ignored -> {
            Uni<Void> step;
            try {
                step = work.apply(items.get(index));
            } catch (Throwable e) {
                // An Error too (a StackOverflowError once): uncaught here, the work would never end.
                done.fail(e);
                return;
            }
            step.subscribe().with(ok -> next(context, items, index + 1, work, done), done::fail);
        });
    }
}
