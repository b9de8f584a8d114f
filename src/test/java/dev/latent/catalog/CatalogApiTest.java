package dev.latent.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latent.TestHttp;
import dev.latent.TestHttp.Response;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The catalogue endpoints over HTTP against the real server on H2. */
class CatalogApiTest extends CatalogTestSupport {

    private Response put(String id, String body) {
        return http.json("PUT", "/api/v1/items/" + id, body);
    }

    @Test
    void putCreatesThenReplacesAndGetShowsTheEntry() {
        Response created = put("m1", "{\"categories\":[\"Sci-Fi\",\"Action\",\"Sci-Fi\"],\"labels\":{\"title\":\"Star Wars\","
                + "\"price\":9.5},\"availableFrom\":\"2024-01-01T00:00:00Z\",\"availableUntil\":1893456000}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode item = http.get("/api/v1/items/m1").json();
        assertThat(item.get("categories").toString()).isEqualTo("[\"Action\",\"Sci-Fi\"]");
        assertThat(item.get("labels").get("title").stringValue()).isEqualTo("Star Wars");
        assertThat(item.get("hidden").booleanValue()).isFalse();
        assertThat(item.get("availableFrom").stringValue()).isEqualTo("2024-01-01T00:00:00Z");
        assertThat(item.get("availableUntil").stringValue()).isEqualTo("2030-01-01T00:00:00Z");
        assertThat(item.get("ratingCount").longValue()).isZero();
        assertThat(item.has("meanRating")).isFalse();
        assertThat(item.has("catalogedAt")).isTrue();

        Response replaced = put("m1", "{\"categories\":[\"Drama\"],\"hidden\":true}");
        assertThat(replaced.status()).isEqualTo(200);
        JsonNode after = replaced.json();
        assertThat(after.get("categories").toString()).isEqualTo("[\"Drama\"]");
        assertThat(after.get("hidden").booleanValue()).isTrue();
        assertThat(after.has("labels")).as("PUT replaces whole").isFalse();
        assertThat(after.has("availableFrom")).isFalse();
        assertThat(after.get("catalogedAt")).isEqualTo(item.get("catalogedAt"));
        assertThat(jdbc.queryForObject("SELECT categories FROM items", String.class)).isEqualTo("Drama");
    }

    @Test
    void anItemMayExistBeforeRatingsAndIsTheSameRowAfterwards() {
        put("m1", "{\"categories\":[\"Comedy\"]}");
        http.json("PUT", "/api/v1/users/u1/ratings/m1", "{\"rating\":4}");
        http.json("PUT", "/api/v1/users/u2/ratings/m1", "{\"rating\":3}");
        assertThat(count("items")).isEqualTo(1);
        JsonNode item = http.get("/api/v1/items/m1").json();
        assertThat(item.get("ratingCount").longValue()).isEqualTo(2);
        assertThat(item.get("meanRating").doubleValue()).isEqualTo(3.5);
        assertThat(item.get("categories").toString()).isEqualTo("[\"Comedy\"]");

        http.json("PUT", "/api/v1/users/u1/ratings/r-only", "{\"rating\":4}");
        JsonNode ratedOnly = http.get("/api/v1/items/r-only").json();
        assertThat(ratedOnly.get("categories").size()).isZero();
        assertThat(ratedOnly.has("catalogedAt")).isFalse();
        assertThat(put("r-only", "{\"labels\":{\"title\":\"x\"}}").status()).as("the rated item exists").isEqualTo(200);
        assertThat(http.get("/api/v1/items/nope").status()).isEqualTo(404);
    }

    @Test
    void badEntriesAreRefusedByFieldAndNothingIsStored() {
        put("m1", "{\"categories\":[\"a\"]}");
        List<String> before = dump();
        StringBuilder many = new StringBuilder("[");
        for (int k = 0; k < 65; k++) {
            many.append(k == 0 ? "" : ",").append("\"c").append(k).append('"');
        }
        String big = "x".repeat(16_400);
        String[][] cases = {
                {"{\"categories\":" + many + "]}", "categories", "at most 64"},
                {"{\"categories\":[\"ok\",\"bad id\"]}", "categories[1]", dev.latent.web.Ids.MESSAGE + ", was bad id"},
                {"{\"categories\":\"Action\"}", "categories", "array"},
                {"{\"labels\":[1,2]}", "labels", "JSON object"},
                {"{\"labels\":{\"t\":\"" + big + "\"}}", "labels", "at most 16384 bytes"},
                {"{\"hiden\":true}", "hiden", "not a field"},
                {"{\"hidden\":\"yes\"}", "hidden", "true or false"},
                {"{\"availableFrom\":\"2025-01-01T00:00:00Z\",\"availableUntil\":\"2024-01-01T00:00:00Z\"}",
                        "availableUntil", "after availableFrom"},
                {"{\"availableFrom\":\"soon\"}", "availableFrom", "ISO-8601"},
                {"{\"itemId\":\"other\"}", "itemId", "must match"},
                {"[1]", null, "JSON object"},
        };
        for (String[] c : cases) {
            Response r = put("m1", c[0]);
            assertThat(r.status()).as(c[0]).isEqualTo(400);
            assertThat(r.isProblem()).isTrue();
            JsonNode error = r.json().get("errors").get(0);
            if (c[1] != null) {
                assertThat(error.get("field").stringValue()).as(c[0]).isEqualTo(c[1]);
            }
            assertThat(error.get("message").stringValue()).as(c[0]).contains(c[2]);
        }
        assertThat(put("bad%20id", "{}").status()).isEqualTo(400);
        assertThat(dump()).isEqualTo(before);
    }

    @Test
    void patchMergesIntoTheStoredEntry() {
        put("m1", "{\"categories\":[\"a\",\"b\"],\"labels\":{\"title\":\"T\",\"price\":3},\"availableFrom\":1700000000}");
        Response r = http.send("PATCH", "/api/v1/items/m1", "application/merge-patch+json",
                "{\"hidden\":true,\"labels\":{\"price\":null,\"image\":\"i.png\"},\"availableFrom\":null}"
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode item = r.json();
        assertThat(item.get("hidden").booleanValue()).isTrue();
        assertThat(item.get("labels").toString()).isEqualTo("{\"title\":\"T\",\"image\":\"i.png\"}");
        assertThat(item.get("categories").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(item.has("availableFrom")).isFalse();

        List<String> before = dump();
        Response bad = http.send("PATCH", "/api/v1/items/m1", "application/merge-patch+json",
                "{\"categories\":[\"ok\",\"no way\"]}".getBytes(StandardCharsets.UTF_8));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").get(0).get("field").stringValue()).isEqualTo("categories[1]");
        assertThat(dump()).isEqualTo(before);
        assertThat(http.send("PATCH", "/api/v1/items/none", "application/merge-patch+json",
                "{}".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(404);
    }

    @Test
    void listPagesByCursorWithCategoryAndHiddenFilters() {
        StringBuilder batch = new StringBuilder("[");
        for (int k = 0; k < 25; k++) {
            batch.append(k == 0 ? "" : ",").append("{\"itemId\":\"i").append(k < 10 ? "0" : "").append(k)
                    .append("\",\"categories\":[\"").append(k % 5 == 0 ? "five" : "other").append("\"],\"hidden\":")
                    .append(k % 2 == 1).append('}');
        }
        assertThat(http.json("POST", "/api/v1/items/batch", batch + "]").status()).isEqualTo(200);
        List<String> seen = new ArrayList<>();
        String cursor = "";
        int pages = 0;
        do {
            JsonNode page = http.get("/api/v1/items?size=10&cursor=" + cursor).json();
            page.get("items").forEach(i -> seen.add(i.get("itemId").stringValue()));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").stringValue();
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(25).doesNotHaveDuplicates();
        assertThat(ids(http.get("/api/v1/items?category=five").json())).containsExactly("i00", "i05", "i10", "i15", "i20");
        assertThat(ids(http.get("/api/v1/items?category=five&hidden=true").json())).containsExactly("i05", "i15");
        JsonNode first = http.get("/api/v1/items?category=five&size=2").json();
        assertThat(ids(first)).containsExactly("i00", "i05");
        assertThat(ids(http.get("/api/v1/items?category=five&size=2&cursor=" + first.get("nextCursor").stringValue())
                .json())).containsExactly("i10", "i15");
        assertThat(http.get("/api/v1/items?cursor=garbage").status()).isEqualTo(400);
        assertThat(http.get("/api/v1/items?size=0").json().get("errors").get(0).get("field").stringValue()).isEqualTo("size");
        assertThat(http.get("/api/v1/items?category=no%20way").status()).isEqualTo(400);
    }

    @Test
    void batchIsAtomicAndNamesEachBadIndex() {
        put("keep", "{\"labels\":{\"v\":1}}");
        List<String> before = dump();
        Response bad = http.json("POST", "/api/v1/items/batch", "[{\"itemId\":\"a\"},{\"categories\":[]},"
                + "{\"itemId\":\"keep\",\"labels\":{\"v\":2}},{\"itemId\":\"c\",\"hidden\":1}]");
        assertThat(bad.status()).isEqualTo(400);
        JsonNode errors = bad.json().get("errors");
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0).get("index").intValue()).isEqualTo(1);
        assertThat(errors.get(0).get("field").stringValue()).isEqualTo("itemId");
        assertThat(errors.get(1).get("index").intValue()).isEqualTo(3);
        assertThat(dump()).isEqualTo(before);

        Response ok = http.json("POST", "/api/v1/items/batch", "[{\"itemId\":\"a\",\"categories\":[\"x\"]},"
                + "{\"itemId\":\"keep\",\"labels\":{\"v\":2}},{\"itemId\":\"a\",\"categories\":[\"y\"]}]");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().get("received").intValue()).isEqualTo(3);
        assertThat(ok.json().get("created").intValue()).isEqualTo(1);
        assertThat(ok.json().get("updated").intValue()).isEqualTo(1);
        assertThat(http.get("/api/v1/items/a").json().get("categories").toString()).as("last wins").isEqualTo("[\"y\"]");

        StringBuilder tooMany = new StringBuilder("[");
        for (int k = 0; k <= 10_000; k++) {
            tooMany.append(k == 0 ? "" : ",").append("{\"itemId\":\"t").append(k).append("\"}");
        }
        Response large = http.json("POST", "/api/v1/items/batch", tooMany + "]");
        assertThat(large.status()).isEqualTo(400);
        assertThat(large.json().get("errors").get(0).get("message").stringValue()).contains("at most 10000");
    }

    @Test
    void importStreamsNdjsonAtomicallyWithLineNumbers() {
        put("keep", "{\"labels\":{\"v\":1}}");
        List<String> before = dump();
        // chunks of 3 (see CatalogTestSupport): lines 1-6 are written before line 8 turns out bad
        String bad = "{\"itemId\":\"a1\",\"categories\":[\"x\"]}\n{\"itemId\":\"a2\"}\n{\"itemId\":\"a3\"}\n"
                + "{\"itemId\":\"a4\"}\n{\"itemId\":\"keep\",\"labels\":{\"v\":2}}\n{\"itemId\":\"a6\"}\n\n"
                + "{\"itemId\":\"a8\",\"categories\":[\"bad id\"]}\n{not json\n{\"itemId\":\"a10\"}\n";
        Response r = ndjson(bad.getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        JsonNode errors = r.json().get("errors");
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0).get("line").longValue()).isEqualTo(8);
        assertThat(errors.get(0).get("field").stringValue()).isEqualTo("categories[0]");
        assertThat(errors.get(1).get("line").longValue()).isEqualTo(9);
        assertThat(errors.get(1).get("message").stringValue()).contains("not valid JSON");
        assertThat(dump()).as("written chunks rolled back").isEqualTo(before);
        assertThat(view.get("a1")).isNull();

        String good = "{\"itemId\":\"a1\",\"categories\":[\"x\",\"y\"],\"labels\":{\"title\":\"A\"}}\r\n"
                + "{\"itemId\":\"a2\"}\n{\"itemId\":\"a3\",\"hidden\":true}\n{\"itemId\":\"keep\",\"labels\":{\"v\":2}}\n"
                + "{\"itemId\":\"a5\"}";
        Response ok = http.send("POST", "/api/v1/items/import", "application/x-ndjson", TestHttp.gzip(good),
                "Content-Encoding", "gzip");
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        assertThat(ok.json().get("received").intValue()).isEqualTo(5);
        assertThat(ok.json().get("created").intValue()).isEqualTo(4);
        assertThat(ok.json().get("updated").intValue()).isEqualTo(1);
        assertThat(http.get("/api/v1/items/a1").json().get("labels").get("title").stringValue()).isEqualTo("A");
        assertThat(view.get("a3").hidden()).as("the rules view was reloaded").isTrue();
        assertThat(view.get("a1").categories()).containsExactly("x", "y");
    }

    @Test
    void importRefusesOverlongLinesEmptyBodiesAndBrokenGzip() {
        Response empty = ndjson("\n\n".getBytes(StandardCharsets.UTF_8));
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().get("errors").get(0).get("message").stringValue()).contains("no items");
        String huge = "{\"itemId\":\"h\",\"labels\":{\"t\":\"" + "x".repeat(70_000) + "\"}}\n{\"itemId\":\"ok\"}\n";
        Response tooLong = ndjson(huge.getBytes(StandardCharsets.UTF_8));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().get("errors").get(0).get("line").longValue()).isEqualTo(1);
        assertThat(tooLong.json().get("errors").get(0).get("message").stringValue()).contains("longer than 65536");
        Response gz = http.send("POST", "/api/v1/items/import", "application/x-ndjson",
                "not gzip at all".getBytes(StandardCharsets.UTF_8), "Content-Encoding", "gzip");
        assertThat(gz.status()).isEqualTo(400);
        assertThat(http.send("POST", "/api/v1/items/import", "text/csv", "a".getBytes(StandardCharsets.UTF_8))
                .status()).isEqualTo(415);
        assertThat(count("items")).isZero();
    }

    @Test
    void deleteRemovesTheCatalogueEntryForGood() {
        put("m1", "{\"categories\":[\"a\",\"b\"],\"hidden\":true}");
        http.json("PUT", "/api/v1/users/u1/ratings/m1", "{\"rating\":4}");
        assertThat(http.delete("/api/v1/items/m1").status()).isEqualTo(204);
        assertThat(http.get("/api/v1/items/m1").status()).isEqualTo(404);
        assertThat(count("items")).as("the row and its categories are gone").isZero();
        assertThat(view.get("m1")).isNull();
        assertThat(put("m1", "{}").status()).as("a new item").isEqualTo(201);
        assertThat(http.get("/api/v1/items/m1").json().get("ratingCount").longValue()).isZero();
    }

    @Test
    void userProfilesCarryLabelsAndRatingTimes() {
        assertThat(http.get("/api/v1/users/u1").status()).isEqualTo(404);
        Response created = http.json("PUT", "/api/v1/users/u1", "{\"labels\":{\"segment\":\"premium\"}}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("ratingCount").longValue()).isZero();
        http.json("PUT", "/api/v1/users/u1/ratings/a", "{\"rating\":4,\"timestamp\":1700000000}");
        http.json("PUT", "/api/v1/users/u1/ratings/b", "{\"rating\":4,\"timestamp\":1700000100}");
        JsonNode user = http.get("/api/v1/users/u1").json();
        assertThat(user.get("ratingCount").longValue()).isEqualTo(2);
        assertThat(user.get("firstRatingAt").stringValue()).isEqualTo("2023-11-14T22:13:20Z");
        assertThat(user.get("lastRatingAt").stringValue()).isEqualTo("2023-11-14T22:15:00Z");
        assertThat(user.get("labels").get("segment").stringValue()).isEqualTo("premium");
        assertThat(http.json("PUT", "/api/v1/users/u1", "{\"labels\":{\"segment\":\"basic\"}}").status()).isEqualTo(200);
        assertThat(http.get("/api/v1/users/u1").json().get("labels").get("segment").stringValue()).isEqualTo("basic");
        Response bad = http.json("PUT", "/api/v1/users/u1", "{\"labels\":\"x\",\"age\":3}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors")).hasSize(2);
        assertThat(http.delete("/api/v1/users/u1").status()).isEqualTo(204);
        assertThat(http.get("/api/v1/users/u1").status()).isEqualTo(404);
        assertThat(http.get("/api/v1/users/bad%20id").status()).isEqualTo(400);
    }

    private Response ndjson(byte[] body) {
        return http.send("POST", "/api/v1/items/import", "application/x-ndjson", body);
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(i -> ids.add(i.get("itemId").stringValue()));
        return ids;
    }
}
