package io.choreo.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The /live page in a real browser (Debian's headless Chromium, driven by Selenium through
 * /usr/bin/chromedriver): logged in as support, it follows the orders placed while it is open,
 * in its counters and in its chart, without a reload. Leaves a screenshot in target/.
 */
class LivePageIT extends SuiteIT {

    private static final String[] COUNTERS = {"placed", "confirmed", "rejected", "cancelled", "pending"};

    private ChromeDriver browser;

    @Test
    void theCountersAndTheChartFollowTheOrdersPlaced() throws Exception {
        Assumptions.assumeTrue(
                Files.isExecutable(Path.of("/usr/bin/chromium"))
                        && Files.isExecutable(Path.of("/usr/bin/chromedriver")),
                "Debian's chromium and chromium-driver (.ci/run installs them)");
        System.setProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1200,900");
        browser = new ChromeDriver(options);

        // HTTP basic in the address: the browser keeps the login for the page's own requests (EventSource).
        String inventory = suite.services.get("inventory").url();
        browser.get(inventory.replace("http://", "http://support:" + Services.SUPPORT_PASSWORD + "@") + "/live");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.until(b -> counter("placed") >= 0);
        // Counted from when the page has caught up with the orders of the tests before (the stream
        // reader writes a batch up to choreo.stream.linger after its first event): nothing changes for 2 s.
        var last = new java.util.concurrent.atomic.AtomicReference<>(counters());
        Thread.sleep(2000);
        new WebDriverWait(browser, Duration.ofSeconds(60), Duration.ofSeconds(2))
                .until(b -> last.getAndSet(counters()).equals(last.get()));
        Map<String, Long> before = last.get();
        long chartBefore = chartTotal("placed");
        long rejectedInChartBefore = chartTotal("rejected");

        suite.place(OrderBodies.order("tok_visa", "GB", "live@example.com", OrderBodies.item("SKU-002", 1)));
        suite.place(OrderBodies.order("tok_visa", "GB", "live@example.com", OrderBodies.item("SKU-003", 2)));
        suite.place(OrderBodies.order("tok_visa", "GB", "live@example.com", OrderBodies.item("SKU-010", 50)));

        new WebDriverWait(browser, Duration.ofSeconds(60))
                .until(b -> counter("placed") == before.get("placed") + 3
                        && counter("confirmed") == before.get("confirmed") + 2
                        && counter("rejected") == before.get("rejected") + 1);
        wait.until(b -> chartTotal("placed") >= chartBefore + 3 && chartTotal("rejected") >= rejectedInChartBefore + 1);
        assertEquals(before.get("pending"), counter("pending"), "nothing left pending");
        assertTrue(
                browser.findElement(By.cssSelector("[data-percentile=\"p50\"]"))
                        .getText()
                        .endsWith("ms"),
                "decision-time percentiles shown");

        Path shot = Path.of("target", "live-page.png");
        Files.createDirectories(shot.getParent());
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
    }

    @AfterEach
    void closeTheBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private Map<String, Long> counters() {
        Map<String, Long> values = new LinkedHashMap<>();
        for (String name : COUNTERS) {
            values.put(name, counter(name));
        }
        return values;
    }

    /** The number a counter shows; -1 while it shows none yet. */
    private long counter(String metric) {
        String text = browser.findElement(By.cssSelector("[data-metric=\"" + metric + "\"]"))
                .getText()
                .trim();
        return text.matches("\\d+") ? Long.parseLong(text) : -1;
    }

    /** The sum of one outcome's bars, as ECharts itself holds them. */
    private long chartTotal(String outcome) {
        Object total = ((JavascriptExecutor) browser)
                .executeScript(
                        "const option = echarts.getInstanceByDom(document.getElementById('chart')).getOption();"
                                + "const series = option.series.find(s => s.name === arguments[0]);"
                                + "return series ? series.data.reduce((a, b) => a + (b || 0), 0) : -1;",
                        outcome);
        return ((Number) total).longValue();
    }
}
