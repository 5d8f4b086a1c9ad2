package io.choreo.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** p50/p95/p99/max of a set of durations in milliseconds (nearest rank: every figure is a measured value). */
final class Percentiles {

    private Percentiles() {}

    static Map<String, Object> of(double[] millis) {
        Map<String, Object> figures = new LinkedHashMap<>();
        if (millis.length == 0) {
            figures.put("count", 0);
            return figures;
        }
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        figures.put("count", sorted.length);
        figures.put("p50", round(rank(sorted, 50)));
        figures.put("p95", round(rank(sorted, 95)));
        figures.put("p99", round(rank(sorted, 99)));
        figures.put("max", round(sorted[sorted.length - 1]));
        figures.put("mean", round(Arrays.stream(sorted).average().orElse(0)));
        return figures;
    }

    private static double rank(double[] sorted, double percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static double round(double value) {
        return Math.round(value * 10.0) / 10.0;
    }
}
