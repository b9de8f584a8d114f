package dev.latent.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latent.LatentApplication;
import dev.latent.serving.ServingTestClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The search is due again after {@code latent.tuning.period}, by the service's {@link Clock}: with a clock the
 * test moves, the next run reuses the searched configuration until the period has passed, then searches again,
 * without waiting a day (or any time).
 */
class TuningPeriodClockTest {

    /** A clock the test sets. */
    static final class MutableClock extends Clock {
        private final AtomicReference<Instant> now;

        MutableClock(Instant start) {
            this.now = new AtomicReference<>(start);
        }

        void advance(Duration d) {
            now.updateAndGet(t -> t.plus(d));
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    @TempDir
    Path dataDir;

    private static List<Map<String, Object>> planted() {
        Random rnd = new Random(5);
        List<Map<String, Object>> out = new ArrayList<>();
        for (int u = 0; u < 40; u++) {
            for (int i = 0; i < 30; i++) {
                if (rnd.nextDouble() < 0.4) {
                    double v = 3 + ((u % 2 == i % 2) ? 1.2 : -1.2) + rnd.nextGaussian() * 0.5;
                    out.add(ServingTestClient.rating("u" + u, "i" + i, Math.max(1, Math.min(5, Math.round(v)))));
                }
            }
        }
        return out;
    }

    private static JsonNode run(ServingTestClient c) {
        ServingTestClient.Reply r = c.post("/model/training", Map.of());
        assertEquals(202, r.status(), () -> "training refused: " + r.body());
        JsonNode run = c.awaitEnd(r.body().get("runId").asLong());
        assertEquals("succeeded", run.get("status").asString(), run::toString);
        return run;
    }

    @Test
    void theSearchIsDueAgainWhenTheClockHasPassedThePeriod() {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        MutableClock clock = new MutableClock(start);
        try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(LatentApplication.class)
                .initializers(c -> ((GenericApplicationContext) c).registerBean("testClock", Clock.class,
                        () -> clock, bd -> bd.setPrimary(true)))
                .run("--server.port=0", "--latent.data-dir=" + dataDir, "--latent.training.scheduled=false",
                        "--latent.training.threads=2", "--latent.training.gate.enabled=false",
                        "--latent.tuning.trials=2", "--latent.tuning.ranking-trials=1", "--latent.tuning.period=24h")) {
            ServingTestClient c = new ServingTestClient(((WebServerApplicationContext) ctx).getWebServer().getPort());
            c.batch(planted());

            JsonNode first = run(c);
            assertFalse(first.get("search").isNull(), "a fresh store's first run searches");
            JsonNode origin = c.get("/model").body().get("configuration").get("origin");
            assertEquals("search", origin.get("kind").asString());
            assertEquals(start.toString(), origin.get("searchedAt").asString(), "the search is dated by the clock");

            clock.advance(Duration.ofHours(24).minusSeconds(1));
            JsonNode second = run(c);
            assertTrue(second.get("search").isNull(), "within the period the run reuses the configuration");
            origin = c.get("/model").body().get("configuration").get("origin");
            assertTrue(origin.get("reused").asBoolean());
            assertEquals(first.get("runId").asLong(), origin.get("searchRunId").asLong());

            clock.advance(Duration.ofSeconds(1));
            JsonNode third = run(c);
            assertFalse(third.get("search").isNull(), "once the period has passed the run searches again");
            origin = c.get("/model").body().get("configuration").get("origin");
            assertEquals(third.get("runId").asLong(), origin.get("searchRunId").asLong());
            assertEquals(start.plus(Duration.ofHours(24)).toString(), origin.get("searchedAt").asString());
        }
    }
}
