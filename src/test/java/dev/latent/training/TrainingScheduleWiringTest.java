package dev.latent.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latent.serving.ServingTestClient;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * End to end: with {@code latent.training.scheduled=true} the scheduler calls the check, so a change of the
 * ratings gets a scheduled run without anyone asking. {@link TrainingScheduleTest} covers the check's rules.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TrainingScheduleWiringTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        String dir = Files.createTempDirectory("latent-schedule-wiring-test").toString();
        registry.add("latent.data-dir", () -> dir);
        registry.add("latent.training.scheduled", () -> "true");
        registry.add("latent.training.interval", () -> "200ms");
        registry.add("latent.training.initial-delay", () -> "0s");
        registry.add("latent.training.rank", () -> "4");
        registry.add("latent.training.ranking.rank", () -> "4");
    }

    @LocalServerPort
    int port;

    @Test
    void theSchedulerRunsTheCheck() throws InterruptedException {
        ServingTestClient c = new ServingTestClient(port);
        c.batch(ServingTestClient.smallGrid());
        // One bounded wait (generous for a loaded machine): the scheduler's run appears and succeeds.
        long deadline = System.nanoTime() + 120_000_000_000L;
        String status = "";
        while (System.nanoTime() < deadline) {
            var runs = c.get("/model/runs").body().get("runs");
            if (!runs.isEmpty()) {
                assertEquals("scheduled", runs.get(runs.size() - 1).get("trigger").asString());
                status = runs.get(0).get("status").asString();
                if (status.equals("succeeded")) {
                    break;
                }
            }
            Thread.sleep(100);
        }
        assertEquals("succeeded", status, "the scheduler trained on the change");
        assertTrue(c.get("/model/runs").body().get("totalElements").asLong() >= 1);
        assertEquals(200, c.get("/actuator/health/readiness").status(), "ready once a model is served");
    }
}
