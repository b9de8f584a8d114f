package dev.latent.ratings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latent.TestHttp;
import dev.latent.TestHttp.Response;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class RatingsApiTest extends ApiTestSupport {

    @Autowired
    RatingsChangeCounter counter;

    @Test
    void putCreatesThenReplacesAndTheLatestValueWins() {
        Response created = http.json("PUT", "/api/v1/users/alice/ratings/tt0133093", "{\"rating\": 4.5}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("rating").doubleValue()).isEqualTo(4.5);
        assertThat(created.json().get("userId").stringValue()).isEqualTo("alice");
        assertThat(created.json().get("itemId").stringValue()).isEqualTo("tt0133093");
        assertThat(created.json().get("timestamp").stringValue()).endsWith("Z");

        Response replaced = http.json("PUT", "/api/v1/users/alice/ratings/tt0133093",
                "{\"rating\": 2, \"timestamp\": \"2024-05-01T12:00:00Z\"}");
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.json().get("timestamp").stringValue()).isEqualTo("2024-05-01T12:00:00Z");

        Response again = http.json("PUT", "/api/v1/users/alice/ratings/tt0133093",
                "{\"rating\": 2, \"timestamp\": 1714564800}");
        assertThat(again.status()).isEqualTo(200);
        assertThat(count("ratings")).isEqualTo(1);
        JsonNode one = http.get("/api/v1/users/alice/ratings/tt0133093").json();
        assertThat(one.get("rating").doubleValue()).isEqualTo(2.0);
        assertThat(one.get("timestamp").stringValue()).isEqualTo("2024-05-01T12:00:00Z");
    }

    @Test
    void idsMayUseEveryAllowedCharacter() {
        String user = "a.B_9:x@y-z";
        String item = "X".repeat(128);
        assertThat(http.json("PUT", "/api/v1/users/" + user + "/ratings/" + item, "{\"rating\": 0.5}").status())
                .isEqualTo(201);
        assertThat(http.get("/api/v1/users/" + user + "/ratings/" + item).json().get("rating").doubleValue()).isEqualTo(0.5);
    }

    @Test
    void postIsTheSameUpsert() {
        Response created = http.json("POST", "/api/v1/ratings", "{\"userId\":\"bob\",\"itemId\":\"i1\",\"rating\":5}");
        assertThat(created.status()).isEqualTo(201);
        Response replaced = http.json("POST", "/api/v1/ratings", "{\"userId\":\"bob\",\"itemId\":\"i1\",\"rating\":3.5}");
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.json().get("rating").doubleValue()).isEqualTo(3.5);
    }

    @Test
    void batchIsAtomicAndCountsCreatedAndUpdated() {
        http.json("PUT", "/api/v1/users/alice/ratings/i1", "{\"rating\": 1}");
        Response r = http.json("POST", "/api/v1/ratings/batch", """
                [{"userId":"alice","itemId":"i1","rating":4},
                 {"userId":"alice","itemId":"i2","rating":3},
                 {"userId":"bob","itemId":"i1","rating":2.5,"timestamp":1714564800},
                 {"userId":"bob","itemId":"i1","rating":5}]""");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("received").intValue()).isEqualTo(4);
        assertThat(r.json().get("created").intValue()).isEqualTo(2);
        assertThat(r.json().get("updated").intValue()).isEqualTo(1);
        assertThat(http.get("/api/v1/users/bob/ratings/i1").json().get("rating").doubleValue())
                .as("the last element for a pair wins").isEqualTo(5.0);
        assertThat(http.get("/api/v1/users/alice/ratings/i1").json().get("rating").doubleValue()).isEqualTo(4.0);
    }

    @Test
    void batchOfTenThousandIsAccepted() {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < 10_000; i++) {
            body.append(i == 0 ? "" : ",").append("{\"userId\":\"u").append(i % 100).append("\",\"itemId\":\"i")
                    .append(i / 100).append("\",\"rating\":").append(1 + i % 5).append('}');
        }
        Response r = http.json("POST", "/api/v1/ratings/batch", body.append(']').toString());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("created").intValue()).isEqualTo(10_000);
        assertThat(count("ratings")).isEqualTo(10_000);
        assertThat(count("users")).isEqualTo(100);
    }

    @Test
    void importReadsCommaTabAndDoubleColonWithHeaderAndGzip() {
        Response comma = http.csv("userId,itemId,rating,timestamp\nu1,i1,4,1714564800\nu1,i2,3.5,2024-05-01T12:00:00Z\n\nu2,i1,1\n");
        assertThat(comma.status()).isEqualTo(200);
        assertThat(comma.json().get("imported").intValue()).isEqualTo(3);
        assertThat(comma.json().get("created").intValue()).isEqualTo(3);
        assertThat(comma.json().get("seconds").isNumber()).isTrue();

        Response tab = http.send("POST", "/api/v1/ratings/import", "text/tab-separated-values",
                "u1\ti1\t2\t1714564801\nu3\ti3\t5\n".getBytes());
        assertThat(tab.json().get("created").intValue()).isEqualTo(1);
        assertThat(tab.json().get("updated").intValue()).isEqualTo(1);

        Response colons = http.send("POST", "/api/v1/ratings/import", "text/plain",
                TestHttp.gzip("u4::i4::4.5::978300760\nu4::i4::3::978300761\n"), "Content-Encoding", "gzip");
        assertThat(colons.status()).isEqualTo(200);
        assertThat(colons.json().get("imported").intValue()).isEqualTo(2);
        assertThat(colons.json().get("created").intValue()).as("duplicates collapse: last line wins").isEqualTo(1);
        assertThat(http.get("/api/v1/users/u4/ratings/i4").json().get("rating").doubleValue()).isEqualTo(3.0);
        assertThat(http.get("/api/v1/users/u4/ratings/i4").json().get("timestamp").stringValue())
                .isEqualTo("2000-12-31T22:12:41Z");
        assertThat(count("ratings")).isEqualTo(5);
    }

    @Test
    void importOfGeneratedRatingsMatchesAnInMemoryModel() {
        Random random = new Random(7);
        java.util.Map<String, Float> expected = new java.util.HashMap<>();
        StringBuilder csv = new StringBuilder();
        for (int line = 0; line < 50_000; line++) {
            String u = "u" + random.nextInt(500);
            String i = "i" + random.nextInt(300);
            float rating = (1 + random.nextInt(10)) / 2f;
            csv.append(u).append(',').append(i).append(',').append(rating).append('\n');
            expected.put(u + " " + i, rating);
        }
        Response first = http.csv(csv.toString());
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("created").intValue()).isEqualTo(expected.size());
        assertThat(count("ratings")).isEqualTo(expected.size());
        Response second = http.csv(csv.toString());
        assertThat(second.json().get("updated").intValue()).isEqualTo(expected.size());
        assertThat(count("ratings")).isEqualTo(expected.size());
        jdbc.query("SELECT u.external_id, i.external_id, r.rating FROM ratings r JOIN users u ON u.user_key = r.user_key "
                + "JOIN items i ON i.item_key = r.item_key", rs -> {
            assertThat(rs.getFloat(3)).isEqualTo(expected.get(rs.getString(1) + " " + rs.getString(2)));
        });
    }

    @Test
    void aSecondImportOverTheSameUsersAndItemsCountsCreatedAndUpdatedExactly() {
        Random random = new Random(9);
        java.util.Map<String, Float> store = new java.util.HashMap<>();
        for (int round = 0; round < 2; round++) {
            java.util.Map<String, Float> sent = new java.util.LinkedHashMap<>();
            StringBuilder csv = new StringBuilder();
            for (int line = 0; line < 20_000; line++) {
                String pair = "u" + random.nextInt(200) + ",i" + random.nextInt(200);
                float rating = (1 + random.nextInt(10)) / 2f;
                csv.append(pair).append(',').append(rating).append('\n');
                sent.put(pair, rating);
            }
            long existing = sent.keySet().stream().filter(store::containsKey).count();
            JsonNode answer = http.csv(csv.toString()).json();
            assertThat(answer.get("updated").longValue()).isEqualTo(existing);
            assertThat(answer.get("created").longValue()).isEqualTo(sent.size() - existing);
            store.putAll(sent);
        }
        assertThat(count("ratings")).isEqualTo(store.size());
        jdbc.query("SELECT u.external_id, i.external_id, r.rating FROM ratings r JOIN users u ON u.user_key = r.user_key "
                + "JOIN items i ON i.item_key = r.item_key", rs -> {
            assertThat(rs.getFloat(3)).isEqualTo(store.get(rs.getString(1) + "," + rs.getString(2)));
        });
    }

    @Test
    void userRatingsArePagedNewestFirst() {
        for (int i = 0; i < 5; i++) {
            http.json("PUT", "/api/v1/users/carol/ratings/i" + i, "{\"rating\": 3, \"timestamp\": " + (1_700_000_000 + i) + "}");
        }
        JsonNode page0 = http.get("/api/v1/users/carol/ratings?page=0&size=2").json();
        assertThat(page0.get("totalElements").longValue()).isEqualTo(5);
        assertThat(page0.get("totalPages").intValue()).isEqualTo(3);
        assertThat(page0.get("ratings").get(0).get("itemId").stringValue()).isEqualTo("i4");
        assertThat(page0.get("ratings").get(1).get("itemId").stringValue()).isEqualTo("i3");
        JsonNode page2 = http.get("/api/v1/users/carol/ratings?page=2&size=2").json();
        assertThat(page2.get("ratings").size()).isEqualTo(1);
        assertThat(page2.get("ratings").get(0).get("itemId").stringValue()).isEqualTo("i0");
        assertThat(http.get("/api/v1/users/nobody/ratings").status()).isEqualTo(404);
    }

    @Test
    void concurrentFirstRatingsOfTheSameNewUserAndItemAllLand() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            java.util.List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
            for (int t = 0; t < 64; t++) {
                int n = t;
                results.add(pool.submit(() -> http.json("PUT", "/api/v1/users/crowd" + (n % 4) + "/ratings/hot" + (n % 8),
                        "{\"rating\": 3}").status()));
            }
            for (var f : results) {
                assertThat(f.get()).isIn(200, 201);
            }
        } finally {
            pool.shutdown();
        }
        assertThat(count("ratings")).isEqualTo(8);
        assertThat(count("users")).isEqualTo(4);
    }

    @Test
    void concurrentBatchesOverTheSameNewUsersInDifferentOrdersAllLand() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<Response>> results = new java.util.ArrayList<>();
            for (int t = 0; t < 12; t++) {
                java.util.List<String> elements = new java.util.ArrayList<>();
                for (int u = 0; u < 60; u++) {
                    elements.add("{\"userId\":\"p" + u + "\",\"itemId\":\"q" + (u % 7) + "\",\"rating\":" + (1 + t % 5) + "}");
                }
                java.util.Collections.shuffle(elements, new Random(t));
                String body = "[" + String.join(",", elements) + "]";
                results.add(pool.submit(() -> http.json("POST", "/api/v1/ratings/batch", body)));
            }
            for (var f : results) {
                assertThat(f.get().status()).as(f.get().toString()).isEqualTo(200);
            }
        } finally {
            pool.shutdown();
        }
        assertThat(count("ratings")).isEqualTo(60);
        assertThat(count("users")).isEqualTo(60);
        assertThat(count("items")).isEqualTo(7);
    }

    @Test
    void oneRatingIsFoundOrNot() {
        http.json("PUT", "/api/v1/users/dave/ratings/i1", "{\"rating\": 3}");
        assertThat(http.get("/api/v1/users/dave/ratings/i1").status()).isEqualTo(200);
        Response missing = http.get("/api/v1/users/dave/ratings/i2");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.isProblem()).isTrue();
        assertThat(http.get("/api/v1/users/erin/ratings/i1").status()).isEqualTo(404);
    }

    @Test
    void deletesRemoveARatingAUserAndAnItemAndPublishEventsAfterCommit() {
        http.csv("u1,i1,4\nu1,i2,3\nu2,i1,5\nu2,i2,2\nu3,i3,1\n");
        long before = counter.current();
        events.all.clear();

        assertThat(http.delete("/api/v1/users/u3/ratings/i3").status()).isEqualTo(204);
        assertThat(http.delete("/api/v1/users/u3/ratings/i3").status()).isEqualTo(404);
        assertThat(http.delete("/api/v1/users/u1").status()).isEqualTo(204);
        assertThat(http.delete("/api/v1/users/u1").status()).isEqualTo(404);
        assertThat(http.get("/api/v1/users/u1/ratings").status()).isEqualTo(404);
        assertThat(http.delete("/api/v1/items/i1").status()).isEqualTo(204);
        assertThat(http.delete("/api/v1/items/i1").status()).isEqualTo(404);

        assertThat(dump()).filteredOn(s -> s.startsWith("rating")).hasSize(1);
        assertThat(count("users")).isEqualTo(2);
        assertThat(count("items")).isEqualTo(2);
        assertThat(events.all).containsExactly(new RatingsChanged(Set.of("u3"), false), new UserDeleted("u1"),
                new ItemDeleted("i1"));
        assertThat(counter.current()).isEqualTo(before + 3);
        assertThat(counter.changedSince(before)).isTrue();
    }

    @Test
    void writesPublishRatingsChangedWithTheirUsers() {
        http.json("PUT", "/api/v1/users/alice/ratings/i1", "{\"rating\": 4}");
        http.json("POST", "/api/v1/ratings/batch", "[{\"userId\":\"bob\",\"itemId\":\"i1\",\"rating\":2},"
                + "{\"userId\":\"carol\",\"itemId\":\"i1\",\"rating\":2}]");
        http.csv("dave,i9,3\n");
        http.json("PUT", "/api/v1/users/alice/ratings/i1", "{\"rating\": 9}"); // refused: no event
        assertThat(events.all).containsExactly(new RatingsChanged(Set.of("alice"), false),
                new RatingsChanged(Set.of("bob", "carol"), true), new RatingsChanged(Set.of("dave"), true));
    }

    @Test
    void statsCountUsersItemsRatingsAndTheHistogram() {
        JsonNode empty = http.get("/api/v1/stats").json();
        assertThat(empty.get("ratings").longValue()).isZero();
        assertThat(empty.get("newestRating").isNull()).isTrue();
        http.csv("u1,i1,4,1714564800\nu1,i2,4.5,1714564900\nu2,i1,1\n");
        jdbc.update("UPDATE ratings SET ts = 1000 WHERE rating = 1");
        JsonNode stats = http.get("/api/v1/stats").json();
        assertThat(stats.get("users").longValue()).isEqualTo(2);
        assertThat(stats.get("items").longValue()).isEqualTo(2);
        assertThat(stats.get("ratings").longValue()).isEqualTo(3);
        assertThat(stats.get("density").doubleValue()).isEqualTo(0.75);
        assertThat(stats.get("newestRating").stringValue()).isEqualTo("2024-05-01T12:01:40Z");
        assertThat(stats.get("histogram").toString())
                .isEqualTo("[{\"from\":1.0,\"count\":1},{\"from\":4.0,\"count\":1},{\"from\":4.5,\"count\":1}]");
    }

    @Test
    void statsCountRatingsPerDayFromTheOldestDayToTheNewest() {
        long day = 19_844; // 2024-05-01 in epoch days
        http.csv("u1,i1,4," + (day * 86_400 + 60) + "\nu1,i2,3," + (day * 86_400 + 86_399) + "\nu2,i1,5,"
                + ((day + 3) * 86_400 + 5) + "\n");
        JsonNode timeline = http.get("/api/v1/stats").json().get("ratingsOverTime");
        assertThat(timeline.get("from").stringValue()).isEqualTo("2024-05-01T00:00:00Z");
        assertThat(timeline.get("bucketDays").intValue()).isEqualTo(1);
        assertThat(timeline.get("counts").toString()).isEqualTo("[2,0,0,1]");

        // ten years of history: buckets widen so that there are never more than 366
        http.csv("u3,i3,2," + ((day - 3650) * 86_400) + "\n");
        timeline = http.get("/api/v1/stats").json().get("ratingsOverTime");
        int bucketDays = timeline.get("bucketDays").intValue();
        assertThat(bucketDays).isEqualTo(10); // ceil(3654 days / 366)
        assertThat(timeline.get("counts").size()).isLessThanOrEqualTo(366);
        assertThat(timeline.get("counts").get(0).longValue()).isEqualTo(1);
        long total = 0;
        for (JsonNode c : timeline.get("counts")) {
            total += c.longValue();
        }
        assertThat(total).isEqualTo(4);
        assertThat(timeline.get("from").stringValue()).isEqualTo(java.time.Instant.ofEpochSecond((day - 3650) * 86_400).toString());
    }

    @Test
    void statsOfAnEmptyStoreHaveAnEmptyTimeline() {
        http.csv("u1,i1,4\n");
        http.delete("/api/v1/users/u1");
        JsonNode timeline = http.get("/api/v1/stats").json().get("ratingsOverTime");
        assertThat(timeline.get("from").isNull()).isTrue();
        assertThat(timeline.get("counts").size()).isZero();
    }

    @Test
    void userRatingsSortedByRatingComeHighestFirstThenNewest() {
        http.csv("carol,a,3,100\ncarol,b,5,200\ncarol,c,4,300\ncarol,d,5,400\n");
        JsonNode top = http.get("/api/v1/users/carol/ratings?size=3&sort=rating").json();
        assertThat(top.get("ratings").findValuesAsString("itemId")).containsExactly("d", "b", "c");
        assertThat(top.get("totalElements").longValue()).isEqualTo(4);
        Response bad = http.get("/api/v1/users/carol/ratings?sort=best");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").get(0).get("field").stringValue()).isEqualTo("sort");
    }

    @Test
    void operationsEndpointsAndSwaggerAreServed() {
        assertThat(http.get("/actuator/health").status()).isEqualTo(200);
        assertThat(http.get("/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(http.get("/actuator/health/readiness").status()).isEqualTo(200);
        assertThat(http.get("/actuator/info").status()).isEqualTo(200);
        http.json("PUT", "/api/v1/users/alice/ratings/i1", "{\"rating\": 4}");
        http.json("PUT", "/api/v1/users/alice/ratings/i1", "{\"rating\": 40}");
        String metrics = http.get("/actuator/prometheus").body();
        assertThat(metrics).contains("latent_ratings_accepted_total{path=\"put\"}");
        assertThat(metrics).contains("latent_ratings_rejected_total{path=\"put\"}");
        JsonNode api = http.get("/v3/api-docs").json();
        assertThat(api.get("paths").has("/api/v1/ratings/import")).isTrue();
        assertThat(api.get("components").get("schemas").has("Problem")).isTrue();
        assertThat(api.get("paths").get("/api/v1/ratings/batch").get("post").get("responses").has("400")).isTrue();
        assertThat(http.get("/swagger-ui.html").status()).isIn(200, 302);
        assertThat(http.get("/swagger-ui/index.html").status()).isEqualTo(200);
    }
}
