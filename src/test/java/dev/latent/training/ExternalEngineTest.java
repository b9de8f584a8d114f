package dev.latent.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latent.serving.ServingTestClient;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code latent.training.engine=external}: the service never trains (neither on its schedule nor on request)
 * and says so. That it loads and serves what the Spark job stores is the Spark module's test.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ExternalEngineTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        String dir = Files.createTempDirectory("latent-external-test").toString();
        registry.add("latent.data-dir", () -> dir);
        registry.add("latent.training.engine", () -> "external");
        // A schedule that would train within the test if it were registered.
        registry.add("latent.training.scheduled", () -> "true");
        registry.add("latent.training.interval", () -> "100ms");
        registry.add("latent.training.initial-delay", () -> "0s");
    }

    @LocalServerPort
    int port;

    @Test
    void neitherScheduledNorManualRunsAndTheRefusalNamesTheSetting() throws InterruptedException {
        ServingTestClient c = new ServingTestClient(port);
        c.batch(ServingTestClient.smallGrid());

        ServingTestClient.Reply refused = c.post("/model/training", Map.of());
        assertEquals(409, refused.status());
        assertEquals("external", refused.body().get("engine").asString());
        assertTrue(refused.body().get("detail").asString().contains("latent.training.engine"),
                refused.body().toString());

        Thread.sleep(1000); // ten intervals of the schedule, had it been registered
        assertEquals(0, c.get("/model/runs").body().get("totalElements").asLong(), "no run was made");
        assertEquals(404, c.get("/model").status(), "no model until the external engine stores one");
    }
}
