package dev.latent.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import dev.latent.TestHttp;
import tools.jackson.databind.JsonNode;

/** Serving and training steps for end-to-end tests, over {@link TestHttp} against the real server. */
public final class ServingTestClient {

    /** A response: status and parsed JSON body (null when empty). */
    public record Reply(int status, JsonNode body) {
    }

    private final TestHttp http;

    /**
     * The settings of a small end-to-end server: H2 in a fresh temporary directory, no scheduled training,
     * rank 8 for both models (quick runs on a few thousand ratings).
     */
    public static void smallServer(org.springframework.test.context.DynamicPropertyRegistry registry, String dirPrefix)
            throws java.io.IOException {
        java.nio.file.Path dataDir = java.nio.file.Files.createTempDirectory(dirPrefix);
        registry.add("latent.data-dir", dataDir::toString);
        registry.add("latent.training.scheduled", () -> "false");
        registry.add("latent.training.rank", () -> "8");
        registry.add("latent.training.ranking.rank", () -> "8");
    }

    public ServingTestClient(int port) {
        this.http = new TestHttp(port);
    }

    public Reply get(String path) {
        return reply(http.get(url(path)));
    }

    public Reply post(String path, Object body) {
        return reply(http.json("POST", url(path), TestHttp.JSON.writeValueAsString(body)));
    }

    public Reply put(String path, Object body) {
        return reply(http.json("PUT", url(path), TestHttp.JSON.writeValueAsString(body)));
    }

    public Reply delete(String path) {
        return reply(http.delete(url(path)));
    }

    /** API paths are under /api/v1; actuator paths are taken as they are. */
    private static String url(String path) {
        return path.startsWith("/actuator") ? path : "/api/v1" + path;
    }

    private static Reply reply(TestHttp.Response r) {
        return new Reply(r.status(), r.json());
    }

    /** Stores the ratings with one atomic batch per 10,000. */
    public void batch(List<Map<String, Object>> ratings) {
        for (int from = 0; from < ratings.size(); from += 10_000) {
            Reply r = post("/ratings/batch", ratings.subList(from, Math.min(ratings.size(), from + 10_000)));
            assertEquals(200, r.status(), () -> "batch refused: " + r.body());
        }
    }

    /** Starts a training run and waits until it ends; returns the finished run. */
    public JsonNode train() {
        Reply started = post("/model/training", Map.of());
        assertEquals(202, started.status(), () -> "training refused: " + started.body());
        return await(started.body().get("runId").asLong());
    }

    /** Waits until run {@code runId} has ended (succeeded, failed or rejected); returns it. */
    public JsonNode awaitEnd(long runId) {
        long deadline = System.nanoTime() + 300_000_000_000L;
        while (System.nanoTime() < deadline) {
            JsonNode run = get("/model/training/" + runId).body();
            String status = run.get("status").asString();
            if (!status.equals("queued") && !status.equals("running")) {
                return run;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
        fail("training run " + runId + " did not end in 300 s");
        return null;
    }

    public JsonNode await(long runId) {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            JsonNode run = get("/model/training/" + runId).body();
            String status = run.get("status").asString();
            if (status.equals("succeeded")) {
                return run;
            }
            if (status.equals("failed")) {
                fail("training run failed: " + run);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
        fail("training run " + runId + " did not finish in 120 s");
        return null;
    }

    /** The item ids of a ranked answer, in order. */
    public static List<String> itemIds(JsonNode answer) {
        List<String> ids = new ArrayList<>();
        answer.get("items").forEach(n -> ids.add(n.get("itemId").asString()));
        return ids;
    }

    public static Map<String, Object> rating(String user, String item, double rating) {
        return Map.of("userId", user, "itemId", item, "rating", rating);
    }

    /** A small fixed store: 30 users × 10 ratings over 25 items, ratings 1–5 (u0…u29, i0…i24). */
    public static List<Map<String, Object>> smallGrid() {
        List<Map<String, Object>> ratings = new java.util.ArrayList<>();
        for (int u = 0; u < 30; u++) {
            for (int i = 0; i < 10; i++) {
                ratings.add(rating("u" + u, "i" + ((u + i) % 25), 1 + (u * i) % 5));
            }
        }
        return ratings;
    }
}
