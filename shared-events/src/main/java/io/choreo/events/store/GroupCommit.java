package io.choreo.events.store;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Requests that each need a short transaction of their own (an order's placement) done many to a
 * transaction, as a consumer's batch does with deliveries: while {@code atOnce} groups run, what
 * arrives waits, and the next group takes up to {@code size} of it. A request that arrives while
 * fewer run starts a group at once, alone in it, so a quiet service adds no wait.
 *
 * <p>A group runs in one transaction of {@link Transactions} on a Vert.x context of its own:
 * {@code begin} with all the group's requests (what they all read, read once), then {@code each}
 * request, one after the other ({@link OneAfterAnother}), then {@code end} (what they all wrote, written once). A
 * request whose {@code each} fails with a failure {@code ownFailure} accepts (an invalid request,
 * refused before it wrote anything) fails alone and the group goes on. Any other failure rolls the
 * group back, and each of its requests is then done by {@code alone}, in a transaction of its own,
 * as it would have been without groups (with whatever recovery that has, such as a conflict's).
 * Each caller gets its answer on its own Vert.x context.
 *
 * @param <T> a request
 * @param <R> its answer
 */
public final class GroupCommit<T, R> {

    /** What a group does, in its transaction. */
    public interface Work<T, R> {

        /** Before the first request: what the group's requests all need, read at once. */
        Uni<Void> begin(List<T> requests);

        /** One request, after the ones before it in the group. */
        Uni<R> each(T request);

        /** After the last request: what the group's requests wrote, written at once. */
        Uni<Void> end();

        /** A request done by itself, in a transaction of its own: after its group rolled back. */
        Uni<R> alone(T request);
    }

    private record Pending<T, R>(T request, Context caller, UniEmitter<? super R> answer) {}

    /** One request's outcome in a group that committed: its answer, or its own failure. */
    private record Outcome<R>(R answer, Throwable failure) {}

    private final Vertx vertx;
    private final Transactions transactions;
    private final Work<T, R> work;
    private final Predicate<Throwable> ownFailure;
    private final int size;
    private final int atOnce;
    private final ArrayDeque<Pending<T, R>> waiting = new ArrayDeque<>();
    private int running;

    public GroupCommit(
            Vertx vertx,
            Transactions transactions,
            Work<T, R> work,
            Predicate<Throwable> ownFailure,
            int size,
            int atOnce) {
        this.vertx = vertx;
        this.transactions = transactions;
        this.work = work;
        this.ownFailure = ownFailure;
        this.size = Math.max(1, size);
        this.atOnce = Math.max(1, atOnce);
    }

    /** Does {@code request} in the next group; the answer comes on the caller's Vert.x context. */
    public Uni<R> submit(T request) {
        return Uni.createFrom().emitter(answer -> {
            synchronized (waiting) {
                waiting.add(new Pending<>(request, Vertx.currentContext(), answer));
            }
            startGroups();
        });
    }

    private void startGroups() {
        while (true) {
            List<Pending<T, R>> group;
            synchronized (waiting) {
                if (running >= atOnce || waiting.isEmpty()) {
                    return;
                }
                running++;
                group = new ArrayList<>(Math.min(size, waiting.size()));
                while (group.size() < size && !waiting.isEmpty()) {
                    group.add(waiting.poll());
                }
            }
            Context context = ContextState.newContext(vertx);
            context.runOnContext(start -> run(group, context));
        }
    }

    private void run(List<Pending<T, R>> group, Context context) {
        List<Outcome<R>> outcomes = new ArrayList<>(group.size());
        Uni<Void> transaction;
        try {
            transaction = transactions.run(() -> {
                List<T> requests = group.stream().map(Pending::request).toList();
                return work.begin(requests)
                        .chain(() -> OneAfterAnother.each(context, requests, request -> work.each(request)
                                .map(answer -> new Outcome<R>(answer, null))
                                .onFailure(ownFailure)
                                .recoverWithItem(failure -> new Outcome<>(null, failure))
                                .invoke(outcomes::add)
                                .replaceWithVoid()))
                        .chain(work::end);
            });
        } catch (Throwable e) {
            transaction = Uni.createFrom().failure(e);
        }
        transaction
                .subscribe()
                .with(
                        committed -> {
                            ended();
                            for (int i = 0; i < group.size(); i++) {
                                Outcome<R> outcome = outcomes.get(i);
                                answer(group.get(i), outcome.answer(), outcome.failure());
                            }
                        },
                        rolledBack -> {
                            ended();
                            group.forEach(this::alone);
                        });
    }

    private void ended() {
        synchronized (waiting) {
            running--;
        }
        startGroups();
    }

    private void alone(Pending<T, R> pending) {
        Context context = pending.caller() != null ? pending.caller() : ContextState.newContext(vertx);
        context.runOnContext(start -> {
            Uni<R> alone;
            try {
                alone = work.alone(pending.request());
            } catch (Throwable e) {
                alone = Uni.createFrom().failure(e);
            }
            alone.subscribe().with(answer -> pending.answer().complete(answer), pending.answer()::fail);
        });
    }

    private static <R> void answer(Pending<?, R> pending, R answer, Throwable failure) {
        Runnable tell = () -> {
            if (failure == null) {
                pending.answer().complete(answer);
            } else {
                pending.answer().fail(failure);
            }
        };
        if (pending.caller() != null) {
            pending.caller().runOnContext(ignored -> tell.run());
        } else {
            tell.run();
        }
    }
}
