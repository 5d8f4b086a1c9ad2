package io.choreo.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which SKU each order buys: SKU-001..SKU-009 in turn, skipping a SKU once the orders planned for it would use up
 * what {@code GET /inventory} reported available, so a happy-path run does not turn into a run of rejections.
 */
final class SkuPlan {

    private static final Pattern STOCK =
            Pattern.compile("\"sku\"\\s*:\\s*\"(SKU-00[1-9])\"[^}]*?\"available\"\\s*:\\s*(\\d+)");

    private final String[] sequence;
    private final AtomicInteger next = new AtomicInteger();
    private final Map<String, Integer> available;
    private final boolean enough;

    private SkuPlan(String[] sequence, Map<String, Integer> available, boolean enough) {
        this.sequence = sequence;
        this.available = available;
        this.enough = enough;
    }

    /** A plan for {@code orders} orders of quantity 1 from the stock levels in {@code inventoryJson}. */
    static SkuPlan of(String inventoryJson, int orders) {
        Map<String, Integer> available = new LinkedHashMap<>();
        Matcher stock = STOCK.matcher(inventoryJson);
        while (stock.find()) {
            available.put(stock.group(1), Integer.parseInt(stock.group(2)));
        }
        if (available.isEmpty()) {
            throw new IllegalStateException("GET /inventory lists none of SKU-001..SKU-009: " + inventoryJson);
        }
        Map<String, Integer> left = new LinkedHashMap<>(available);
        List<String> sequence = new ArrayList<>(orders);
        while (sequence.size() < orders) {
            boolean placed = false;
            for (Map.Entry<String, Integer> sku : left.entrySet()) {
                if (sku.getValue() > 0 && sequence.size() < orders) {
                    sequence.add(sku.getKey());
                    sku.setValue(sku.getValue() - 1);
                    placed = true;
                }
            }
            if (!placed) {
                break;
            }
        }
        boolean enough = sequence.size() >= orders;
        if (sequence.isEmpty()) {
            sequence.addAll(available.keySet());
        }
        return new SkuPlan(sequence.toArray(String[]::new), available, enough);
    }

    /** The next order's SKU; past the plan it starts over (those orders may then be rejected as out of stock). */
    String nextSku() {
        return sequence[Math.floorMod(next.getAndIncrement(), sequence.length)];
    }

    boolean stockIsEnough() {
        return enough;
    }

    Map<String, Integer> available() {
        return available;
    }
}
