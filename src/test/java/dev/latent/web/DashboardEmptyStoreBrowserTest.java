package dev.latent.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The dashboard in a real headless Chromium on an empty store of its own, with an API key configured: the page
 * asks for the key before any keyed read, a wrong key is refused once and not polled with, the right one loads
 * every panel empty, and a run over no ratings shows in the history. A store of its own, so that nothing another
 * test wrote can be on the page ({@link DashboardBrowserTest} covers a store with ratings, a model and traffic).
 * Tagged {@code browser}: {@code ./mvnw verify -Pbrowser}. Screenshots: {@code target/dashboard-locked.png},
 * {@code target/dashboard-empty.png}.
 */
@Tag("browser")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DashboardEmptyStoreBrowserTest extends BrowserTestBase {

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        ownStore(registry, "latent-browser-empty-", DashboardBrowserTest.KEY);
        registry.add("latent.training.rank", () -> "8");
        registry.add("latent.training.ranking.rank", () -> "8");
    }

    @Test
    void anEmptyStoreAsksForTheKeyFirstThenShowsEmptyPanelsWithoutErrors() throws IOException {
        driver.get("http://127.0.0.1:" + port + "/");
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
        // no key in this tab: the page asks for it and makes no keyed request (so no 401 in the console)
        wait.until(d -> d.findElement(By.id("key-needed")).isDisplayed());
        wait.until(d -> d.findElement(By.id("store-note")).getText().contains("needs the API key"));
        wait.until(d -> d.findElement(By.id("serving-note")).getText().contains("needs the API key"));
        assertThat(driver.findElement(By.id("ratings")).getText()).isEqualTo("–");
        driver.findElement(By.id("train")).click();
        wait.until(d -> d.findElement(By.id("train-note")).getText().equals("needs the API key"));
        chromium.screenshot("dashboard-locked.png");
        assertThat(chromium.errors(List.of(DashboardBrowserTest.NOT_READY))).isEmpty();

        // a wrong key: refused (401s of the first round of polls), then the page asks again instead of polling
        driver.findElement(By.id("api-key")).sendKeys("not-the-key");
        driver.findElement(By.cssSelector("#key-form button[type=submit]")).click();
        wait.until(d -> d.findElement(By.id("key-needed")).getText().contains("refused"));
        DashboardBrowserTest.sleep(7_000); // longer than the shortest polling period (5 s)
        assertThat(chromium.errors(List.of(DashboardBrowserTest.UNAUTHORIZED, DashboardBrowserTest.NOT_READY))).isEmpty();
        DashboardBrowserTest.sleep(7_000);
        assertThat(chromium.errors(List.of(DashboardBrowserTest.NOT_READY))).as("no polling with a refused key").isEmpty();

        // the right key: every panel loads
        driver.findElement(By.id("api-key")).sendKeys(DashboardBrowserTest.KEY);
        driver.findElement(By.cssSelector("#key-form button[type=submit]")).click();
        wait.until(d -> "0".equals(d.findElement(By.id("ratings")).getText()));
        assertThat(driver.findElement(By.id("key-needed")).isDisplayed()).isFalse();
        wait.until(d -> d.findElement(By.id("model-none")).isDisplayed());
        wait.until(d -> d.findElement(By.id("runs")).getText().contains("no runs yet"));
        wait.until(d -> d.findElement(By.id("endpoints")).getText().contains("no serving request yet"));
        assertThat(driver.findElement(By.id("store-note")).getText()).contains("No ratings yet");
        for (String chart : List.of("chart-histogram", "chart-timeline", "chart-heldout")) {
            assertThat(driver.findElement(By.id(chart)).getDomAttribute("data-points")).isEqualTo("0");
        }
        chromium.screenshot("dashboard-empty.png");

        driver.findElement(By.id("train")).click();
        wait.until(d -> d.findElement(By.id("train-note")).getText().matches("run \\d+ (queued|running|succeeded|failed)"));
        // a run over no ratings ends (whatever its outcome) and shows in the table
        wait.until(d -> d.findElement(By.id("runs-total")).getText().equals("1")
                && !d.findElement(By.cssSelector("#runs tbody tr")).getText().matches(".*(queued|running).*"));
        assertThat(chromium.errors(List.of(DashboardBrowserTest.NO_MODEL, DashboardBrowserTest.NOT_READY))).isEmpty();
    }
}
