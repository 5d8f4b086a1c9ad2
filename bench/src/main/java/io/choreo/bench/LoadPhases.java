package io.choreo.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import io.choreo.bench.Decisions.Decision;
import io.choreo.bench.OrderPoster.Posted;

/** The ways the bench places orders (closed loop as fast as possible, open loop at a fixed rate) and waits for them. */
final class LoadPhases {

    /** What a closed-loop run sent: every POST in the order it was sent. */
    record ClosedLoopRun(List<Posted> posts, Instant firstPost, Instant lastAnswer) {}

    /** What an open-loop run sent, and how far behind its schedule the sender ever fell. */
    record OpenLoopRun(
            List<Posted> posts, int scheduled, Instant start, Instant lastSend, double maxLagMillis, int unanswered) {}

    private static final Duration POLL = Duration.ofSeconds(1);

    private final OrderPoster poster;
    private final SkuPlan skus;
    private final Decisions decisions;

    LoadPhases(OrderPoster poster, SkuPlan skus, Decisions decisions) {
        this.poster = poster;
        this.skus = skus;
        this.decisions = decisions;
    }

    /** {@code orders} orders from {@code clients} clients, each sending its next order when the last one answered. */
    ClosedLoopRun closedLoop(int orders, int clients) throws InterruptedException {
        Posted[] posts = new Posted[orders];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int c = 0; c < clients; c++) {
            pool.execute(() -> {
                for (int i = next.getAndIncrement(); i < orders; i = next.getAndIncrement()) {
                    posts[i] = poster.post(skus.nextSku());
                }
            });
        }
        pool.shutdown();
        while (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
            Bench.log("closed loop: %d of %d orders sent so far", Math.min(next.get(), orders), orders);
        }
        List<Posted> sent = List.of(posts);
        Instant first =
                sent.stream().map(Posted::sentAt).min(Comparator.naturalOrder()).orElseThrow();
        Instant last = sent.stream()
                .map(Posted::answeredAt)
                .max(Comparator.naturalOrder())
                .orElseThrow();
        return new ClosedLoopRun(sent, first, last);
    }

    /**
     * {@code rate} orders a second for {@code seconds}, each sent at its scheduled time whatever happened to the
     * earlier ones (open loop), so a slow service shows as latency instead of as fewer requests.
     */
    OpenLoopRun openLoop(int rate, int seconds, Duration answerWait) throws InterruptedException {
        int scheduled = rate * seconds;
        List<CompletableFuture<Posted>> inFlight = new ArrayList<>(scheduled);
        long startNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        Instant startWall = Instant.now().plusNanos(startNanos - System.nanoTime());
        long maxLagNanos = 0;
        Instant lastSend = startWall;
        for (int i = 0; i < scheduled; i++) {
            long due = startNanos + Math.round(i * 1e9 / rate);
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            maxLagNanos = Math.max(maxLagNanos, System.nanoTime() - due);
            inFlight.add(poster.postAsync(skus.nextSku(), startWall.plusNanos(due - startNanos)));
            lastSend = Instant.now();
        }
        try {
            CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new))
                    .get(answerWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            Bench.log("some POSTs were still unanswered %d s after the phase", answerWait.toSeconds());
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
        List<Posted> posts = new ArrayList<>();
        int unanswered = 0;
        for (CompletableFuture<Posted> post : inFlight) {
            if (post.isDone()) {
                posts.add(post.join());
            } else {
                unanswered++;
                post.cancel(true);
            }
        }
        return new OpenLoopRun(posts, scheduled, startWall, lastSend, maxLagNanos / 1e6, unanswered);
    }

    /**
     * Polls until every order in {@code orderIds} is decided, {@code deadline} passes, or (when given) no new
     * decision came for {@code idleLimit} after the first one; returns the decisions found. The idle limit starts
     * only with the first decision because a big burst fills the whole pipeline before any order comes out of it.
     */
    Map<String, Decision> awaitDecisions(List<String> orderIds, Instant deadline, Duration idleLimit) throws Exception {
        Map<String, Decision> found = new HashMap<>();
        List<String> pending = new ArrayList<>(orderIds);
        Instant lastProgress = null;
        Instant lastReport = Instant.now();
        while (!pending.isEmpty()) {
            Map<String, Decision> now = decisions.decided(pending, true);
            if (!now.isEmpty()) {
                found.putAll(now);
                pending.removeIf(now::containsKey);
                lastProgress = Instant.now();
            }
            boolean idle =
                    idleLimit != null && lastProgress != null && Instant.now().isAfter(lastProgress.plus(idleLimit));
            if (pending.isEmpty() || idle || Instant.now().isAfter(deadline)) {
                break;
            }
            if (Instant.now().isAfter(lastReport.plusSeconds(10))) {
                Bench.log("  %d of %d decided, waiting", found.size(), orderIds.size());
                lastReport = Instant.now();
            }
            Thread.sleep(POLL.toMillis());
        }
        if (!pending.isEmpty()) {
            // Sources that stop at the first undecided order may have missed later orders decided out of turn.
            found.putAll(decisions.decided(pending, false));
        }
        return found;
    }
}
