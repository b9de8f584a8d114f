package dev.latent.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for end-to-end tests against the real server on a random port. */
public final class ServingTestClient {

    /** A response: status and parsed JSON body (null when empty). */
    public record Reply(int status, JsonNode body) {
    }

    private final RestClient http;
    private final JsonMapper json = JsonMapper.builder().build();

    public ServingTestClient(int port) {
        this.http = RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultStatusHandler(HttpStatusCode::isError, (req, res) -> { })
                .build();
    }

    public Reply get(String path) {
        return http.get().uri(url(path)).exchange((req, res) -> reply(res.getStatusCode().value(),
                res.getBody().readAllBytes()));
    }

    public Reply post(String path, Object body) {
        return http.post().uri(url(path)).contentType(MediaType.APPLICATION_JSON).body(json.writeValueAsString(body))
                .exchange((req, res) -> reply(res.getStatusCode().value(), res.getBody().readAllBytes()));
    }

    public Reply put(String path, Object body) {
        return http.put().uri(url(path)).contentType(MediaType.APPLICATION_JSON).body(json.writeValueAsString(body))
                .exchange((req, res) -> reply(res.getStatusCode().value(), res.getBody().readAllBytes()));
    }

    public Reply delete(String path) {
        return http.delete().uri(url(path)).exchange((req, res) -> reply(res.getStatusCode().value(),
                res.getBody().readAllBytes()));
    }

    /** API paths are under /api/v1; actuator paths are taken as they are. */
    private static String url(String path) {
        return path.startsWith("/actuator") ? path : "/api/v1" + path;
    }

    private Reply reply(int status, byte[] body) {
        return new Reply(status, body.length == 0 ? null : json.readTree(body));
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
}
