package io.choreo.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Places happy-path orders on inventory-service's {@code POST /orders}. */
final class OrderPoster {

    /** One POST: when it was meant to go, when it went, when it was answered, and the order it created. */
    record Posted(String orderId, Instant intendedAt, Instant sentAt, Instant answeredAt, int status, String error) {

        boolean accepted() {
            return status == 202 && orderId != null;
        }
    }

    private static final Pattern ORDER_ID = Pattern.compile("\"orderId\"\\s*:\\s*\"([^\"]+)\"");
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient http;
    private final URI orders;
    private final URI inventory;
    private final URI metrics;

    OrderPoster(URI inventoryUrl) {
        // HTTP/1.1 explicitly: the default would try an h2c upgrade on every new connection.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        this.orders = URI.create(inventoryUrl + "/orders");
        this.inventory = URI.create(inventoryUrl + "/inventory");
        this.metrics = URI.create(inventoryUrl + "/q/metrics");
    }

    HttpClient http() {
        return http;
    }

    /** Blocking POST, for the closed-loop clients: the send time is taken just before the request leaves. */
    Posted post(String sku) {
        Instant sentAt = Instant.now();
        try {
            HttpResponse<String> response = http.send(request(sku), HttpResponse.BodyHandlers.ofString());
            return answered(sentAt, sentAt, response);
        } catch (IOException e) {
            return new Posted(null, sentAt, sentAt, Instant.now(), -1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Posted(null, sentAt, sentAt, Instant.now(), -1, "interrupted");
        }
    }

    /** Non-blocking POST, for the open loop: latency counts from {@code intendedAt}, the order's scheduled time. */
    CompletableFuture<Posted> postAsync(String sku, Instant intendedAt) {
        Instant sentAt = Instant.now();
        return http.sendAsync(request(sku), HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> answered(intendedAt, sentAt, response))
                .exceptionally(e -> new Posted(null, intendedAt, sentAt, Instant.now(), -1, e.toString()));
    }

    /** The body of {@code GET /inventory}: the stock the SKU plan is made from. */
    String inventoryJson() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(inventory).timeout(REQUEST_TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + inventory + " answered " + response.statusCode());
        }
        return response.body();
    }

    /**
     * How many events inventory-service has handled so far (the sum of its {@code choreo_events_consumed_total}),
     * or -1 when its metrics cannot be read.
     */
    double eventsConsumedByInventory() {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(metrics)
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return -1;
            }
            return response.body()
                    .lines()
                    .filter(line -> line.startsWith("choreo_events_consumed_total{"))
                    .mapToDouble(OrderPoster::sampleValue)
                    .sum();
        } catch (IOException | RuntimeException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The value of a Prometheus sample line: the first field after the labels (an OpenMetrics exemplar may follow). */
    private static double sampleValue(String line) {
        return Double.parseDouble(line.substring(line.indexOf('}') + 1).trim().split("\\s+")[0]);
    }

    private HttpRequest request(String sku) {
        String body = "{\"customerEmail\":\"ada@example.com\",\"items\":[{\"sku\":\"" + sku + "\",\"quantity\":1}],"
                + "\"payment\":{\"method\":\"CARD\",\"token\":\"tok_visa\"},"
                + "\"shippingAddress\":{\"name\":\"Ada Lovelace\",\"street\":\"1 Analytical Way\",\"city\":\"London\","
                + "\"postalCode\":\"N1 9GU\",\"country\":\"GB\"}}";
        return HttpRequest.newBuilder(orders)
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private static Posted answered(Instant intendedAt, Instant sentAt, HttpResponse<String> response) {
        Instant answeredAt = Instant.now();
        Matcher id = ORDER_ID.matcher(response.body());
        String orderId = response.statusCode() == 202 && id.find() ? id.group(1) : null;
        String error = orderId == null ? "HTTP " + response.statusCode() : null;
        return new Posted(orderId, intendedAt, sentAt, answeredAt, response.statusCode(), error);
    }
}
