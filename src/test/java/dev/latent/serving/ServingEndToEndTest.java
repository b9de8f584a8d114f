package dev.latent.serving;

import static dev.latent.serving.ServingTestClient.itemIds;
import static dev.latent.serving.ServingTestClient.rating;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The whole path over HTTP on the real server: planted structure in, a trained model out, and every change
 * visible at once. Two groups of users like two disjoint groups of items; the model must find the groups.
 * The tests share one trained model but run in any order: each changes only its own users and items (a third,
 * small group C is there to be deleted from), so no test sees another's changes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServingEndToEndTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        ServingTestClient.smallServer(registry, "latent-serving-test");
    }

    @LocalServerPort
    int port;

    /** Users of group C; the model describes 80 users of groups A and B and these. */
    static final int GROUP_C_USERS = 12;

    ServingTestClient client;
    Set<String> ratedByA0 = new HashSet<>();

    @BeforeAll
    void plantAndTrain() {
        client = new ServingTestClient(port);
        Random rnd = new Random(11);
        List<Map<String, Object>> ratings = new ArrayList<>();
        for (int g = 0; g < 2; g++) {
            String mine = g == 0 ? "A" : "B";
            String other = g == 0 ? "B" : "A";
            for (int u = 0; u < 40; u++) {
                String user = "user" + mine + u;
                for (int i = 0; i < 30; i++) {
                    if (rnd.nextDouble() < 0.45) {
                        ratings.add(rating(user, "item" + mine + i, 4 + rnd.nextInt(2)));
                        if (user.equals("userA0")) {
                            ratedByA0.add("itemA" + i);
                        }
                    }
                    if (rnd.nextDouble() < 0.08) {
                        ratings.add(rating(user, "item" + other + i, 1 + rnd.nextInt(2)));
                        if (user.equals("userA0")) {
                            ratedByA0.add("itemB" + i);
                        }
                    }
                }
            }
        }
        // Group C, for the test that deletes an item: its items are no other test's business.
        Random rndC = new Random(12);
        for (int u = 0; u < GROUP_C_USERS; u++) {
            for (int i = 0; i < 12; i++) {
                if (rndC.nextDouble() < 0.5) {
                    ratings.add(rating("userC" + u, "itemC" + i, 4 + rndC.nextInt(2)));
                }
            }
        }
        client.batch(ratings);
        JsonNode run = client.train();
        assertEquals(ratings.size(), run.get("counts").get("ratings").asLong());
        assertTrue(run.get("metrics").has("heldOutRmse"), () -> "run reports held-out RMSE: " + run);
        assertTrue(run.get("metrics").has("ndcg@10"), () -> "run reports NDCG@10: " + run);
    }

    @Test
    void aGroupUserGetsTheirGroupsItemsNotTheOnesTheyRated() {
        JsonNode rec = client.get("/users/userA0/recommendations?limit=5").body();
        assertEquals("model", rec.get("strategy").asString());
        assertTrue(rec.get("modelVersion").asLong() >= 1);
        List<String> items = itemIds(rec);
        assertEquals(5, items.size());
        for (String item : items) {
            assertTrue(item.startsWith("itemA"), () -> "group A user got " + items);
            assertFalse(ratedByA0.contains(item), () -> "rated item recommended: " + item);
        }
        List<String> withRated = itemIds(client.get("/users/userA0/recommendations?limit=100&includeRated=true").body());
        assertTrue(withRated.containsAll(ratedByA0), "includeRated=true brings the rated items back");
    }

    @Test
    void excludeLeavesOutTheListedItems() {
        List<String> first = itemIds(client.get("/users/userB3/recommendations?limit=3").body());
        List<String> next = itemIds(client.get("/users/userB3/recommendations?limit=3&exclude="
                + String.join(",", first)).body());
        assertEquals(3, next.size());
        for (String item : next) {
            assertFalse(first.contains(item));
        }
    }

    @Test
    void predictionsStayWithinTheScaleAndFollowTheGroups() {
        double mine = 0;
        double other = 0;
        for (int i = 0; i < 30; i++) {
            JsonNode a = client.get("/users/userA5/predictions/itemA" + i).body();
            JsonNode b = client.get("/users/userA5/predictions/itemB" + i).body();
            for (JsonNode p : List.of(a, b)) {
                double r = p.get("rating").asDouble();
                assertTrue(r >= 0.5 && r <= 5.0, () -> "prediction out of scale: " + p);
                assertEquals("model", p.get("strategy").asString());
            }
            mine += a.get("rating").asDouble();
            other += b.get("rating").asDouble();
        }
        assertTrue(mine / 30 > other / 30 + 0.3, "own group predicted well above the other: " + mine / 30 + " vs " + other / 30);
        JsonNode batch = client.post("/users/userA5/predictions", Map.of("itemIds", List.of("itemA1", "itemB1", "nope"))).body();
        assertEquals(3, batch.size());
        assertTrue(batch.get(2).get("rating").isNull(), "an unknown item has no prediction");
        assertEquals(404, client.get("/users/userA5/predictions/nope").status());
    }

    @Test
    void similarItemsComeFromTheSameGroupAndPopularIsRankedByCount() {
        JsonNode similar = client.get("/items/itemB2/similar?limit=5").body();
        similar.get("items").forEach(n -> assertTrue(n.get("itemId").asString().startsWith("itemB"), similar::toString));
        assertEquals(404, client.get("/items/nothing/similar").status());
        JsonNode popular = client.get("/items/popular?limit=10").body();
        assertEquals(10, popular.get("items").size());
        double last = Double.MAX_VALUE;
        for (JsonNode n : popular.get("items")) {
            assertTrue(n.get("score").asDouble() <= last);
            last = n.get("score").asDouble();
        }
    }

    @Test
    void aNewUserWithoutRatingsGetsPopularAndWithRatingsIsFoldedIn() {
        JsonNode cold = client.get("/users/stranger/recommendations?limit=5").body();
        assertEquals("popular", cold.get("strategy").asString());
        assertEquals(itemIds(client.get("/items/popular?limit=5").body()), itemIds(cold));

        for (int i = 0; i < 6; i++) {
            assertEquals(201, client.put("/users/stranger/ratings/itemB" + i, Map.of("rating", 5)).status());
        }
        JsonNode warm = client.get("/users/stranger/recommendations?limit=5").body();
        assertEquals("folded-in", warm.get("strategy").asString());
        itemIds(warm).forEach(item -> assertTrue(item.startsWith("itemB"), () -> "folded-in user got " + itemIds(warm)));

        JsonNode anon = client.post("/recommendations/anonymous", Map.of("limit", 5, "ratings",
                List.of(Map.of("itemId", "itemA1", "rating", 5), Map.of("itemId", "itemA2", "rating", 4.5)))).body();
        assertEquals("folded-in", anon.get("strategy").asString());
        itemIds(anon).forEach(item -> assertTrue(item.startsWith("itemA") && !item.equals("itemA1")));
    }

    @Test
    void aModelUsersNewRatingsChangeTheirRecommendationsBeforeRetraining() {
        List<String> before = itemIds(client.get("/users/userA7/recommendations?limit=5").body());
        List<Map<String, Object>> flip = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            flip.add(rating("userA7", "itemB" + i, i < 12 ? 5 : 4.5));
        }
        client.batch(flip.subList(0, 12));
        JsonNode after = client.get("/users/userA7/recommendations?limit=5").body();
        assertEquals("folded-in", after.get("strategy").asString());
        assertNotEquals(before, itemIds(after));
        for (String item : itemIds(after)) {
            assertFalse(item.startsWith("itemB") && Integer.parseInt(item.substring(5)) < 12, "rated items stay out");
        }
    }

    @Test
    void aDeletedItemDisappearsFromEveryAnswerAtOnce() {
        String top = itemIds(client.get("/users/userC1/recommendations?limit=1").body()).get(0);
        assertTrue(top.startsWith("itemC"), () -> "group C user's top item is a group C item: " + top);
        assertEquals(204, client.delete("/items/" + top).status());
        assertFalse(itemIds(client.get("/users/userC1/recommendations?limit=100").body()).contains(top));
        assertFalse(itemIds(client.get("/items/popular?limit=100").body()).contains(top));
        assertFalse(itemIds(client.get("/items/itemA3/similar?limit=100").body()).contains(top));
        assertEquals(404, client.get("/users/userC1/predictions/" + top).status());
        assertEquals(404, client.get("/items/" + top + "/similar").status());
    }

    @Test
    void aDeletedUserIsForgottenAtOnce() {
        assertEquals("model", client.get("/users/userB9/recommendations").body().get("strategy").asString());
        assertEquals(204, client.delete("/users/userB9").status());
        assertEquals("popular", client.get("/users/userB9/recommendations").body().get("strategy").asString());
    }

    @Test
    void badLimitsAndIdsAre400AndTheModelIsDescribed() {
        assertEquals(400, client.get("/users/userA0/recommendations?limit=0").status());
        assertEquals(400, client.get("/users/userA0/recommendations?limit=1001").status());
        assertEquals(400, client.get("/items/popular?limit=-1").status());
        assertEquals(400, client.get("/users/bad%20id/recommendations").status());
        assertEquals(400, client.post("/users/userA0/predictions", Map.of("itemIds", List.of())).status());
        JsonNode model = client.get("/model").body();
        assertTrue(model.get("version").asLong() >= 1);
        assertEquals(80 + GROUP_C_USERS, model.get("users").asLong());
        assertTrue(model.get("metrics").get("heldOutRmse").asDouble() > 0);
        assertEquals(404, client.get("/model/training/987654").status());
        assertTrue(client.get("/model/runs").body().get("runs").size() >= 1);
    }
}
