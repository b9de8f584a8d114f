package dev.latent.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latent.LatentApplication;
import dev.latent.serving.ServingTestClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Training on PostgreSQL (127.0.0.1:5432, database test): the model is stored in the database, and a second
 * instance on the same database serves it at start-up without training.
 */
@Tag("postgres")
class PostgresTrainingTest {

    private static final String URL = System.getProperty("latent.test.postgres-url",
            "jdbc:postgresql://127.0.0.1:5432/test");

    @BeforeEach
    void cleanDatabase() throws Exception {
        try (Connection c = DriverManager.getConnection(URL, "postgres", "");
             Statement s = c.createStatement()) {
            boolean migrated = c.getMetaData().getTables(null, "public", "models", null).next(); // other suites have their own schemas
            if (migrated) {
                // CASCADE: tables of other features (the catalogue's categories) reference items
                s.execute("TRUNCATE ratings, users, items, training_runs, models, model_chunks CASCADE");
                try (var rs = s.executeQuery("SELECT to_regclass('deletions') IS NOT NULL")) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        s.execute("TRUNCATE deletions"); // tombstones of an earlier run would hide its users
                    }
                }
                s.execute("UPDATE training_lease SET holder = NULL, expires_at = NULL");
            }
        }
    }

    private static ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(LatentApplication.class).profiles("postgres").run(
                "--server.port=0", "--spring.datasource.url=" + URL, "--latent.training.scheduled=false",
                "--latent.training.rank=8", "--latent.training.ranking.rank=8");
    }

    private static ServingTestClient client(ConfigurableApplicationContext ctx) {
        return new ServingTestClient(((WebServerApplicationContext) ctx).getWebServer().getPort());
    }

    @Test
    void aModelTrainedByOneInstanceIsServedByAnotherFromTheDatabase() {
        try (ConfigurableApplicationContext first = start()) {
            ServingTestClient a = client(first);
            List<Map<String, Object>> ratings = new ArrayList<>();
            for (int u = 0; u < 50; u++) {
                for (int i = 0; i < 12; i++) {
                    ratings.add(ServingTestClient.rating("u" + u, "i" + ((u * 3 + i) % 40), 1 + (u + i) % 5));
                }
            }
            a.batch(ratings);
            JsonNode run = a.train();
            long version = run.get("modelVersion").asLong();
            assertEquals(ratings.size(), run.get("counts").get("ratings").asLong());
            JsonNode recs = a.get("/users/u4/recommendations?limit=5").body();
            assertEquals("model", recs.get("strategy").asString());

            try (ConfigurableApplicationContext second = start()) {
                ServingTestClient b = client(second);
                assertEquals(version, b.get("/model").body().get("version").asLong());
                assertEquals(recs.get("items"), b.get("/users/u4/recommendations?limit=5").body().get("items"));
                assertTrue(b.get("/model/runs").body().get("totalElements").asLong() >= 1);
            }
        }
    }
}
