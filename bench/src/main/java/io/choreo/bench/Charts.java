package io.choreo.bench;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** One PNG: decision latency over time in each fixed-rate phase, and decisions per second during the burst. */
final class Charts {

    /** One rate phase's orders: seconds since the phase started (scheduled send) and POST-to-decision latency. */
    record LatencyPoints(String name, double[] secondsSinceStart, double[] latencyMillis) {}

    /** The burst per second since its first POST: decisions taken and POSTs answered 202. */
    record Throughput(double[] second, double[] decided, double[] accepted) {}

    private static final int WIDTH = 1100;
    private static final int HEIGHT = 460;

    private Charts() {}

    static void draw(Path file, String title, List<LatencyPoints> rates, Throughput burst) throws IOException {
        XYChart latency = new XYChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(title + ": POST -> decision latency, fixed-rate phases (open loop)")
                .xAxisTitle("seconds since phase start (scheduled send time)")
                .yAxisTitle("latency (ms)")
                .build();
        latency.getStyler()
                .setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter)
                .setMarkerSize(4)
                .setLegendPosition(Styler.LegendPosition.InsideNW)
                .setChartBackgroundColor(Color.WHITE);
        for (LatencyPoints phase : rates) {
            if (phase.secondsSinceStart().length > 0) {
                latency.addSeries(phase.name(), phase.secondsSinceStart(), phase.latencyMillis())
                        .setMarker(SeriesMarkers.CIRCLE);
            }
        }
        placeholderIfEmpty(latency);

        XYChart throughput = new XYChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(title + ": burst, per second since the first POST")
                .xAxisTitle("seconds since first POST")
                .yAxisTitle("orders per second")
                .build();
        throughput
                .getStyler()
                .setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line)
                .setMarkerSize(4)
                .setLegendPosition(Styler.LegendPosition.InsideNE)
                .setChartBackgroundColor(Color.WHITE);
        if (burst.second().length > 0) {
            throughput.addSeries("decided / s (terminal event occurredAt)", burst.second(), burst.decided());
            throughput.addSeries("POSTs accepted / s", burst.second(), burst.accepted());
        }
        placeholderIfEmpty(throughput);

        List<XYChart> charts = new ArrayList<>(List.of(latency, throughput));
        BitmapEncoder.saveBitmap(charts, 2, 1, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** XChart cannot draw a chart without a series: a phase with no decisions still gets its (empty) panel. */
    private static void placeholderIfEmpty(XYChart chart) {
        if (chart.getSeriesMap().isEmpty()) {
            chart.addSeries("no data", new double[] {0}, new double[] {0});
        }
    }
}
