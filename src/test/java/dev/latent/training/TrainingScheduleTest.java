package dev.latent.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.latent.serving.ServingTestClient;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The scheduled trainer runs only when the ratings changed since the last run. The schedule's check is called
 * directly (a tick of the schedule, with no wall clock to wait for) and the test waits for the end of the run a
 * tick queued, not for a time; {@link TrainingScheduleWiringTest} checks that the scheduler calls it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TrainingScheduleTest {

    /** Ticks of the schedule per settling step: more than one, so a check after a finished run is covered. */
    private static final int TICKS = 5;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        String dir = Files.createTempDirectory("latent-schedule-test").toString();
        registry.add("latent.data-dir", () -> dir);
        registry.add("latent.training.scheduled", () -> "false");
        registry.add("latent.training.rank", () -> "4");
        registry.add("latent.training.ranking.rank", () -> "4");
    }

    @LocalServerPort
    int port;

    @Autowired
    TrainingSchedule schedule;

    private long runs(ServingTestClient c) {
        return c.get("/model/runs").body().get("totalElements").asLong();
    }

    private long settledRuns(ServingTestClient c) throws Exception {
        // Several scheduled checks, each followed by the end of the run it queued (if any), twice: a change that
        // was seen has had its run by then, and no check runs beside an unfinished run. No wall clock is watched.
        for (int round = 0; round < 2; round++) {
            for (int t = 0; t < TICKS; t++) {
                Optional<Future<?>> queued = schedule.check();
                if (queued.isPresent()) {
                    queued.get().get();
                }
            }
            assertFalse(running(c), "no run is queued or running once the runs the checks queued have ended");
        }
        return runs(c);
    }

    private boolean running(ServingTestClient c) {
        for (var run : c.get("/model/runs?size=5").body().get("runs")) {
            String status = run.get("status").asString();
            if (status.equals("queued") || status.equals("running")) {
                return true;
            }
        }
        return false;
    }

    /** Readiness once the newest run has finished (it has: {@link #settledRuns} waited for its end). */
    private int readinessAfterTheRun(ServingTestClient c) {
        assertEquals("succeeded", c.get("/model/runs").body().get("runs").get(0).get("status").asString());
        return c.get("/actuator/health/readiness").status();
    }

    @Test
    void noRunWithoutChangesOneRunAfterEachChange() throws Exception {
        ServingTestClient c = new ServingTestClient(port);
        assertEquals(0, settledRuns(c), "no ratings, no run");
        assertEquals(200, c.get("/actuator/health/readiness").status(), "an empty store is ready for ratings");
        assertEquals(200, c.get("/actuator/health/liveness").status());
        c.batch(ServingTestClient.smallGrid());
        assertEquals(1, settledRuns(c), "one run after the change");
        assertEquals(200, readinessAfterTheRun(c), "ready once a model is served");
        assertEquals(1, settledRuns(c), "nothing changed since: no further run");
        assertEquals(200, c.put("/users/u1/ratings/i1", Map.of("rating", 5)).status() / 100 * 100);
        assertEquals(2, settledRuns(c), "one run after the next change");
        readinessAfterTheRun(c);
        assertEquals("succeeded", c.get("/model/runs").body().get("runs").get(0).get("status").asString());
    }
}
