package dev.latent.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latent.LatentApplication;
import dev.latent.serving.ServingTestClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** Training across restarts and concurrent writes, on real servers sharing one H2 file. */
class TrainingLifecycleTest {

    @TempDir
    Path dataDir;

    private ConfigurableApplicationContext start(String... extra) {
        Map<String, String> props = new LinkedHashMap<>(Map.of("server.port", "0", "latent.data-dir", dataDir.toString(),
                "latent.training.scheduled", "false", "latent.training.rank", "8", "latent.training.ranking.rank", "8"));
        for (String e : extra) {
            props.put(e.substring(2, e.indexOf('=')), e.substring(e.indexOf('=') + 1));
        }
        return new SpringApplicationBuilder(LatentApplication.class).run(props.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
    }

    private static ServingTestClient client(ConfigurableApplicationContext ctx) {
        return new ServingTestClient(((WebServerApplicationContext) ctx).getWebServer().getPort());
    }

    private static List<Map<String, Object>> randomRatings(int users, int items, int perUser, long seed) {
        Random rnd = new Random(seed);
        List<Map<String, Object>> out = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            for (int j = 0; j < perUser; j++) {
                int i = (u * 7 + j * 13 + rnd.nextInt(3)) % items;
                out.add(ServingTestClient.rating("u" + u, "i" + i, 1 + rnd.nextInt(5)));
            }
        }
        return out;
    }

    @Test
    void aRestartServesTheSameModelAtOnceWithoutTraining() {
        long version;
        JsonNode recommendations;
        try (ConfigurableApplicationContext ctx = start()) {
            ServingTestClient c = client(ctx);
            c.batch(randomRatings(60, 40, 10, 1));
            assertEquals(503, c.get("/actuator/health/readiness").status(), "ratings but no model: not ready");
            assertEquals(200, c.get("/actuator/health/liveness").status());
            version = c.train().get("modelVersion").asLong();
            assertEquals(200, c.get("/actuator/health/readiness").status(), "ready once a model is served");
            recommendations = c.get("/users/u3/recommendations?limit=5").body();
        }
        try (ConfigurableApplicationContext ctx = start()) {
            ServingTestClient c = client(ctx);
            JsonNode model = c.get("/model").body();
            assertEquals(version, model.get("version").asLong());
            assertEquals(1, c.get("/model/runs").body().get("totalElements").asLong(), "no training at start-up");
            assertEquals(recommendations.get("items"), c.get("/users/u3/recommendations?limit=5").body().get("items"));
            assertEquals("model", c.get("/users/u3/recommendations").body().get("strategy").asString());
        }
    }

    @Test
    void ratingsWrittenDuringTrainingAreAllStoredAndTheNextRunIncludesThem() throws Exception {
        // Enough work that the run is still going while the writes land.
        try (ConfigurableApplicationContext ctx = start("--latent.training.rank=24", "--latent.training.iterations=15",
                "--latent.training.ranking.rank=24", "--latent.training.ranking.iterations=15")) {
            ServingTestClient c = client(ctx);
            List<Map<String, Object>> initial = randomRatings(1000, 600, 20, 2);
            c.batch(initial);
            JsonNode started = c.post("/model/training", Map.of()).body();
            long runId = started.get("runId").asLong();
            // At once, while the run is surely queued or running (it reads and factors 20,000 ratings): not after
            // the writes, which a quiet machine may outlast.
            assertEquals(409, c.post("/model/training", Map.of()).status(), "one run at a time");
            ExecutorService writers = Executors.newFixedThreadPool(4);
            List<Future<Integer>> puts = new ArrayList<>();
            for (int w = 0; w < 200; w++) {
                int n = w;
                puts.add(writers.submit(() -> c.put("/users/late" + n + "/ratings/i" + (n % 50),
                        Map.of("rating", 4)).status()));
            }
            for (Future<Integer> f : puts) {
                assertEquals(201, f.get());
            }
            writers.shutdown();
            JsonNode first = c.await(runId);
            long firstCount = first.get("counts").get("ratings").asLong();
            assertTrue(firstCount >= initial.size() && firstCount <= initial.size() + 200);
            long stored = c.get("/stats").body().get("ratings").asLong();
            assertEquals(initial.size() + 200, stored, "every accepted rating is stored");
            JsonNode second = c.train();
            assertEquals(stored, second.get("counts").get("ratings").asLong(), "the next run sees them all");
            assertEquals("model", c.get("/users/late7/recommendations").body().get("strategy").asString());
        }
    }

    @Test
    void aRunThatFindsTheStoreEmptyRetiresTheServedModelAlsoAcrossARestart() {
        try (ConfigurableApplicationContext ctx = start()) {
            ServingTestClient c = client(ctx);
            c.batch(randomRatings(20, 15, 5, 3));
            c.train();
            assertEquals("model", c.get("/users/u3/recommendations").body().get("strategy").asString());
            for (int u = 0; u < 20; u++) {
                assertEquals(204, c.delete("/users/u" + u).status());
            }
            JsonNode run = c.train();
            assertEquals("retired", run.get("phase").asString());
            assertEquals(404, c.get("/model").status(), "no model served once the store is empty");
            assertEquals(0, ServingTestClient.itemIds(c.get("/items/popular").body()).size());
            assertTrue(c.get("/items/i1/similar").status() == 404);
        }
        try (ConfigurableApplicationContext ctx = start()) {
            ServingTestClient c = client(ctx);
            assertEquals(404, c.get("/model").status(), "a restart does not bring the retired model back");
            assertEquals(200, c.get("/actuator/health/readiness").status(), "an empty store is ready for ingestion");
        }
    }
}
