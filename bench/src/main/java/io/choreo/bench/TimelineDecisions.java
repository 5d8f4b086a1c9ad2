package io.choreo.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decisions read from {@code GET /orders/{id}} timelines, for a running suite whose database the bench cannot
 * reach. It loads the service, so it is only read between phases, a few orders at a time.
 */
final class TimelineDecisions implements Decisions {

    private static final Pattern TERMINAL =
            Pattern.compile("\"eventType\"\\s*:\\s*\"(OrderConfirmed|OrderRejected|OrderCancelled)\""
                    + "[^}]*?\"occurredAt\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern REASON = Pattern.compile("\"reason\"\\s*:\\s*\"([^\"]+)\"");
    private static final int CONCURRENT_READS = 8;

    private final HttpClient http;
    private final URI inventoryUrl;

    TimelineDecisions(HttpClient http, URI inventoryUrl) {
        this.http = http;
        this.inventoryUrl = inventoryUrl;
    }

    @Override
    public Map<String, Decision> decided(List<String> orderIds, boolean stopAtFirstPending) {
        Map<String, Decision> found = new HashMap<>();
        for (int from = 0; from < orderIds.size(); from += CONCURRENT_READS) {
            List<CompletableFuture<Decision>> reads = new ArrayList<>();
            for (String id : orderIds.subList(from, Math.min(orderIds.size(), from + CONCURRENT_READS))) {
                reads.add(read(id));
            }
            boolean pending = false;
            for (CompletableFuture<Decision> read : reads) {
                Decision decision = read.join();
                if (decision == null) {
                    pending = true;
                } else {
                    found.put(decision.orderId(), decision);
                }
            }
            if (pending && stopAtFirstPending) {
                break;
            }
        }
        return found;
    }

    private CompletableFuture<Decision> read(String orderId) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(inventoryUrl + "/orders/" + orderId))
                .timeout(Duration.ofSeconds(30))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> {
                    Matcher terminal = TERMINAL.matcher(response.body());
                    if (response.statusCode() != 200 || !terminal.find()) {
                        return null;
                    }
                    // The order's own reason comes before its timeline in the body.
                    Matcher reason = REASON.matcher(response.body());
                    return new Decision(
                            orderId,
                            terminal.group(1),
                            reason.find() ? reason.group(1) : null,
                            Instant.parse(terminal.group(2)));
                })
                .exceptionally(e -> null);
    }

    @Override
    public String describe() {
        return "GET " + inventoryUrl + "/orders/{id} timelines";
    }

    @Override
    public void close() {
        // the HTTP client belongs to the poster
    }
}
