package dev.latent.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latent.TestHttp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The dashboard in a real headless Chromium (Debian's chromium and chromium-driver) against the real server:
 * first on an empty store, then with ratings, a trained model and serving traffic. Tagged {@code browser}:
 * {@code ./mvnw verify -Pbrowser} runs it, plain {@code ./mvnw verify} leaves it out. Screenshots go to
 * {@code target/dashboard-empty.png} and {@code target/dashboard.png}.
 */
@Tag("browser")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DashboardBrowserTest {

    private static final String KEY = "dashboard-test-key";
    private static final List<String> CHARTS = List.of("chart-histogram", "chart-timeline", "chart-loss-rating",
            "chart-loss-ranking", "chart-heldout", "chart-rps", "chart-latency");

    /** What the browser logs as failed loads while no model is served: 404 of GET /model, 503 of readiness. */
    private static final List<String> NO_MODEL_YET = List.of(
            "/api/v1/model - Failed to load resource: the server responded with a status of 404",
            "/actuator/health/readiness - Failed to load resource: the server responded with a status of 503");

    static Path dataDir;
    static ChromeDriver driver;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        dataDir = Files.createTempDirectory("latent-browser-");
        registry.add("latent.data-dir", dataDir::toString);
        registry.add("latent.training.scheduled", () -> "false");
        registry.add("latent.training.rank", () -> "8");
        registry.add("latent.training.ranking.rank", () -> "8");
        registry.add("latent.security.api-key", () -> KEY);
    }

    @BeforeAll
    static void startBrowser() throws IOException {
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
    }

    @AfterAll
    static void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    @Order(1)
    void anEmptyStoreShowsEmptyPanelsWithoutErrors() throws IOException {
        driver.get("http://127.0.0.1:" + port + "/");
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
        wait.until(d -> "0".equals(d.findElement(By.id("ratings")).getText()));
        wait.until(d -> d.findElement(By.id("model-none")).isDisplayed());
        wait.until(d -> d.findElement(By.id("runs")).getText().contains("no runs yet"));
        assertThat(driver.findElement(By.id("store-note")).getText()).contains("No ratings yet");
        for (String chart : List.of("chart-histogram", "chart-timeline", "chart-heldout")) {
            assertThat(driver.findElement(By.id(chart)).getAttribute("data-points")).isEqualTo("0");
        }
        screenshot("dashboard-empty.png");

        // Train now needs the API key: refused without it (the page asks for the key), accepted once it is entered
        driver.findElement(By.id("train")).click();
        wait.until(d -> d.findElement(By.id("key-needed")).isDisplayed());
        driver.findElement(By.id("api-key")).sendKeys(KEY);
        driver.findElement(By.cssSelector("#key-form button[type=submit]")).click();
        assertThat(driver.findElement(By.id("key-needed")).isDisplayed()).isFalse();
        driver.findElement(By.id("train")).click();
        wait.until(d -> d.findElement(By.id("train-note")).getText().matches("run \\d+ (queued|running|succeeded|failed)"));
        // a run over no ratings ends (whatever its outcome) and shows in the table
        wait.until(d -> d.findElement(By.id("runs-total")).getText().equals("1")
                && !d.findElement(By.cssSelector("#runs tbody tr")).getText().matches(".*(queued|running).*"));
        // the only failed loads allowed: the answers of "no model yet" and the keyless 401
        List<String> expected = new ArrayList<>(NO_MODEL_YET);
        expected.add("/api/v1/model/training - Failed to load resource: the server responded with a status of 401");
        assertThat(errors(expected)).isEmpty();
    }

    @Test
    @Order(2)
    void withRatingsAModelAndTrafficEveryPlotDrawsAndTryItRecommends() throws Exception {
        TestHttp http = new TestHttp(port);
        assertThat(http.send("POST", "/api/v1/ratings/import", "text/csv", ratingsCsv().getBytes(),
                "X-API-Key", KEY).status()).isEqualTo(200);
        // catalogue titles for two items in three: the page shows a title when there is one, the id otherwise
        StringBuilder items = new StringBuilder("[");
        for (int i = 1; i < 300; i++) {
            if (i % 3 == 0) {
                continue;
            }
            items.append(i == 1 ? "" : ",").append("{\"itemId\":\"i").append(i).append("\",\"labels\":{\"title\":\"Film ")
                    .append(i).append("\"}}");
        }
        assertThat(http.send("POST", "/api/v1/items/batch", "application/json", items.append(']').toString().getBytes(),
                "X-API-Key", KEY).status()).isEqualTo(200);
        long runId = http.send("POST", "/api/v1/model/training", null, null, "X-API-Key", KEY).json().get("runId").asLong();
        awaitRun(http, runId);

        AtomicBoolean stop = new AtomicBoolean();
        Thread traffic = new Thread(() -> {
            Random random = new Random(1);
            while (!stop.get()) {
                get(http, "/api/v1/users/u" + random.nextInt(150) + "/recommendations?limit=10");
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        traffic.start();
        try {
            driver.get("http://127.0.0.1:" + port + "/");
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(90));
            wait.until(d -> d.findElement(By.id("ratings")).getText().equals("6,000"));
            wait.until(d -> d.findElement(By.id("model-body")).isDisplayed());
            assertThat(driver.findElement(By.id("model-version")).getText()).isEqualTo("1");
            assertThat(driver.findElement(By.id("model-metrics")).getText()).contains("RMSE (rating model)", "biases only",
                    "NDCG@10 (ranking model)", "popularity");
            // the live plots need two scrapes five seconds apart with traffic between them
            for (String chart : CHARTS) {
                wait.until(d -> Integer.parseInt(d.findElement(By.id(chart)).getDomAttribute("data-points")) > 0);
                assertThat(colouredPixels(chart)).as("pixels drawn in a series colour in " + chart).isGreaterThan(30);
            }
            assertThat(driver.findElement(By.id("endpoints")).getText()).contains("recommendations");
        } finally {
            stop.set(true);
            traffic.join();
        }

        WebElement user = driver.findElement(By.id("try-user"));
        user.sendKeys("u7");
        driver.findElement(By.cssSelector("#try-form button")).click();
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        wait.until(d -> d.findElements(By.cssSelector("#try-recs li")).size() == 10);
        assertThat(driver.findElements(By.cssSelector("#try-rated li"))).hasSize(10);
        assertThat(driver.findElement(By.id("try-strategy")).getText()).contains("model 1");
        JsonNode rated = get(http, "/api/v1/users/u7/ratings?size=10&sort=rating").json().get("ratings");
        List<WebElement> ratedItems = driver.findElements(By.cssSelector("#try-rated li"));
        java.util.Set<Boolean> titled = new java.util.HashSet<>();
        for (int k = 0; k < 10; k++) {
            String id = rated.get(k).get("itemId").stringValue();
            String shown = ratedItems.get(k).findElement(By.className("title")).getText();
            boolean hasTitle = Integer.parseInt(id.substring(1)) % 3 != 0;
            assertThat(shown).isEqualTo(hasTitle ? "Film " + id.substring(1) : id);
            titled.add(hasTitle);
        }
        assertThat(titled).as("both a titled and an untitled item among the ten").containsExactlyInAnyOrder(true, false);
        // the recommendations leave out what u7 rated
        List<String> recommended = new ArrayList<>();
        driver.findElements(By.cssSelector("#try-recs li")).forEach(li -> recommended.add(li.getDomAttribute("data-item")));
        JsonNode all = get(http, "/api/v1/users/u7/ratings?size=1000").json().get("ratings");
        all.forEach(r -> assertThat(recommended).doesNotContain(r.get("itemId").stringValue()));

        driver.findElements(By.cssSelector("#try-recs li")).get(0).click();
        wait.until(d -> d.findElements(By.cssSelector("#try-similar li")).size() == 10);

        // the key entered in the first test stays in this tab (sessionStorage): Train now works
        driver.findElement(By.id("train")).click();
        wait.until(d -> d.findElement(By.id("train-note")).getText().matches("run \\d+ (queued|running|succeeded|failed)"));
        new WebDriverWait(driver, Duration.ofSeconds(120))
                .until(d -> "2".equals(d.findElement(By.id("model-version")).getText()));
        assertThat(driver.findElement(By.id("runs-total")).getText()).isEqualTo("3");
        screenshot("dashboard.png");
        assertThat(errors(NO_MODEL_YET)).isEmpty(); // those of the first test's page, before this one loaded
    }

    /** 150 users × 40 ratings over 300 items and 60 days, from two taste groups so that the model has something to find. */
    private static String ratingsCsv() {
        Random random = new Random(42);
        StringBuilder csv = new StringBuilder();
        long start = 1_714_521_600L; // 2024-05-01
        for (int u = 0; u < 150; u++) {
            java.util.Set<Integer> seen = new java.util.HashSet<>();
            while (seen.size() < 40) {
                int item = random.nextInt(300);
                if (seen.add(item)) {
                    boolean liked = (item % 2) == (u % 2);
                    int rating = Math.max(1, Math.min(5, (liked ? 4 : 2) + random.nextInt(3) - 1));
                    csv.append('u').append(u).append(",i").append(item).append(',').append(rating).append(',')
                            .append(start + random.nextInt(60 * 86_400)).append('\n');
                }
            }
        }
        return csv.toString();
    }

    private static void awaitRun(TestHttp http, long runId) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            String status = get(http, "/api/v1/model/training/" + runId).json().get("status").stringValue();
            if (status.equals("succeeded")) {
                return;
            }
            assertThat(status).isNotEqualTo("failed");
            Thread.sleep(200);
        }
        throw new AssertionError("run " + runId + " did not finish");
    }

    /** A GET with the key, as personal reads may need it. */
    private static TestHttp.Response get(TestHttp http, String path) {
        return http.send("GET", path, null, null, "X-API-Key", KEY);
    }

    /** Pixels of the chart's canvas that are neither transparent nor grey: drawn by a series, not by axes or grid. */
    private static long colouredPixels(String chartId) {
        Object n = ((JavascriptExecutor) driver).executeScript("""
                const canvas = document.querySelector('#' + arguments[0] + ' canvas');
                const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                let n = 0;
                for (let i = 0; i < data.length; i += 4) {
                  const r = data[i], g = data[i + 1], b = data[i + 2], a = data[i + 3];
                  if (a > 100 && Math.max(r, g, b) - Math.min(r, g, b) > 60) n++;
                }
                return n;""", chartId);
        return ((Number) n).longValue();
    }

    /** Severe browser log entries (JavaScript errors, failed loads) other than the expected ones. */
    private static List<String> errors(List<String> expected) {
        List<String> out = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue()
                    && expected.stream().noneMatch(entry.getMessage()::contains)) {
                out.add(entry.getMessage());
            }
        }
        return out;
    }

    private static void screenshot(String name) throws IOException {
        Path file = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.createDirectories(Path.of("target"));
        Files.copy(file, Path.of("target", name), StandardCopyOption.REPLACE_EXISTING);
    }
}
