package dev.latent.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latent.LatentApplication;
import dev.latent.serving.ServingTestClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Over HTTP, against the real server on a random port and an H2 file store: a fresh store's first run
 * searches and shows its trials; the next run reuses the chosen configuration; a deliberately worse model is
 * rejected by the quality gate (the served model stays), and {@code force=true} lets it through.
 */
class SearchAndGateTest {

    @TempDir
    Path dataDir;

    private ConfigurableApplicationContext start(String... extra) {
        Map<String, String> props = new LinkedHashMap<>(Map.of("server.port", "0", "latent.data-dir",
                dataDir.toString(), "latent.training.scheduled", "false", "latent.training.threads", "2",
                "latent.tuning.trials", "5", "latent.tuning.ranking-trials", "3"));
        for (String e : extra) {
            props.put(e.substring(0, e.indexOf('=')), e.substring(e.indexOf('=') + 1));
        }
        return new SpringApplicationBuilder(LatentApplication.class).run(props.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
    }

    private static ServingTestClient client(ConfigurableApplicationContext ctx) {
        return new ServingTestClient(((WebServerApplicationContext) ctx).getWebServer().getPort());
    }

    /** A planted rank-2 structure: users and items in two taste groups, integer ratings 1–5. */
    private static List<Map<String, Object>> planted() {
        Random rnd = new Random(3);
        List<Map<String, Object>> out = new ArrayList<>();
        for (int u = 0; u < 80; u++) {
            for (int i = 0; i < 60; i++) {
                if (rnd.nextDouble() < 0.35) {
                    double v = 3 + ((u % 2 == i % 2) ? 1.2 : -1.2) + 0.3 * ((u % 3) - 1) + rnd.nextGaussian() * 0.5;
                    out.add(ServingTestClient.rating("u" + u, "i" + i, Math.max(1, Math.min(5, Math.round(v)))));
                }
            }
        }
        return out;
    }

    private static long start(ServingTestClient c, String query) {
        ServingTestClient.Reply r = c.post("/model/training" + query, Map.of());
        assertEquals(202, r.status(), () -> "training refused: " + r.body());
        return r.body().get("runId").asLong();
    }

    @Test
    void aFirstRunSearchesLaterRunsReuseAndTheGateRejectsAWorseModelUnlessForced() {
        long served;
        // 193 held-out ratings: two fits of one Gibbs-sampled configuration differ by up to ~0.03 RMSE there, so
        // the reuse run gets a tolerance above that noise; the worse model below is rejected at the default 0.01.
        try (ConfigurableApplicationContext ctx = start("latent.training.gate.rmse-tolerance=0.05")) {
            ServingTestClient c = client(ctx);
            c.batch(planted());
            long first = start(c, "");
            JsonNode run = c.awaitEnd(first);
            assertEquals("succeeded", run.get("status").asString(), run::toString);
            JsonNode search = run.get("search");
            assertNotNull(search, "a fresh store's first run searches");
            int trial = search.get("trial").asInt();
            JsonNode history = search.get("history");
            assertEquals(trial, history.size());
            assertTrue(trial <= search.get("trials").asInt());
            assertTrue(trial >= 5 + 3, "every configuration is tried at least once: " + trial);
            double best = Double.POSITIVE_INFINITY;
            int topRung = 0;
            for (JsonNode t : history) {
                assertTrue(t.get("config").has("algorithm") || t.get("config").has("confidence"), t::toString);
                if (t.get("metric").asString().equals("validationRmse") && t.get("status").asString().equals("done")) {
                    topRung = Math.max(topRung, t.get("rung").asInt());
                }
            }
            for (JsonNode t : history) {
                if (t.get("metric").asString().equals("validationRmse") && t.get("status").asString().equals("done")
                        && t.get("rung").asInt() == topRung) {
                    best = Math.min(best, t.get("score").asDouble());
                }
            }
            assertEquals(best, search.get("bestRating").get("score").asDouble(), 1e-12);
            assertTrue(search.get("bestRanking").get("score").asDouble() > 0);
            JsonNode model = c.get("/model").body();
            JsonNode origin = model.get("configuration").get("origin");
            assertEquals("search", origin.get("kind").asString());
            assertEquals(first, origin.get("searchRunId").asLong());
            assertEquals(search.get("bestRating").get("config").get("algorithm").asString(),
                    model.get("algorithm").asString());

            long second = start(c, "");
            JsonNode reused = c.awaitEnd(second);
            assertEquals("succeeded", reused.get("status").asString(), reused::toString);
            assertTrue(reused.get("search").isNull(), "the next run reuses the chosen configuration");
            JsonNode again = c.get("/model").body().get("configuration");
            assertTrue(again.get("origin").get("reused").asBoolean());
            assertEquals(first, again.get("origin").get("searchRunId").asLong());
            assertEquals(model.get("configuration").get("rating"), again.get("rating"));
            assertTrue(reused.get("gate").get("passed").asBoolean(), "the same configuration passes the gate: "
                    + reused.get("gate"));
            served = c.get("/model").body().get("version").asLong();
        }
        // A deliberately worse configuration: one factor, heavy ridge, one sweep; a one-factor binary ranking.
        try (ConfigurableApplicationContext ctx = start("latent.training.algorithm=als", "latent.training.rank=1",
                "latent.training.lambda=20", "latent.training.iterations=1", "latent.training.ranking.rank=1",
                "latent.training.ranking.lambda=5000", "latent.training.ranking.confidence=binary",
                "latent.training.ranking.iterations=1")) {
            ServingTestClient c = client(ctx);
            JsonNode rejected = c.awaitEnd(start(c, ""));
            assertEquals("rejected", rejected.get("status").asString(), rejected::toString);
            JsonNode gate = rejected.get("gate");
            assertFalse(gate.get("passed").asBoolean());
            assertTrue(gate.get("candidate").get("rmse").asDouble() > gate.get("served").get("rmse").asDouble() + 0.01,
                    gate::toString);
            assertTrue(rejected.get("error").asString().contains("quality gate"), rejected::toString);
            assertEquals(served, c.get("/model").body().get("version").asLong(), "the old model keeps serving");
            assertEquals("setting", c.get("/model/runs").body().get("runs").get(0).get("configuration")
                    .get("origin").get("kind").asString());

            JsonNode forced = c.awaitEnd(start(c, "?force=true"));
            assertEquals("succeeded", forced.get("status").asString(), forced::toString);
            assertTrue(forced.get("forced").asBoolean());
            assertTrue(forced.get("gate").get("forced").asBoolean());
            assertFalse(forced.get("gate").get("passed").asBoolean(), "measured and reported, but let through");
            JsonNode model = c.get("/model").body();
            assertEquals(served + 1, model.get("version").asLong());
            assertEquals(1, model.get("rank").asInt());
        }
    }
}
