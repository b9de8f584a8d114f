package dev.latent.ratings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latent.LatentApplication;
import dev.latent.TestHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** Ratings written through the API are all there after the application is closed and started again. */
class RestartTest {

    @TempDir
    Path dataDir;

    @Test
    void everyAcceptedRatingSurvivesARestartOnTheSameH2File() {
        Random random = new Random(11);
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < 2_000; i++) {
            csv.append("u").append(i % 97).append(",i").append(i).append(',').append(1 + random.nextInt(5)).append('\n');
        }
        try (ConfigurableApplicationContext first = start()) {
            TestHttp http = new TestHttp(port(first));
            assertThat(http.csv(csv.toString()).status()).isEqualTo(200);
            for (int i = 0; i < 50; i++) {
                assertThat(http.json("PUT", "/api/v1/users/solo/ratings/i" + i, "{\"rating\": 3.5}").status()).isEqualTo(201);
            }
            assertThat(http.delete("/api/v1/users/u0").status()).isEqualTo(204);
        }
        assertThat(Files.exists(dataDir.resolve("latent.mv.db"))).isTrue();
        try (ConfigurableApplicationContext second = start()) {
            TestHttp http = new TestHttp(port(second));
            JsonNode stats = http.get("/api/v1/stats").json();
            int deleted = (2_000 + 96) / 97; // u0 had every 97th line
            assertThat(stats.get("ratings").longValue()).isEqualTo(2_000 - deleted + 50);
            assertThat(stats.get("users").longValue()).isEqualTo(96 + 1);
            assertThat(http.get("/api/v1/users/solo/ratings/i49").json().get("rating").doubleValue()).isEqualTo(3.5);
            assertThat(http.get("/api/v1/users/u0/ratings").status()).isEqualTo(404);
            // keys keep coming from the sequences after a restart: a new user does not collide
            assertThat(http.json("PUT", "/api/v1/users/newcomer/ratings/i1", "{\"rating\": 2}").status()).isEqualTo(201);
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(LatentApplication.class)
                .run("--server.port=0", "--latent.data-dir=" + dataDir, "--spring.main.banner-mode=off");
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
