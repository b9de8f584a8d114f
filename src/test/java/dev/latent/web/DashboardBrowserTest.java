package dev.latent.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latent.TestHttp;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The dashboard in a real headless Chromium (Debian's chromium and chromium-driver) against the real server
 * with an API key configured: with ratings, a trained model and serving traffic (every plot draws, try-it
 * recommends with titles, Train now), and with 100,000 catalogue items and a training run in progress. The two
 * tests share one store and run in either order: each expects what it adds to what it finds.
 * {@link DashboardEmptyStoreBrowserTest} covers an empty store and the key prompt, {@link
 * DashboardWithoutKeyBrowserTest} a server without a key. Tagged {@code browser}: {@code ./mvnw verify
 * -Pbrowser} runs it, plain {@code ./mvnw verify} leaves it out. Screenshots go to {@code target/dashboard.png},
 * {@code dashboard-running.png} and {@code dashboard-100k.png}.
 */
@Tag("browser")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DashboardBrowserTest extends BrowserTestBase {

    static final String KEY = "dashboard-test-key";
    static final List<String> CHARTS = List.of("chart-histogram", "chart-timeline", "chart-loss-rating",
            "chart-loss-ranking", "chart-heldout", "chart-rps", "chart-latency");
    static final String NO_MODEL = "/api/v1/model - Failed to load resource: the server responded with a status of 404";
    static final String NOT_READY =
            "/actuator/health/readiness - Failed to load resource: the server responded with a status of 503";
    static final String UNAUTHORIZED = "Failed to load resource: the server responded with a status of 401";
    private static final int CATALOGUE = 100_000;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        ownStore(registry, "latent-browser-", KEY);
        registry.add("latent.training.rank", () -> "8");
        registry.add("latent.training.ranking.rank", () -> "8");
    }

    @Test
    void withRatingsAModelAndTrafficEveryPlotDrawsAndTryItRecommends() throws Exception {
        TestHttp http = new TestHttp(port);
        chromium.errors(List.of()); // another test's page may still be polling: its entries are not this page's
        // the other test of this class may have run first (no order between them): expectations are relative
        long ratingsBefore = get(http, "/api/v1/stats").json().get("ratings").asLong();
        long versionBefore = modelVersion(http);
        long runsBefore = runsTotal(http);
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
        awaitRun(http, runId, Duration.ofMinutes(3));

        AtomicBoolean stop = new AtomicBoolean();
        Thread traffic = traffic(http, stop, "u", 150);
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(90));
            openWithKey(wait);
            // the key stays in this tab (sessionStorage): a reload polls with it and does not ask again
            driver.get("http://127.0.0.1:" + port + "/");
            String ratings = String.format(java.util.Locale.US, "%,d", ratingsBefore + 6_000);
            wait.until(d -> d.findElement(By.id("ratings")).getText().equals(ratings));
            assertThat(driver.findElement(By.id("key-needed")).isDisplayed()).isFalse();
            wait.until(d -> d.findElement(By.id("model-body")).isDisplayed());
            assertThat(driver.findElement(By.id("model-version")).getText()).isEqualTo(String.valueOf(versionBefore + 1));
            assertThat(driver.findElement(By.id("model-metrics")).getText()).contains("RMSE (rating model)", "biases only",
                    "NDCG@10 (ranking model)", "popularity");
            // the live plots need two scrapes five seconds apart with traffic between them
            everyPlotDraws(wait);
            assertThat(driver.findElement(By.id("endpoints")).getText()).contains("recommendations");
        } finally {
            stop.set(true);
            traffic.join();
        }

        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        tryUser(driver, "u7", wait);
        assertThat(driver.findElement(By.id("try-strategy")).getText()).contains("model " + (versionBefore + 1));
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
        // the recommendations leave out what u7 rated, and show a title wherever the catalogue has one
        List<String> recommended = new ArrayList<>();
        for (WebElement li : driver.findElements(By.cssSelector("#try-recs li"))) {
            String id = li.getDomAttribute("data-item");
            recommended.add(id);
            assertThat(li.findElement(By.className("title")).getText()).isEqualTo(title(id));
        }
        JsonNode all = get(http, "/api/v1/users/u7/ratings?size=1000").json().get("ratings");
        all.forEach(r -> assertThat(recommended).doesNotContain(r.get("itemId").stringValue()));

        driver.findElements(By.cssSelector("#try-recs li")).get(0).click();
        wait.until(d -> d.findElements(By.cssSelector("#try-similar li")).size() == 10);

        // Train now, with the key of this tab
        driver.findElement(By.id("train")).click();
        wait.until(d -> d.findElement(By.id("train-note")).getText().matches("run \\d+ (queued|running|succeeded|failed)"));
        String next = String.valueOf(versionBefore + 2);
        new WebDriverWait(driver, Duration.ofSeconds(180))
                .until(d -> next.equals(d.findElement(By.id("model-version")).getText()));
        assertThat(driver.findElement(By.id("runs-total")).getText()).isEqualTo(String.valueOf(runsBefore + 2));
        chromium.screenshot("dashboard.png");
        assertThat(chromium.errors(List.of())).isEmpty();
    }

    @Test
    void aHundredThousandItemsAndARunInProgress() throws Exception {
        TestHttp http = TestHttp.withOwnClient(port);
        chromium.errors(List.of()); // another test's page may still be polling: its entries are not this page's
        StringBuilder ndjson = new StringBuilder();
        for (int i = 0; i < CATALOGUE; i++) {
            ndjson.append("{\"itemId\":\"m").append(i).append("\",\"labels\":{\"title\":\"Movie ").append(i)
                    .append("\"}}\n");
        }
        assertThat(http.send("POST", "/api/v1/items/import", "application/x-ndjson", ndjson.toString().getBytes(),
                "X-API-Key", KEY).status()).isEqualTo(200);
        // 2,000 users × 100 ratings: half over the first 2,000 items, half anywhere in the 100,000
        Random random = new Random(7);
        StringBuilder csv = new StringBuilder();
        for (int u = 0; u < 2000; u++) {
            java.util.Set<Integer> seen = new java.util.HashSet<>();
            while (seen.size() < 100) {
                int item = seen.size() % 2 == 0 ? random.nextInt(2000) : random.nextInt(CATALOGUE);
                if (seen.add(item)) {
                    csv.append('w').append(u).append(",m").append(item).append(',').append(1 + random.nextInt(5))
                            .append(',').append(1_714_521_600L + random.nextInt(300 * 86_400)).append('\n');
                }
            }
        }
        assertThat(http.send("POST", "/api/v1/ratings/import", "text/csv", csv.toString().getBytes(),
                "X-API-Key", KEY).status()).isEqualTo(200);
        JsonNode stats = get(http, "/api/v1/stats").json();
        assertThat(stats.get("items").asLong()).isGreaterThanOrEqualTo((long) CATALOGUE);

        // a model to serve while the next run is in progress (the other test of this class may have made one)
        if (modelVersion(http) == 0) {
            awaitRun(http, http.send("POST", "/api/v1/model/training", null, null, "X-API-Key", KEY).json()
                    .get("runId").asLong(), Duration.ofMinutes(8));
        }
        long served = modelVersion(http);
        // a run in progress: the page shows its progress and still serves the model before it meanwhile
        // random ratings may fit worse than the served model's taste groups: force it past the quality gate
        long runId = http.send("POST", "/api/v1/model/training?force=true", null, null, "X-API-Key", KEY).json()
                .get("runId").asLong();
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(90));
        openWithKey(wait);
        wait.until(d -> d.findElement(By.id("items")).getText().equals(String.format(java.util.Locale.US, "%,d",
                stats.get("items").asLong())));
        String runText = "run " + runId + " running";
        wait.until(d -> (d.findElement(By.id("run-current")).isDisplayed()
                && d.findElement(By.id("run-text")).getText().startsWith(runText)) || !running(http, runId));
        assertThat(running(http, runId)).as("run " + runId + " still running when the page showed it (the check"
                + " above passed on the page, not on the end of the run)").isTrue();
        assertThat(driver.findElement(By.id("run-text")).getText()).contains("iteration");
        assertThat(driver.findElement(By.id("model-version")).getText()).isEqualTo(String.valueOf(served));
        assertThat(driver.findElement(By.cssSelector("#runs tbody tr")).getText()).contains("running");
        chromium.screenshot("dashboard-running.png");
        assertThat(chromium.errors(List.of())).isEmpty();

        awaitRun(http, runId, Duration.ofMinutes(8));
        String next = String.valueOf(served + 1);
        wait.until(d -> next.equals(d.findElement(By.id("model-version")).getText()));
        wait.until(d -> !d.findElement(By.id("run-current")).isDisplayed());
        AtomicBoolean stop = new AtomicBoolean();
        Thread traffic = traffic(http, stop, "w", 2000);
        try {
            everyPlotDraws(wait);
        } finally {
            stop.set(true);
            traffic.join();
        }
        tryUser(driver, "w5", wait);
        for (WebElement li : driver.findElements(By.cssSelector("#try-recs li, #try-rated li"))) {
            String id = li.getDomAttribute("data-item");
            assertThat(li.findElement(By.className("title")).getText()).isEqualTo(title(id));
        }
        chromium.screenshot("dashboard-100k.png");
        assertThat(chromium.errors(List.of())).isEmpty();
    }

    /** The dashboard in this tab, given the key if the page asks for it (a tab that had it keeps it). */
    private void openWithKey(WebDriverWait wait) {
        driver.get("http://127.0.0.1:" + port + "/");
        wait.until(d -> d.findElement(By.id("key-needed")).isDisplayed()
                || !"–".equals(d.findElement(By.id("ratings")).getText()));
        if (driver.findElement(By.id("key-needed")).isDisplayed()) {
            driver.findElement(By.id("api-key")).sendKeys(KEY);
            driver.findElement(By.cssSelector("#key-form button[type=submit]")).click();
            wait.until(d -> !d.findElement(By.id("key-needed")).isDisplayed());
        }
    }

    /** The served model's version, 0 before the first. */
    private static long modelVersion(TestHttp http) {
        TestHttp.Response model = get(http, "/api/v1/model");
        return model.status() == 404 ? 0 : model.json().get("version").asLong();
    }

    /** The number of training runs in the history. */
    private static long runsTotal(TestHttp http) {
        return get(http, "/api/v1/model/runs?size=1").json().get("totalElements").asLong();
    }

    /** What the page shows for an item: m… items are all titled "Movie n", i… items "Film n" unless n % 3 == 0. */
    private static String title(String itemId) {
        int n = Integer.parseInt(itemId.substring(1));
        return itemId.startsWith("m") ? "Movie " + n : n % 3 != 0 ? "Film " + n : itemId;
    }

    /**
     * Every chart has points and pixels in a series colour (waited for: a live plot's first sample is a single
     * dot, its line needs a second one five seconds later).
     */
    static void everyPlotDraws(WebDriverWait wait) {
        for (String chart : CHARTS) {
            wait.withMessage(() -> "pixels drawn in a series colour in " + chart + ": " + chromium.colouredPixels(chart))
                    .until(d -> {
                        String points = d.findElement(By.id(chart)).getDomAttribute("data-points");
                        return points != null && Integer.parseInt(points) > 0 && chromium.colouredPixels(chart) > 30;
                    });
        }
    }

    /** Try it for the user: ten recommendations and ten top-rated items listed. */
    static void tryUser(ChromeDriver driver, String userId, WebDriverWait wait) {
        WebElement user = driver.findElement(By.id("try-user"));
        user.clear();
        user.sendKeys(userId);
        driver.findElement(By.cssSelector("#try-form button")).click();
        wait.until(d -> d.findElements(By.cssSelector("#try-recs li")).size() == 10
                && d.findElement(By.id("try-status")).getText().contains("ratings")
                && d.findElements(By.cssSelector("#try-rated li")).size() == 10);
    }

    /** Recommendation reads for random users of the prefix, one every 50 ms, until stop. */
    private static Thread traffic(TestHttp http, AtomicBoolean stop, String prefix, int users) {
        Thread traffic = new Thread(() -> {
            Random random = new Random(1);
            while (!stop.get()) {
                get(http, "/api/v1/users/" + prefix + random.nextInt(users) + "/recommendations?limit=10");
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        traffic.start();
        return traffic;
    }

    private static boolean running(TestHttp http, long runId) {
        String status = get(http, "/api/v1/model/training/" + runId).json().get("status").stringValue();
        return status.equals("running") || status.equals("queued");
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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

    private static void awaitRun(TestHttp http, long runId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String status = get(http, "/api/v1/model/training/" + runId).json().get("status").stringValue();
            if (status.equals("succeeded")) {
                return;
            }
            assertThat(status).isIn("queued", "running");
            Thread.sleep(200);
        }
        throw new AssertionError("run " + runId + " did not finish in " + timeout);
    }

    /** A GET with the key, as personal reads need it. */
    private static TestHttp.Response get(TestHttp http, String path) {
        return http.send("GET", path, null, null, "X-API-Key", KEY);
    }
}
