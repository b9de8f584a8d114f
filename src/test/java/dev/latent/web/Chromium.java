package dev.latent.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * Debian's headless Chromium through its chromedriver, with the flags that work as root on these machines,
 * a fresh profile, and the browser console kept for {@link #errors}.
 */
final class Chromium implements AutoCloseable {

    final ChromeDriver driver;

    Chromium() throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("chromium.binary", "/usr/bin/chromium"));
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,2000",
                "--user-data-dir=" + Files.createTempDirectory("latent-chromium-"));
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(System.getProperty("chromedriver", "/usr/bin/chromedriver")).toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(120));
    }

    /**
     * Severe console entries (JavaScript errors, failed loads) since the last call, other than those that
     * contain one of the expected texts. Reading the log empties it.
     */
    List<String> errors(List<String> expected) {
        List<String> out = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue()
                    && expected.stream().noneMatch(entry.getMessage()::contains)) {
                out.add(entry.getMessage());
            }
        }
        return out;
    }

    /** Pixels of the chart's canvas that are neither transparent nor grey: drawn by a series, not by axes or grid. */
    long colouredPixels(String chartId) {
        Object n = ((JavascriptExecutor) driver).executeScript("""
                const canvas = document.querySelector('#' + arguments[0] + ' canvas');
                if (!canvas) return 0;
                const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                let n = 0;
                for (let i = 0; i < data.length; i += 4) {
                  const r = data[i], g = data[i + 1], b = data[i + 2], a = data[i + 3];
                  if (a > 100 && Math.max(r, g, b) - Math.min(r, g, b) > 60) n++;
                }
                return n;""", chartId);
        return ((Number) n).longValue();
    }

    void screenshot(String name) throws IOException {
        Path file = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.createDirectories(Path.of("target"));
        Files.copy(file, Path.of("target", name), StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
