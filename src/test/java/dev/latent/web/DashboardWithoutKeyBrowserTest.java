package dev.latent.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latent.TestHttp;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
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

/**
 * The dashboard on a server without an API key (headless Chromium, tag {@code browser}): no key field, no
 * banner, every panel loads at once; with ratings and titles but no model yet, the plots of the store draw
 * and try-it lists the popular items with their titles. Screenshot: {@code target/dashboard-open.png}.
 */
@Tag("browser")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DashboardWithoutKeyBrowserTest extends BrowserTestBase {

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        ownStore(registry, "latent-browser-open-", "");
    }

    @Test
    void everyPanelLoadsWithoutAKeyAndTryItListsPopularItemsByTitle() throws IOException {
        ChromeDriver driver = chromium.driver;
        driver.get("http://127.0.0.1:" + port + "/");
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
        wait.until(d -> "0".equals(d.findElement(By.id("ratings")).getText()));
        wait.until(d -> d.findElement(By.id("model-none")).isDisplayed());
        assertThat(driver.findElement(By.id("key-form")).isDisplayed()).as("no key field on a keyless server").isFalse();
        assertThat(driver.findElement(By.id("key-needed")).isDisplayed()).isFalse();
        assertThat(chromium.errors(List.of(DashboardBrowserTest.NO_MODEL))).isEmpty();

        TestHttp http = new TestHttp(port);
        StringBuilder csv = new StringBuilder();
        for (int u = 0; u < 60; u++) {
            for (int i = 0; i < 20; i++) {
                int item = (u + i * 7) % 50;
                csv.append('u').append(u).append(",i").append(item).append(',').append(1 + (u + item) % 5)
                        .append(',').append(1_714_521_600L + 3600L * (u * 20 + i)).append('\n');
            }
        }
        assertThat(http.csv(csv.toString()).status()).isEqualTo(200);
        StringBuilder items = new StringBuilder("[");
        for (int i = 0; i < 50; i++) {
            items.append(i == 0 ? "" : ",").append("{\"itemId\":\"i").append(i)
                    .append("\",\"labels\":{\"title\":\"Film ").append(i).append("\"}}");
        }
        assertThat(http.json("POST", "/api/v1/items/batch", items.append(']').toString()).status()).isEqualTo(200);

        driver.navigate().refresh();
        wait.until(d -> "1,200".equals(d.findElement(By.id("ratings")).getText()));
        for (String chart : List.of("chart-histogram", "chart-timeline")) {
            wait.until(d -> {
                String points = d.findElement(By.id(chart)).getDomAttribute("data-points");
                return points != null && Integer.parseInt(points) > 0;
            });
            assertThat(chromium.colouredPixels(chart)).as("pixels drawn in " + chart).isGreaterThan(30);
        }
        DashboardBrowserTest.tryUser(driver, "u3", wait);
        assertThat(driver.findElement(By.id("try-strategy")).getText()).contains("popular");
        for (WebElement li : driver.findElements(By.cssSelector("#try-recs li, #try-rated li"))) {
            assertThat(li.findElement(By.className("title")).getText())
                    .isEqualTo("Film " + li.getDomAttribute("data-item").substring(1));
        }
        chromium.screenshot("dashboard-open.png");
        // ratings stored and no model yet: readiness is 503 and GET /model 404, as documented; nothing else
        assertThat(chromium.errors(List.of(DashboardBrowserTest.NO_MODEL, DashboardBrowserTest.NOT_READY))).isEmpty();
    }
}
