package dev.latent.serving;

import static dev.latent.serving.ServingTestClient.itemIds;
import static dev.latent.serving.ServingTestClient.rating;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latent.TestHttp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/** Business rules, lists and explanations on PostgreSQL, in a schema of its own. */
@Tag("postgres")
@ActiveProfiles("postgres")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/test?reWriteBatchedInserts=true&currentSchema="
                + PostgresRulesTest.SCHEMA,
        "spring.flyway.schemas=" + PostgresRulesTest.SCHEMA, "latent.training.scheduled=false",
        "latent.training.rank=8", "latent.training.ranking.rank=8"})
class PostgresRulesTest {

    static final String SCHEMA = "latent_rules_it";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    dev.latent.catalog.CatalogView view;

    @Test
    void rulesHoldOnEveryListAtOnce() {
        jdbc.update("DELETE FROM ratings");
        jdbc.update("DELETE FROM users");
        jdbc.update("DELETE FROM items");
        view.reloadAll();
        TestHttp http = new TestHttp(port);
        ServingTestClient client = new ServingTestClient(port);
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            items.append("{\"itemId\":\"i").append(i).append("\",\"categories\":[\"").append(i % 10 == 0 ? "ten" : "rest")
                    .append("\"]}\n");
        }
        assertThat(http.send("POST", "/api/v1/items/import", "application/x-ndjson",
                items.toString().getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(200);
        Random rnd = new Random(3);
        List<Map<String, Object>> ratings = new ArrayList<>();
        for (int u = 0; u < 40; u++) {
            for (int i = 0; i < 40; i++) {
                if (rnd.nextDouble() < 0.3) {
                    ratings.add(rating("u" + u, "i" + i, 1 + rnd.nextInt(5)));
                }
            }
        }
        client.batch(ratings);
        assertThat(itemIds(client.get("/items/popular?limit=50&category=ten").body())).as("before a model, from the store")
                .containsExactlyInAnyOrder("i0", "i10", "i20", "i30");
        client.train();
        assertThat(itemIds(client.get("/users/u1/recommendations?limit=50&includeRated=true&category=ten").body()))
                .containsExactlyInAnyOrder("i0", "i10", "i20", "i30");
        String top = itemIds(client.get("/users/u1/recommendations?limit=1").body()).get(0);
        assertThat(http.send("PATCH", "/api/v1/items/" + top, "application/merge-patch+json",
                "{\"hidden\":true}".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(200);
        for (String path : List.of("/users/u1/recommendations?limit=50", "/items/popular?limit=50",
                "/items/popular?limit=50&window=7d", "/items/latest?limit=50", "/items/i3/similar?limit=50")) {
            assertThat(itemIds(client.get(path).body())).as(path).isNotEmpty().doesNotContain(top);
        }
        assertThat(itemIds(client.get("/users/u1/recommendations?limit=10&offset=10").body()))
                .isEqualTo(itemIds(client.get("/users/u1/recommendations?limit=20").body()).subList(10, 20));
        assertThat(client.get("/users/u1/recommendations?limit=3&explain=true").body().get("items").get(0)
                .get("because").size()).isEqualTo(3);
        assertThat(client.post("/recommendations/group", Map.of("userIds", List.of("u1", "u2"), "limit", 5)).status())
                .isEqualTo(200);
    }
}
