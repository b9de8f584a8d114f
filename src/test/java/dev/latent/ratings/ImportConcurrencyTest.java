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
 * Single writes that need rows a long import holds (its items, locked until it commits) wait for it on H2 and
 * succeed, instead of failing after H2's one-second lock timeout with a 500. Nothing is lost on either side.
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
                    return http.csv(big.toString());
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
            int writes = 0;
            for (Future<List<Response>> writer : writers) {
                for (Response r : writer.get()) {
                    assertThat(r.status()).as(r.toString()).isIn(200, 201);
                    writes++;
                }
            }
            assertThat(writes).isGreaterThanOrEqualTo(20);
            assertThat(count("ratings")).isEqualTo(2000 + 400_000 + jdbc.queryForObject(
                    "SELECT COUNT(*) FROM ratings r JOIN users u ON u.user_key = r.user_key WHERE u.external_id LIKE 'p%'",
                    Long.class));
        } finally {
            pool.shutdownNow();
        }
    }
}
