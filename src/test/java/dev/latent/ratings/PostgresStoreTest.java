package dev.latent.ratings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latent.TestHttp;
import dev.latent.TestHttp.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * The same store on PostgreSQL (127.0.0.1:5432, database test, user postgres; the {@code postgres} profile).
 * Run by {@code ./mvnw verify -Ppostgres}; Flyway migrates the database, each test starts from empty tables.
 */
@Tag("postgres")
@ActiveProfiles("postgres")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        // a schema of its own in database test, so that other branches' suites on the same server do not see
        // (or trip over) this branch's migrations
        "spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/test?reWriteBatchedInserts=true&currentSchema=" + PostgresStoreTest.SCHEMA,
        "spring.flyway.schemas=" + PostgresStoreTest.SCHEMA})
class PostgresStoreTest {

    static final String SCHEMA = "latent_ingest_it";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    TestHttp http;

    @BeforeEach
    void emptyStore() {
        http = new TestHttp(port);
        jdbc.update("DELETE FROM ratings");
        jdbc.update("DELETE FROM users");
        jdbc.update("DELETE FROM items");
    }

    @Test
    void flywayMigratedTheSchema() {
        assertThat(jdbc.queryForObject("SELECT version() ", String.class)).startsWith("PostgreSQL");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM flyway_schema_history WHERE version = '1' AND success",
                Integer.class)).isEqualTo(1);
        assertThat(jdbc.queryForList("SELECT column_name FROM information_schema.columns WHERE table_name = 'ratings' "
                + "AND table_schema = '" + SCHEMA + "' ORDER BY ordinal_position", String.class))
                .containsExactly("user_key", "item_key", "rating", "ts");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM pg_indexes WHERE schemaname = '" + SCHEMA
                + "' AND tablename = 'ratings'", Integer.class)).as("only the primary key").isEqualTo(1);
    }

    @Test
    void upsertCreatesThenReplaces() {
        assertThat(http.json("PUT", "/api/v1/users/alice/ratings/i1", "{\"rating\": 4.5}").status()).isEqualTo(201);
        Response replaced = http.json("POST", "/api/v1/ratings",
                "{\"userId\":\"alice\",\"itemId\":\"i1\",\"rating\":2,\"timestamp\":\"2024-05-01T12:00:00Z\"}");
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(http.get("/api/v1/users/alice/ratings/i1").json().get("rating").doubleValue()).isEqualTo(2.0);
        assertThat(http.get("/api/v1/users/alice/ratings").json().get("totalElements").longValue()).isEqualTo(1);
    }

    @Test
    void batchIsAtomic() {
        Response ok = http.json("POST", "/api/v1/ratings/batch", "[{\"userId\":\"a\",\"itemId\":\"i1\",\"rating\":4},"
                + "{\"userId\":\"b\",\"itemId\":\"i1\",\"rating\":3},{\"userId\":\"a\",\"itemId\":\"i1\",\"rating\":1}]");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().get("created").intValue()).isEqualTo(2);
        Response bad = http.json("POST", "/api/v1/ratings/batch", "[{\"userId\":\"c\",\"itemId\":\"i1\",\"rating\":4},"
                + "{\"userId\":\"d\",\"itemId\":\"i2\",\"rating\":6}]");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").get(0).get("index").intValue()).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM users", Long.class)).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ratings", Long.class)).isEqualTo(2);
    }

    @Test
    void importCreatesThenUpdatesAndRefusesBadFilesWhole() {
        Random random = new Random(5);
        StringBuilder csv = new StringBuilder("user\titem\trating\ttimestamp\n");
        java.util.Set<String> pairs = new java.util.HashSet<>();
        for (int i = 0; i < 30_000; i++) {
            String u = "u" + random.nextInt(400);
            String it = "i" + random.nextInt(300);
            pairs.add(u + " " + it);
            csv.append(u).append('\t').append(it).append('\t').append(1 + random.nextInt(5)).append('\t')
                    .append(1_600_000_000 + i).append('\n');
        }
        Response first = http.send("POST", "/api/v1/ratings/import", "text/csv", TestHttp.gzip(csv.toString()),
                "Content-Encoding", "gzip");
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.json().get("imported").intValue()).isEqualTo(30_000);
        assertThat(first.json().get("created").intValue()).isEqualTo(pairs.size());
        Response second = http.send("POST", "/api/v1/ratings/import", "text/csv", csv.toString().getBytes());
        assertThat(second.json().get("updated").intValue()).isEqualTo(pairs.size());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ratings", Long.class)).isEqualTo(pairs.size());

        Response bad = http.csv("new1,i1,4\nnew2,i1,x\n");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").get(0).get("line").longValue()).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM users WHERE external_id = 'new1'", Long.class)).isZero();
    }

    @Test
    void deletesRemoveRatingsUsersAndItems() {
        http.csv("u1,i1,4\nu1,i2,3\nu2,i1,5\nu2,i2,2\n");
        assertThat(http.delete("/api/v1/users/u2/ratings/i2").status()).isEqualTo(204);
        assertThat(http.delete("/api/v1/users/u1").status()).isEqualTo(204);
        assertThat(http.delete("/api/v1/items/i1").status()).isEqualTo(204);
        assertThat(http.delete("/api/v1/items/i1").status()).isEqualTo(404);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ratings", Long.class)).isZero();
        assertThat(jdbc.queryForList("SELECT external_id FROM users", String.class)).containsExactly("u2");
        assertThat(http.get("/api/v1/stats").json().get("ratings").longValue()).isZero();
    }

    @Test
    void concurrentFirstRatingsOfTheSameNewUserAndItemAllLand() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 64; t++) {
                int n = t;
                results.add(pool.submit(() -> http.json("PUT", "/api/v1/users/crowd" + (n % 4) + "/ratings/hot" + (n % 8),
                        "{\"rating\": 3}").status()));
            }
            for (Future<Integer> f : results) {
                assertThat(f.get()).isIn(200, 201);
            }
        } finally {
            pool.shutdown();
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ratings", Long.class)).isEqualTo(8);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM users", Long.class)).isEqualTo(4);
    }
}
