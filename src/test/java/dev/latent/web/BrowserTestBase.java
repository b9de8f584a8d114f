package dev.latent.web;

import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What the dashboard's browser suites share: one headless Chromium for the class (started before its first test,
 * closed after its last), and a store of the class's own with the scheduled trainer off.
 */
abstract class BrowserTestBase {

    static Chromium chromium;
    static ChromeDriver driver;

    /** A fresh data directory named by {@code prefix}, no scheduled training, {@code apiKey} ("" for none). */
    static void ownStore(DynamicPropertyRegistry registry, String prefix, String apiKey) throws IOException {
        String dir = Files.createTempDirectory(prefix).toString();
        registry.add("latent.data-dir", () -> dir);
        registry.add("latent.training.scheduled", () -> "false");
        registry.add("latent.security.api-key", () -> apiKey);
    }

    @BeforeAll
    static void startBrowser() throws IOException {
        chromium = new Chromium();
        driver = chromium.driver;
    }

    @AfterAll
    static void stopBrowser() {
        if (chromium != null) {
            chromium.close();
            chromium = null;
            driver = null;
        }
    }
}
