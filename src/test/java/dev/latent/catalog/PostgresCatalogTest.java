package dev.latent.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latent.TestHttp;
import dev.latent.TestHttp.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;

/**
 * The catalogue on PostgreSQL, in a schema of its own (run by {@code ./mvnw verify -Ppostgres}): every case of
 * {@link CatalogApiTest} (PUT creating then replacing an entry, PATCH, the list's cursor, atomic batch and import,
 * DELETE, user profiles) and the ones below.
 */
@Tag("postgres")
@ActiveProfiles("postgres")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/test?reWriteBatchedInserts=true&currentSchema="
                + PostgresCatalogTest.SCHEMA,
        "spring.flyway.schemas=" + PostgresCatalogTest.SCHEMA,
        "latent.catalog.import-chunk=3", "latent.training.scheduled=false"})
class PostgresCatalogTest extends CatalogApiTest {

    static final String SCHEMA = "latent_catalog_it";

    @Test
    void putPatchGetAndListByCategory() {
        assertThat(http.json("PUT", "/api/v1/items/m1", "{\"categories\":[\"b\",\"a\"],\"labels\":{\"title\":\"T\"},"
                + "\"availableUntil\":\"2030-01-01T00:00:00Z\"}").status()).isEqualTo(201);
        assertThat(http.json("PUT", "/api/v1/items/m2", "{\"categories\":[\"b\"]}").status()).isEqualTo(201);
        http.json("PUT", "/api/v1/users/u1/ratings/m1", "{\"rating\":5}");
        Response patched = http.send("PATCH", "/api/v1/items/m1", "application/merge-patch+json",
                "{\"hidden\":true,\"labels\":{\"image\":\"x.png\"}}".getBytes(StandardCharsets.UTF_8));
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        JsonNode item = http.get("/api/v1/items/m1").json();
        assertThat(item.get("categories").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(item.get("labels").toString()).isEqualTo("{\"title\":\"T\",\"image\":\"x.png\"}");
        assertThat(item.get("hidden").booleanValue()).isTrue();
        assertThat(item.get("availableUntil").stringValue()).isEqualTo("2030-01-01T00:00:00Z");
        assertThat(item.get("ratingCount").longValue()).isEqualTo(1);
        assertThat(item.get("meanRating").doubleValue()).isEqualTo(5.0);
        assertThat(view.get("m1").hidden()).isTrue();
        JsonNode page = http.get("/api/v1/items?category=b&size=1").json();
        assertThat(page.get("items").get(0).get("itemId").stringValue()).isEqualTo("m1");
        JsonNode next = http.get("/api/v1/items?category=b&size=1&cursor=" + page.get("nextCursor").stringValue()).json();
        assertThat(next.get("items").get(0).get("itemId").stringValue()).isEqualTo("m2");
        assertThat(next.get("nextCursor").isNull()).isTrue();
        assertThat(http.delete("/api/v1/items/m1").status()).isEqualTo(204);
        assertThat(jdbc.queryForList("SELECT categories FROM items WHERE categories IS NOT NULL", String.class))
                .containsExactly("b");
    }

    @Test
    void badBatchAndBadImportStoreNothing() {
        http.json("PUT", "/api/v1/items/keep", "{\"labels\":{\"v\":1}}");
        List<String> before = dump();
        assertThat(http.json("POST", "/api/v1/items/batch", "[{\"itemId\":\"a\"},{\"itemId\":\"keep\",\"labels\":{\"v\":2}},"
                + "{\"itemId\":\"c\",\"categories\":[1]}]").status()).isEqualTo(400);
        assertThat(dump()).isEqualTo(before);
        String lines = "{\"itemId\":\"a1\",\"categories\":[\"x\"]}\n{\"itemId\":\"a2\"}\n{\"itemId\":\"keep\",\"labels\":{\"v\":2}}\n"
                + "{\"itemId\":\"a4\"}\n{\"itemId\":\"a5\",\"hidden\":\"no\"}\n";
        Response bad = http.send("POST", "/api/v1/items/import", "application/x-ndjson", TestHttp.gzip(lines),
                "Content-Encoding", "gzip");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").get(0).get("line").longValue()).isEqualTo(5);
        assertThat(dump()).isEqualTo(before);
        Response ok = http.send("POST", "/api/v1/items/import", "application/x-ndjson",
                TestHttp.gzip(lines.replace("\"no\"", "true")), "Content-Encoding", "gzip");
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        assertThat(ok.json().get("created").intValue()).isEqualTo(4);
        assertThat(ok.json().get("updated").intValue()).isEqualTo(1);
        assertThat(view.get("a5").hidden()).isTrue();
        Response good = http.json("POST", "/api/v1/items/batch", "[{\"itemId\":\"a1\",\"categories\":[\"y\",\"z\"]}]");
        assertThat(good.json().get("updated").intValue()).isEqualTo(1);
        assertThat(view.get("a1").categories()).containsExactlyInAnyOrder("y", "z");
    }

    @Test
    void userProfiles() {
        assertThat(http.json("PUT", "/api/v1/users/u1", "{\"labels\":{\"k\":\"v\"}}").status()).isEqualTo(201);
        http.json("PUT", "/api/v1/users/u1/ratings/a", "{\"rating\":4,\"timestamp\":1700000000}");
        JsonNode u = http.get("/api/v1/users/u1").json();
        assertThat(u.get("ratingCount").longValue()).isEqualTo(1);
        assertThat(u.get("lastRatingAt").stringValue()).isEqualTo("2023-11-14T22:13:20Z");
        assertThat(u.get("labels").get("k").stringValue()).isEqualTo("v");
    }
}
