package dev.latent.serving;

import static dev.latent.serving.ServingTestClient.rating;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latent.TestHttp;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The meters an operator alerts on, read as Prometheus scrapes them over HTTP from /actuator/prometheus:
 * before any model, after a run, under serving traffic of each strategy, and after a failed run.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class OperatorMetricsTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        ServingTestClient.smallServer(registry, "latent-metrics-test");
    }

    @LocalServerPort
    int port;

    @Test
    void modelTrainingAndServingMetricsAreScrapedOverHttp(CapturedOutput output) {
        ServingTestClient client = new ServingTestClient(port);
        assertThat(value("latent_model_version", "")).isNaN();
        assertThat(value("latent_model_age_seconds", "")).isNaN();
        assertThat(value("latent_training_runs_total", "outcome=\"succeeded\",trigger=\"manual\"")).isZero();
        assertThat(value("latent_training_running", "")).isZero();

        List<Map<String, Object>> ratings = new ArrayList<>();
        Random random = new Random(5);
        for (int u = 0; u < 60; u++) {
            for (int i = 0; i < 40; i++) {
                if (random.nextDouble() < 0.4) {
                    ratings.add(rating("u" + u, "i" + i, (u + i) % 2 == 0 ? 5 : 1 + random.nextInt(2)));
                }
            }
        }
        client.batch(ratings);
        JsonNode run = client.train();
        JsonNode model = client.get("/model").body();

        assertThat(value("latent_model_version", "")).isEqualTo(1.0);
        assertThat(value("latent_model_users", "")).isEqualTo(model.get("users").asDouble());
        assertThat(value("latent_model_items", "")).isEqualTo(model.get("items").asDouble());
        assertThat(value("latent_model_ratings", "")).isEqualTo(ratings.size());
        assertThat(value("latent_model_age_seconds", "")).isBetween(0.0, 3600.0);
        JsonNode metrics = model.get("metrics");
        assertThat(value("latent_model_heldout_rmse", "model=\"served\"")).isEqualTo(metrics.get("heldOutRmse").asDouble());
        assertThat(value("latent_model_heldout_rmse", "model=\"biases\"")).isEqualTo(metrics.get("baselineRmse").asDouble());
        assertThat(value("latent_model_heldout_ndcg10", "model=\"served\"")).isEqualTo(metrics.get("ndcg@10").asDouble());
        assertThat(value("latent_model_heldout_ndcg10", "model=\"popularity\""))
                .isEqualTo(metrics.get("popularityNdcg@10").asDouble());
        awaitRunsEnded(1);
        assertThat(value("latent_training_runs_total", "outcome=\"succeeded\",trigger=\"manual\"")).isEqualTo(1.0);
        assertThat(value("latent_training_duration_seconds_count", "outcome=\"succeeded\"")).isEqualTo(1.0);
        assertThat(value("latent_training_duration_seconds_sum", "outcome=\"succeeded\"")).isPositive();
        for (String phase : List.of("snapshot", "rating-fit", "ranking-fit", "rating-refit", "ranking-refit", "saving")) {
            assertThat(value("latent_training_phase_seconds_count", "phase=\"" + phase + "\"")).as(phase).isEqualTo(1.0);
        }
        assertThat(value("latent_training_running", "")).isZero();
        long runId = run.get("runId").asLong();
        assertThat(output.getOut()).contains("training phase run=" + runId + " phase=snapshot end=done iterations=0",
                "training phase run=" + runId + " phase=rating-fit end=done iterations=20 loss=",
                "training phase run=" + runId + " phase=saving end=done");

        // serving: a user in the model, a user folded in (twice: the second from the cache), an anonymous visitor
        for (int k = 0; k < 3; k++) {
            assertThat(client.get("/users/u1/recommendations?limit=5").body().get("strategy").asString()).isEqualTo("model");
        }
        assertThat(client.put("/users/newcomer/ratings/i3", Map.of("rating", 5)).status()).isEqualTo(201);
        for (int k = 0; k < 2; k++) {
            assertThat(client.get("/users/newcomer/recommendations").body().get("strategy").asString()).isEqualTo("folded-in");
        }
        assertThat(client.post("/recommendations/anonymous", Map.of("ratings", List.of(Map.of("itemId", "i2", "rating", 5))))
                .status()).isEqualTo(200);
        assertThat(client.get("/users/nobody/recommendations").body().get("strategy").asString()).isEqualTo("popular");
        assertThat(client.get("/users/u1/predictions/i3").status()).isEqualTo(200);
        assertThat(client.post("/users/u1/predictions", Map.of("itemIds", List.of("i1", "i2"))).status()).isEqualTo(200);
        assertThat(client.get("/items/i1/similar").status()).isEqualTo(200);
        assertThat(client.get("/items/popular").status()).isEqualTo(200);
        assertThat(client.get("/items/unknown/similar").status()).isEqualTo(404);

        String recs = "endpoint=\"recommendations\",strategy=\"model\"";
        assertThat(value("latent_serving_requests_seconds_count", recs)).isEqualTo(3.0);
        assertThat(value("latent_serving_requests_seconds_bucket", recs + ",le=\"+Inf\"")).isEqualTo(3.0);
        assertThat(value("latent_serving_requests_seconds_bucket", recs + ",le=\"2.5\"")).isEqualTo(3.0);
        assertThat(value("latent_serving_requests_seconds_bucket", recs + ",le=\"0.001\"")).isBetween(0.0, 3.0);
        assertThat(value("latent_serving_requests_seconds_count", "endpoint=\"recommendations\",strategy=\"folded-in\"")).isEqualTo(2.0);
        assertThat(value("latent_serving_requests_seconds_count", "endpoint=\"recommendations\",strategy=\"popular\"")).isEqualTo(1.0);
        assertThat(value("latent_serving_requests_seconds_count", "endpoint=\"anonymous\",strategy=\"folded-in\"")).isEqualTo(1.0);
        assertThat(value("latent_serving_requests_seconds_count", "endpoint=\"prediction\",strategy=\"model\"")).isEqualTo(1.0);
        assertThat(value("latent_serving_requests_seconds_count", "endpoint=\"predictions\",strategy=\"model\"")).isEqualTo(1.0);
        assertThat(value("latent_serving_requests_seconds_count", "endpoint=\"similar\",strategy=\"model\"")).isEqualTo(1.0);
        assertThat(value("latent_serving_requests_seconds_count", "endpoint=\"popular\",strategy=\"popular\"")).isEqualTo(1.0);
        // "nobody" has no ratings: solved once (to find that out) and cached like any user
        assertThat(value("latent_serving_foldins_total", "source=\"user\"")).isEqualTo(2.0);
        assertThat(value("latent_serving_foldins_total", "source=\"anonymous\"")).isEqualTo(1.0);
        assertThat(value("latent_serving_foldin_cache_hits_total", "")).isEqualTo(1.0);
        assertThat(value("latent_serving_foldin_cache_size", "")).isEqualTo(2.0);
        // explanations: the first of a user builds the factor of the user's system, the next ones reuse it
        assertThat(value("latent_serving_explanation_cache_total", "result=\"miss\"")).isZero();
        List<JsonNode> explained = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            ServingTestClient.Reply r = client.get("/users/u1/recommendations?limit=5&explain=true");
            assertThat(r.status()).isEqualTo(200);
            explained.add(r.body());
        }
        assertThat(explained.get(1)).as("the same answer, the second from the entry's memo").isEqualTo(explained.get(0));
        int shown = explained.get(0).get("items").size();
        assertThat(shown).isPositive();
        assertThat(value("latent_serving_explanation_items_total", "result=\"computed\"")).isEqualTo(shown);
        assertThat(value("latent_serving_explanation_items_total", "result=\"remembered\"")).isEqualTo(shown);
        assertThat(client.get("/users/u1/explanations/i3").status()).isEqualTo(200);
        assertThat(value("latent_serving_explanation_cache_total", "result=\"miss\"")).isEqualTo(1.0);
        assertThat(value("latent_serving_explanation_cache_total", "result=\"hit\"")).isEqualTo(2.0);
        assertThat(value("latent_serving_explanation_cache_users", "")).isEqualTo(1.0);
        assertThat(value("latent_serving_explanation_cache_size_bytes", "")).isPositive();

        // a run on an empty store (every user deleted) retires the served model and counts as succeeded
        for (int u = 0; u < 60; u++) {
            client.delete("/users/u" + u);
        }
        client.delete("/users/newcomer");
        long retiringRun = client.post("/model/training", Map.of()).body().get("runId").asLong();
        for (int k = 0; k < 600 && !client.get("/model/training/" + retiringRun).body().get("status").asString().equals("succeeded"); k++) {
            sleep();
        }
        assertThat(client.get("/model/training/" + retiringRun).body().get("phase").asString()).isEqualTo("retired");
        awaitRunsEnded(2);
        assertThat(value("latent_training_runs_total", "outcome=\"succeeded\",trigger=\"manual\"")).isEqualTo(2.0);
        assertThat(value("latent_training_runs_total", "outcome=\"failed\",trigger=\"manual\"")).isZero();
        assertThat(value("latent_model_version", "")).isNaN(); // nothing may be served from the old model
        assertThat(output.getOut()).contains("training phase run=" + retiringRun + " phase=snapshot end=done");
    }

    /**
     * The value of the sample named {@code name} whose labels include every one of {@code labels}
     * ({@code k="v"} pairs, comma-separated, in the exposition's order); fails when there is none.
     */
    private double value(String name, String labels) {
        String scrape = new TestHttp(port).get("/actuator/prometheus").body();
        for (String line : scrape.split("\n")) {
            if (line.startsWith(name + " ") && labels.isEmpty()) {
                return Double.parseDouble(line.substring(name.length() + 1).trim());
            }
            if (line.startsWith(name + "{")) {
                String tags = line.substring(name.length() + 1, line.lastIndexOf('}'));
                boolean all = true;
                for (String pair : labels.isEmpty() ? new String[0] : labels.split(",(?=[a-z]+=)")) {
                    all &= (tags + ",").contains(pair + ",");
                }
                if (all) {
                    return Double.parseDouble(line.substring(line.lastIndexOf('}') + 1).trim());
                }
            }
        }
        throw new AssertionError("no sample " + name + "{" + labels + "} in:\n" + scrape);
    }

    /**
     * A bounded wait until {@code n} manual runs have ended on the counter: a run's row says succeeded before the
     * runner counts it (in its finally block), so a scrape in between still sees the count before.
     */
    private void awaitRunsEnded(int n) {
        for (int k = 0; k < 600 && value("latent_training_runs_total", "outcome=\"succeeded\",trigger=\"manual\"") < n; k++) {
            sleep();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
