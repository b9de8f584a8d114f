package dev.latent.ratings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latent.TestHttp.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Single writes that need rows a long import holds (its items, locked until it commits) wait for it on H2
 * (up to {@code latent.storage.lock-timeout}, 30 s) and succeed, or, when the import outlasts that on a slow
 * machine, answer 503 with nothing stored; never 500 (H2's own one-second timeout used to surface as one).
 * Every acknowledged write and the whole import are stored.
 */
class ImportConcurrencyTest extends ApiTestSupport {

    @Test
    void writesDuringAnImportWaitAndSucceed() throws Exception {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            items.append("seed,i").append(i).append(",3\n");
        }
        assertThat(http.csv(items.toString()).status()).isEqualTo(200);
        StringBuilder big = new StringBuilder();
        for (int n = 0; n < 400_000; n++) {
            big.append('u').append(n / 2000).append(",i").append(n % 2000).append(",4\n");
        }
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            AtomicBoolean importing = new AtomicBoolean(true);
            Future<Response> imported = pool.submit(() -> {
                try {
                    return http.send(java.net.http.HttpRequest.newBuilder(http.uri("/api/v1/ratings/import"))
                            .timeout(java.time.Duration.ofMinutes(10)).header("Content-Type", "text/csv")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(big.toString())).build());
                } finally {
                    importing.set(false);
                }
            });
            List<Future<List<Response>>> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    List<Response> answers = new ArrayList<>();
                    for (int k = 0; importing.get() || k < 5; k++) {
                        answers.add(http.json("PUT", "/api/v1/users/p" + writer + "/ratings/i" + (k % 2000),
                                "{\"rating\": 2}"));
                    }
                    return answers;
                }));
            }
            Response result = imported.get();
            assertThat(result.status()).as(result.toString()).isEqualTo(200);
            java.util.Set<String> acknowledged = new java.util.HashSet<>();
            int answers = 0;
            for (int w = 0; w < writers.size(); w++) {
                List<Response> replies = writers.get(w).get();
                for (int k = 0; k < replies.size(); k++) {
                    Response r = replies.get(k);
                    assertThat(r.status()).as("wait and succeed, or 503; never 500: " + r).isIn(200, 201, 503);
                    if (r.status() != 503) {
                        acknowledged.add("p" + w + " i" + (k % 2000));
                    }
                    answers++;
                }
            }
            assertThat(answers).isGreaterThanOrEqualTo(20);
            List<String> stored = jdbc.queryForList("SELECT u.external_id || ' ' || i.external_id FROM ratings r "
                    + "JOIN users u ON u.user_key = r.user_key JOIN items i ON i.item_key = r.item_key "
                    + "WHERE u.external_id LIKE 'p%'", String.class);
            assertThat(new java.util.HashSet<>(stored)).as("exactly the acknowledged writes").isEqualTo(acknowledged);
            assertThat(count("ratings")).isEqualTo(2000 + 400_000 + stored.size());
        } finally {
            pool.shutdownNow();
        }
    }
}
