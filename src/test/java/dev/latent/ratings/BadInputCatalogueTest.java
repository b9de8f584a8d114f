package dev.latent.ratings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latent.TestHttp;
import dev.latent.TestHttp.Response;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Bad requests, each answered with a problem+json naming what is wrong, and none changing the store.
 * Every case starts from the same seeded store (alice and bob with two ratings).
 */
class BadInputCatalogueTest extends ApiTestSupport {

    /**
     * A bad request and what it must get: the status, and for validation errors the first error's
     * field / batch index / CSV line (null: not checked).
     */
    record Case(String name, String method, String path, String contentType, byte[] body, String[] headers,
                int status, String field, Integer index, Long line) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case c(String name, String method, String path, String contentType, String body, int status, String field) {
        return new Case(name, method, path, contentType, body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                new String[0], status, field, null, null);
    }

    static Case put(String name, String body, String field) {
        return c(name, "PUT", "/api/v1/users/alice/ratings/i9", "application/json", body, 400, field);
    }

    static Case batch(String name, String body, Integer index, String field) {
        return new Case(name, "POST", "/api/v1/ratings/batch", "application/json", body.getBytes(StandardCharsets.UTF_8),
                new String[0], 400, field, index, null);
    }

    static Case csv(String name, String body, long line, String field) {
        return new Case(name, "POST", "/api/v1/ratings/import", "text/csv", body.getBytes(StandardCharsets.UTF_8),
                new String[0], 400, field, null, line);
    }

    /**
     * Every case, built once per test JVM: the bodies (a 12 MB gzip bomb, 5 MB bodies, a 10,001-element batch)
     * took seconds to build, and both the count test and the parameterized test ask for them.
     */
    static Stream<Case> cases() {
        return Built.CASES.stream();
    }

    /** Built on first use (after every static field of the test class is set). */
    private static final class Built {
        static final List<Case> CASES = List.copyOf(build());
    }

    private static List<Case> build() {
        String good = "{\"userId\":\"carol\",\"itemId\":\"i1\",\"rating\":4}";
        List<Case> all = new ArrayList<>(List.of(
                put("rating above the scale", "{\"rating\": 7}", "rating"),
                put("rating below the scale", "{\"rating\": 0.4}", "rating"),
                put("negative rating", "{\"rating\": -1}", "rating"),
                put("rating as a string", "{\"rating\": \"4.5\"}", "rating"),
                put("rating null", "{\"rating\": null}", "rating"),
                put("rating missing", "{}", "rating"),
                put("rating overflowing to infinity", "{\"rating\": 1e400}", "rating"),
                put("rating NaN literal (not JSON)", "{\"rating\": NaN}", null),
                put("rating boolean", "{\"rating\": true}", "rating"),
                put("timestamp not a date", "{\"rating\": 4, \"timestamp\": \"yesterday\"}", "timestamp"),
                put("timestamp negative", "{\"rating\": 4, \"timestamp\": -5}", "timestamp"),
                put("timestamp fractional", "{\"rating\": 4, \"timestamp\": 1.5}", "timestamp"),
                put("timestamp in milliseconds (year > 9999)", "{\"rating\": 4, \"timestamp\": 1714564800000000}", "timestamp"),
                put("malformed JSON", "{\"rating\": 4.5", "body"),
                put("body is an array", "[4.5]", "body"),
                c("empty body", "PUT", "/api/v1/users/alice/ratings/i9", "application/json", "", 400, "body"),
                c("user id with a space", "PUT", "/api/v1/users/al%20ice/ratings/i9", "application/json", "{\"rating\":4}", 400, "userId"),
                c("user id of 129 characters", "PUT", "/api/v1/users/" + "a".repeat(129) + "/ratings/i9", "application/json", "{\"rating\":4}", 400, "userId"),
                c("item id with a dollar", "PUT", "/api/v1/users/alice/ratings/i%249", "application/json", "{\"rating\":4}", 400, "itemId"),
                c("item id with non-ASCII letters", "PUT", "/api/v1/users/alice/ratings/caf%C3%A9", "application/json", "{\"rating\":4}", 400, "itemId"),
                c("PUT as text/plain", "PUT", "/api/v1/users/alice/ratings/i9", "text/plain", "{\"rating\":4}", 415, null),
                c("POST without userId", "POST", "/api/v1/ratings", "application/json", "{\"itemId\":\"i1\",\"rating\":4}", 400, "userId"),
                c("POST with numeric userId", "POST", "/api/v1/ratings", "application/json", "{\"userId\":42,\"itemId\":\"i1\",\"rating\":4}", 400, "userId"),
                c("POST with empty itemId", "POST", "/api/v1/ratings", "application/json", "{\"userId\":\"u\",\"itemId\":\"\",\"rating\":4}", 400, "itemId"),
                batch("batch with one element out of scale", "[" + good + ",{\"userId\":\"carol\",\"itemId\":\"i2\",\"rating\":9}]", 1, "rating"),
                batch("batch with bad elements at 0 and 2", "[{\"userId\":\"a b\",\"itemId\":\"i1\",\"rating\":4}," + good
                        + ",{\"userId\":\"carol\",\"itemId\":\"i3\",\"rating\":4,\"timestamp\":\"soon\"}]", 0, "userId"),
                batch("batch with a null element", "[" + good + ",null]", 1, null),
                batch("batch with a number element", "[" + good + ",5]", 1, null),
                batch("batch that is an object", good, null, "body"),
                batch("batch of 10,001", tooBigBatch(), null, "body"),
                c("batch as application/xml", "POST", "/api/v1/ratings/batch", "application/xml", "<ratings/>", 415, null),
                c("batch body over 4 MB", "POST", "/api/v1/ratings/batch", "application/json",
                        "[" + (good + ",").repeat(110_000) + good + "]", 413, null),
                csv("import with a bad rating on line 3", "carol,i1,4\ncarol,i2,5\ncarol,i3,abc\n", 3, "rating"),
                csv("import with a rating out of scale", "carol,i1,4\ncarol,i2,5.5\n", 2, "rating"),
                csv("import with NaN", "carol,i1,NaN\n", 1, "rating"),
                csv("import with Infinity", "carol,i1,Infinity\n", 1, "rating"),
                csv("import with a Java float suffix", "carol,i1,4.5f\n", 1, "rating"),
                csv("import with two fields", "carol,i1,4\ncarol,i2\n", 2, "line"),
                csv("import with five fields", "carol,i1,4,1714564800,x\n", 1, "line"),
                csv("import with a bad user id", "carol,i1,4\nca rol,i2,4\n", 2, "userId"),
                csv("import with an empty item id", "carol,,4\n", 1, "itemId"),
                csv("import with a bad timestamp", "carol,i1,4,tomorrow\n", 1, "timestamp"),
                csv("import whose first line is not a header", "a,b,c\ncarol,i1,4\n", 1, "rating"),
                csv("import with an unterminated quote", "carol,i1,4\n\"carol,i2,4\n", 0, "body"),
                new Case("import claiming gzip but plain", "POST", "/api/v1/ratings/import", "text/csv",
                        "carol,i1,4\n".getBytes(), new String[] {"Content-Encoding", "gzip"}, 400, "body", null, null),
                new Case("import with Content-Encoding br", "POST", "/api/v1/ratings/import", "text/csv",
                        "carol,i1,4\n".getBytes(), new String[] {"Content-Encoding", "br"}, 415, null, null, null),
                c("import as application/json", "POST", "/api/v1/ratings/import", "application/json", "[]", 415, null),
                c("paging with size 0", "GET", "/api/v1/users/alice/ratings?size=0", null, null, 400, "size"),
                c("paging with page -1", "GET", "/api/v1/users/alice/ratings?page=-1", null, null, 400, "page"),
                c("paging with page abc", "GET", "/api/v1/users/alice/ratings?page=abc", null, null, 400, "page"),
                c("reading a bad user id", "GET", "/api/v1/users/a%20b/ratings", null, null, 400, "userId"),
                c("deleting an unknown user", "DELETE", "/api/v1/users/zoe", null, null, 404, null),
                c("deleting an unknown item", "DELETE", "/api/v1/items/nothing", null, null, 404, null),
                c("deleting a rating never made", "DELETE", "/api/v1/users/alice/ratings/i2", null, null, 404, null),
                c("unknown path", "GET", "/api/v1/nothing-here", null, null, 404, null),
                c("method not allowed", "DELETE", "/api/v1/stats", null, null, 405, null)));
        StringBuilder manyBad = new StringBuilder();
        for (int i = 0; i < 150; i++) {
            manyBad.append("carol,i").append(i).append(",9\n");
        }
        all.add(csv("import with 150 bad lines (first 100 named)", manyBad.toString(), 1, "rating"));
        all.addAll(generated());
        return all;
    }

    /** Ids the API refuses: empty, too long, and characters outside A-Z a-z 0-9 . _ : @ -. */
    static final String[] BAD_IDS = {"", " ", "a b", "a/b", "caf\u00e9", "a".repeat(129), "a$b", "a\"b", "a'b", "<x>",
            "a\tb", "a,b", "a;b", "a+b", "a%20b", "a#b", "a?b", "a\\b", "\u00e4", "\u0000", "a\nb", "\u65e5\u672c",
            "a*b", "(a)"};

    static String quoted(String s) {
        return TestHttp.JSON.writeValueAsString(s);
    }

    static Case withHeaders(String name, String method, String path, String contentType, byte[] body, int status,
                            String field, String... headers) {
        return new Case(name, method, path, contentType, body, headers, status, field, null, null);
    }

    /** The families of bad input, each over every path it can reach. */
    static List<Case> generated() {
        List<Case> all = new ArrayList<>();
        for (String id : BAD_IDS) {
            String q = quoted(id);
            String shown = id.length() > 12 ? id.length() + " characters" : q;
            all.add(c("POST with userId " + shown, "POST", "/api/v1/ratings", "application/json",
                    "{\"userId\":" + q + ",\"itemId\":\"i1\",\"rating\":4}", 400, "userId"));
            all.add(c("POST with itemId " + shown, "POST", "/api/v1/ratings", "application/json",
                    "{\"userId\":\"carol\",\"itemId\":" + q + ",\"rating\":4}", 400, "itemId"));
            all.add(batch("batch with itemId " + shown + " at 1", "[{\"userId\":\"carol\",\"itemId\":\"i1\",\"rating\":4},"
                    + "{\"userId\":\"carol\",\"itemId\":" + q + ",\"rating\":4}]", 1, "itemId"));
            if (!id.isBlank() && id.chars().noneMatch(ch -> ch == ',' || ch == '\t' || ch == '"' || ch == '\n')) {
                all.add(csv("import with user " + shown + " on line 2", "carol,i1,4\n" + id + ",i2,4\n", 2, "userId"));
            }
        }
        String[] badRatings = {"7", "0.4", "-1", "5.0001", "1e400", "-1e400", "\"4\"", "true", "null", "[]", "{}", "0"};
        for (String r : badRatings) {
            all.add(put("PUT rating " + r, "{\"rating\": " + r + "}", "rating"));
            all.add(c("POST rating " + r, "POST", "/api/v1/ratings", "application/json",
                    "{\"userId\":\"carol\",\"itemId\":\"i1\",\"rating\":" + r + "}", 400, "rating"));
            all.add(batch("batch rating " + r + " at 0", "[{\"userId\":\"carol\",\"itemId\":\"i1\",\"rating\":" + r
                    + "},{\"userId\":\"carol\",\"itemId\":\"i2\",\"rating\":4}]", 0, "rating"));
        }
        for (String r : new String[] {"abc", "9", "0", "-1", "0x1p2", "1e400", "\"\"", "4.5.5", "--4", "4e", "+", "Inf"}) {
            all.add(csv("import rating " + r, "carol,i1,3\ncarol,i2," + r + "\n", 2, "rating"));
        }
        for (String t : new String[] {"\"yesterday\"", "-5", "1.5", "1714564800000000", "\"2024-13-01T00:00:00Z\"",
                "\"2024-05-01\"", "true", "\"\"", "[1]", "{}"}) {
            all.add(put("PUT timestamp " + t, "{\"rating\": 4, \"timestamp\": " + t + "}", "timestamp"));
        }
        for (String t : new String[] {"tomorrow", "-5", "1.5", "99999999999999", "2024-13-01T00:00:00Z", "2024-05-01"}) {
            all.add(csv("import timestamp " + t, "carol,i1,4," + t + "\n", 1, "timestamp"));
        }
        String[] malformed = {"{\"rating\": 4.5", "{rating: 4}", "{'rating': 4}", "{\"rating\": 4,}", "{\"rating\": 04}",
                "{\"rating\": Infinity}", "\"4.5\"", "4.5", "null", "{\"rating\": 4} trailing", "{\"rating\": 4}{\"rating\": 5}",
                "[".repeat(2000) + "]".repeat(2000), "{\"rating\": 4, \"timestamp\": }", "\u00ff\u00fe", "{\"rating\": 4 // c\n}"};
        for (int i = 0; i < malformed.length; i++) {
            all.add(put("PUT malformed JSON #" + (i + 1), malformed[i], null));
        }
        all.add(put("PUT with a repeated key", "{\"rating\": 9, \"rating\": 4.5}", null));
        all.add(c("POST with a repeated key", "POST", "/api/v1/ratings", "application/json",
                "{\"userId\":\"carol\",\"userId\":\"dave\",\"itemId\":\"i1\",\"rating\":4}", 400, null));
        all.add(batch("batch element with a repeated key", "[{\"userId\":\"carol\",\"itemId\":\"i1\",\"rating\":4,\"rating\":5}]",
                null, null));
        String[][] writes = {{"PUT", "/api/v1/users/carol/ratings/i1", "application/json", "{\"rating\":4}"},
                {"POST", "/api/v1/ratings", "application/json", "{\"userId\":\"carol\",\"itemId\":\"i1\",\"rating\":4}"},
                {"POST", "/api/v1/ratings/batch", "application/json", "[{\"userId\":\"carol\",\"itemId\":\"i1\",\"rating\":4}]"},
                {"POST", "/api/v1/ratings/import", "text/csv", "carol,i1,4\n"}};
        for (String[] w : writes) {
            byte[] body = w[3].getBytes(StandardCharsets.UTF_8);
            for (String encoding : new String[] {"br", "deflate", "compress", "zstd", "gzip, br"}) {
                all.add(withHeaders(w[0] + " " + w[1] + " with Content-Encoding " + encoding, w[0], w[1], w[2], body,
                        415, null, "Content-Encoding", encoding));
            }
            all.add(withHeaders(w[0] + " " + w[1] + " claiming gzip over a plain body", w[0], w[1], w[2], body, 400,
                    "body", "Content-Encoding", "gzip"));
            byte[] gz = TestHttp.gzip(w[3].repeat(50));
            all.add(withHeaders(w[0] + " " + w[1] + " with truncated gzip", w[0], w[1], w[2],
                    java.util.Arrays.copyOf(gz, gz.length / 2), 400, "body", "Content-Encoding", "gzip"));
            all.add(withHeaders(w[0] + " " + w[1] + " as application/xml", w[0], w[1], "application/xml", body, 415, null));
        }
        all.add(withHeaders("JSON body decompressing past the body limit", "POST", "/api/v1/ratings/batch",
                "application/json", TestHttp.gzip("[" + " ".repeat(5 << 20) + "]"), 413, null, "Content-Encoding", "gzip"));
        StringBuilder bomb = new StringBuilder();
        for (int i = 0; i < 2_000_000; i++) {
            bomb.append("u,i,4\n");
        }
        all.add(withHeaders("import gzip bomb (ratio over 100)", "POST", "/api/v1/ratings/import", "text/csv",
                TestHttp.gzip(bomb.toString()), 413, null, "Content-Encoding", "gzip"));
        all.add(new Case("import with a 100,000-character line", "POST", "/api/v1/ratings/import", "text/csv",
                ("carol,i1,4\ncarol," + "i".repeat(100_000) + ",4\n").getBytes(StandardCharsets.UTF_8), new String[0],
                413, "line", null, 2L));
        all.add(new Case("import with a quote left open for 100,000 characters", "POST", "/api/v1/ratings/import",
                "text/csv", ("carol,i1,4\n\"carol,i2,4\n" + "dave,i3,4\n".repeat(10_000)).getBytes(StandardCharsets.UTF_8),
                new String[0], 413, "line", null, 2L));
        all.add(c("PUT of 5 MB to a rating (import limit does not apply)", "PUT", "/api/v1/users/alice/ratings/import",
                "application/json", "{\"rating\":4,\"x\":\"" + "a".repeat(5 << 20) + "\"}", 413, null));
        for (String q : new String[] {"size=1001", "size=-1", "size=abc", "page=2147483647", "page=1073741824&size=2",
                "page=99999999999"}) {
            all.add(c("ratings paging " + q, "GET", "/api/v1/users/alice/ratings?" + q, null, null, 400, null));
        }
        for (String q : new String[] {"page=-1", "size=0", "size=201", "page=2147483647", "page=x"}) {
            all.add(c("run paging " + q, "GET", "/api/v1/model/runs?" + q, null, null, 400, null));
        }
        all.add(c("encoded slash in a user id", "GET", "/api/v1/users/a%2Fb/ratings", null, null, 400, null));
        all.add(c("encoded NUL in a user id", "GET", "/api/v1/users/a%00b/ratings", null, null, 400, null));
        all.add(c("encoded slash in a PUT", "PUT", "/api/v1/users/a%2Fb/ratings/i1", "application/json", "{\"rating\":4}", 400, null));
        all.add(withHeaders("a 9 KB header", "GET", "/api/v1/stats", null, null, 400, null, "X-Padding", "p".repeat(9000)));
        for (String path : new String[] {"/api/v1/stats", "/api/v1/users/alice/ratings", "/actuator/health"}) {
            all.add(c("TRACE " + path, "TRACE", path, null, null, 405, null));
        }
        all.add(withHeaders("training asked for XML", "POST", "/api/v1/model/training", null, null, 406, null,
                "Accept", "application/xml"));
        all.add(withHeaders("ratings asked for HTML", "GET", "/api/v1/users/alice/ratings", null, null, 406, null,
                "Accept", "text/html"));
        all.add(withHeaders("PUT asking for XML", "PUT", "/api/v1/users/carol/ratings/i1", "application/json",
                "{\"rating\":4}".getBytes(StandardCharsets.UTF_8), 406, null, "Accept", "application/xml"));
        all.add(c("PATCH a rating", "PATCH", "/api/v1/users/alice/ratings/i1", "application/json", "{\"rating\":4}", 405, null));
        all.add(c("deleting a user with a bad id", "DELETE", "/api/v1/users/a%20b", null, null, 400, "userId"));
        all.add(c("deleting an item with a bad id", "DELETE", "/api/v1/items/a%24b", null, null, 400, "itemId"));
        all.add(csv("import with an empty body", "", 0, "body"));
        all.add(csv("import of a header line only", "user,item,rating\n", 0, "body"));
        all.add(csv("import of blank lines only", "\n\n\n", 0, "body"));
        all.add(c("a rating of an unknown user", "GET", "/api/v1/users/zoe/ratings/i1", null, null, 404, null));
        return all;
    }

    private static String tooBigBatch() {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < 10_001; i++) {
            b.append(i == 0 ? "" : ",").append("{\"userId\":\"u\",\"itemId\":\"i").append(i).append("\",\"rating\":3}");
        }
        return b.append(']').toString();
    }

    @org.junit.jupiter.api.Test
    void theCatalogueHoldsAtLeast200BadInputs() {
        assertThat(cases().count()).isGreaterThanOrEqualTo(200);
    }

    /**
     * The store as the last seeding left it (every row of it, {@link #dump()}), or null before the first: a case
     * that passes leaves the store exactly so, and the next case then starts from it without seeding again.
     */
    private static List<String> seeded;

    /** Not emptied here: the cases start from the seeded store ({@link #seededStore()}), the other tests empty it. */
    @Override
    @BeforeEach
    void emptyStore() {
        http = new TestHttp(port);
        events.all.clear();
    }

    /**
     * The seeded store (alice and bob with two ratings, and a deleted one), and its dump: seeded afresh (emptied,
     * imported, the rating deleted) unless every row already equals what the last seeding left, which is what a
     * passing case leaves behind. Seeding each of the ~300 cases took most of this class's CPU (two HTTP writes,
     * three deletes and their commits).
     */
    private List<String> seededStore() {
        List<String> now = dump();
        if (now.equals(seeded)) {
            return now;
        }
        empty();
        http.csv("alice,i1,4,1714564800\nbob,i1,2,1714564800\nalice,i2,5,1714564800\n");
        http.delete("/api/v1/users/alice/ratings/i2");
        seeded = dump();
        return seeded;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedWithAProblemAndChangesNothing(Case bad) {
        List<String> before = seededStore();

        Response r = http.send(bad.method(), bad.path(), bad.contentType(), bad.body(), bad.headers());

        assertThat(r.status()).as("never a server error: " + r).isLessThan(500);
        assertThat(r.status()).as(r.toString()).isEqualTo(bad.status());
        assertThat(r.isProblem()).as(r.toString()).isTrue();
        JsonNode problem = r.json();
        assertThat(problem.get("status").intValue()).isEqualTo(bad.status());
        assertThat(problem.get("title").stringValue()).isNotBlank();
        assertThat(problem.get("detail").stringValue()).isNotBlank();
        if (bad.status() == 400) {
            JsonNode errors = problem.get("errors");
            assertThat(errors).as(r.toString()).isNotNull();
            assertThat(errors.size()).isGreaterThan(0);
            JsonNode first = errors.get(0);
            assertThat(first.get("message").stringValue()).isNotBlank();
            if (bad.field() != null) {
                assertThat(first.get("field").stringValue()).as(r.toString()).isEqualTo(bad.field());
            }
            if (bad.index() != null) {
                assertThat(first.get("index").intValue()).as(r.toString()).isEqualTo(bad.index());
            }
            if (bad.line() != null && bad.line() > 0) {
                assertThat(first.get("line").longValue()).as(r.toString()).isEqualTo(bad.line());
            }
        }
        if (bad.status() == 413 && bad.line() != null) {
            assertThat(problem.get("errors").get(0).get("line").longValue()).as(r.toString()).isEqualTo(bad.line());
        }
        assertThat(dump()).as("the store is unchanged").isEqualTo(before);
    }

    @org.junit.jupiter.api.Test
    void aBatchNamesEveryBadIndexAndAnImportReportsTheFirstHundredLines() {
        empty();
        Response batch = http.json("POST", "/api/v1/ratings/batch", "[{\"userId\":\"a b\",\"itemId\":\"i1\",\"rating\":4},"
                + "{\"userId\":\"c\",\"itemId\":\"i1\",\"rating\":4},{\"userId\":\"c\",\"itemId\":\"i3\",\"rating\":4,\"timestamp\":\"soon\"}]");
        assertThat(batch.json().get("errors").toString()).contains("\"index\":0").contains("\"index\":2")
                .doesNotContain("\"index\":1");
        StringBuilder csv = new StringBuilder("ok,i0,3\n");
        for (int i = 1; i <= 150; i++) {
            csv.append("carol,i").append(i).append(",9\n");
        }
        JsonNode problem = http.csv(csv.toString()).json();
        assertThat(problem.get("errors").size()).isEqualTo(100);
        assertThat(problem.get("errors").get(0).get("line").longValue()).isEqualTo(2);
        assertThat(problem.get("errors").get(99).get("line").longValue()).isEqualTo(101);
        assertThat(problem.get("errorCount").longValue()).isEqualTo(150);
        assertThat(count("ratings")).isZero();
    }
}
