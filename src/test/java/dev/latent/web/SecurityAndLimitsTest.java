package dev.latent.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latent.TestHttp;
import dev.latent.TestHttp.Response;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** With an API key, CORS origins and small body limits configured. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "latent.security.api-key=s3cret-key", "latent.cors.allowed-origins=https://shop.example",
        "latent.limits.max-body-size=2KB", "latent.limits.max-import-size=4KB", "latent.ratings.max=10"})
class SecurityAndLimitsTest {

    static final Path DATA_DIR = createTemp();

    @DynamicPropertySource
    static void h2InTempDir(DynamicPropertyRegistry registry) {
        registry.add("latent.data-dir", DATA_DIR::toString);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    TestHttp http;

    @BeforeEach
    void setUp() {
        http = new TestHttp(port);
        jdbc.update("DELETE FROM ratings");
    }

    @Test
    void writesAndPersonalReadsNeedTheApiKey() {
        Response none = http.json("PUT", "/api/v1/users/a/ratings/i", "{\"rating\": 4}");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.isProblem()).isTrue();
        assertThat(none.json().get("detail").stringValue()).contains("X-API-Key");
        Response wrong = http.send("PUT", "/api/v1/users/a/ratings/i", "application/json", "{\"rating\": 4}".getBytes(),
                "X-API-Key", "s3cret-kex");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(http.send("DELETE", "/api/v1/users/a", null, null).status()).isEqualTo(401);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ratings", Long.class)).isZero();

        Response ok = http.send("PUT", "/api/v1/users/a/ratings/i", "application/json", "{\"rating\": 4}".getBytes(),
                "X-API-Key", "s3cret-key");
        assertThat(ok.status()).isEqualTo(201);
        // personal data and operations: the key, reads included
        for (String path : new String[] {"/api/v1/users/a/ratings/i", "/api/v1/users/a/ratings", "/api/v1/stats",
                "/api/v1/model", "/api/v1/model/runs", "/api/v1/model/training/1", "/actuator/prometheus",
                "/actuator/metrics", "/actuator/info", "/api/v1/users/a/ratings/", "/api//v1/users/a/ratings",
                "/api/v1/./users/a/ratings", "/api/v1/users/a/ratings;x=1", "/%61pi/v1/users/a/ratings"}) {
            Response r = http.get(path);
            assertThat(r.status()).as(path + " " + r).isEqualTo(401);
            assertThat(r.isProblem()).as(path).isTrue();
        }
        assertThat(http.send("GET", "/api/v1/users/a/ratings", null, null, "X-API-Key", "s3cret-key").status())
                .isEqualTo(200);
        assertThat(http.send("GET", "/actuator/prometheus", null, null, "X-API-Key", "s3cret-key").status())
                .isEqualTo(200);
        // open: health probes, and recommendation reads (latent.security.public-recommendations defaults to true)
        assertThat(http.get("/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(http.get("/api/v1/users/a/recommendations").status()).isNotIn(401, 403);
        assertThat(http.get("/api/v1/items/popular").status()).isNotIn(401, 403);
        assertThat(http.get("/api/v1/items/i/similar").status()).isNotIn(401, 403);
        assertThat(http.get("/v3/api-docs").status()).isEqualTo(200);
    }

    @Test
    void twoApiKeyHeadersAre400WhicheverComesFirst() {
        for (String[] keys : new String[][] {{"s3cret-key", "wrong"}, {"wrong", "s3cret-key"}, {"s3cret-key", "s3cret-key"}}) {
            Response r = http.send("PUT", "/api/v1/users/a/ratings/i", "application/json", "{\"rating\": 4}".getBytes(),
                    "X-API-Key", keys[0], "X-API-Key", keys[1]);
            assertThat(r.status()).as(r.toString()).isEqualTo(400);
            assertThat(r.isProblem()).isTrue();
            assertThat(r.json().get("errors").get(0).get("field").stringValue()).isEqualTo("X-API-Key");
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ratings", Long.class)).isZero();
    }

    @Test
    void theRatingScaleIsConfigurable() {
        Response r = http.send("PUT", "/api/v1/users/a/ratings/i", "application/json", "{\"rating\": 9.5}".getBytes(),
                "X-API-Key", "s3cret-key");
        assertThat(r.status()).isIn(200, 201);
        Response over = http.send("PUT", "/api/v1/users/a/ratings/i", "application/json", "{\"rating\": 10.5}".getBytes(),
                "X-API-Key", "s3cret-key");
        assertThat(over.status()).isEqualTo(400);
        assertThat(over.json().get("errors").get(0).get("message").stringValue()).contains("10.0");
    }

    @Test
    void corsAllowsTheConfiguredOriginOnly() {
        Response preflight = http.send(HttpRequest.newBuilder(http.uri("/api/v1/ratings"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://shop.example").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type,x-api-key").build());
        assertThat(preflight.status()).isEqualTo(200);
        var allowed = java.net.http.HttpClient.newHttpClient();
        try {
            var get = allowed.send(HttpRequest.newBuilder(http.uri("/api/v1/stats")).header("Origin", "https://shop.example")
                            .header("X-API-Key", "s3cret-key").build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(get.headers().firstValue("Access-Control-Allow-Origin")).contains("https://shop.example");
            var evil = allowed.send(HttpRequest.newBuilder(http.uri("/api/v1/stats")).header("Origin", "https://evil.example").build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(evil.statusCode()).isEqualTo(403);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void bodiesOverTheLimitAre413WhetherTheLengthIsKnownOrNot() {
        String big = "[" + "{\"userId\":\"u\",\"itemId\":\"i\",\"rating\":3},".repeat(100) + "{}]";
        Response known = http.send("POST", "/api/v1/ratings/batch", "application/json", big.getBytes(), "X-API-Key", "s3cret-key");
        assertThat(known.status()).isEqualTo(413);
        assertThat(known.isProblem()).isTrue();

        Response chunked = http.send(HttpRequest.newBuilder(http.uri("/api/v1/ratings/batch"))
                .header("Content-Type", "application/json").header("X-API-Key", "s3cret-key")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes()))).build());
        assertThat(chunked.status()).isEqualTo(413);
        assertThat(chunked.isProblem()).isTrue();

        String csv = "u,i,3\n".repeat(1_000);
        Response importChunked = http.send(HttpRequest.newBuilder(http.uri("/api/v1/ratings/import"))
                .header("Content-Type", "text/csv").header("X-API-Key", "s3cret-key")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(csv.getBytes()))).build());
        assertThat(importChunked.status()).isEqualTo(413);
        assertThat(importChunked.isProblem()).isTrue();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ratings", Long.class)).isZero();
    }

    private static Path createTemp() {
        try {
            return java.nio.file.Files.createTempDirectory("latent-test-h2-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
