package dev.latent.serving;

import static dev.latent.serving.ServingTestClient.itemIds;
import static dev.latent.serving.ServingTestClient.rating;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latent.TestHttp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import dev.latent.catalog.CatalogView;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Business rules, paging and explanations over HTTP on the real server with a trained model: every rule
 * holds on every list from the moment the catalogue write answers, before any retraining.
 * 50 items; every tenth is in category "ten" (10 % of the catalogue), the rest in "rest"; every seventh is in
 * "seven" as well ({@link ListRuleCases#catalogueAndRate}). The rule cases of {@link ListRuleCases} run here over
 * every list endpoint with a model ({@link #LISTS}, which a test keeps equal to the OpenAPI document's paged
 * operations), on H2 and on PostgreSQL ({@link PostgresBusinessRulesTest}); {@link StoreRulesTest} runs them
 * before the first model.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BusinessRulesTest extends ListRuleCases {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path dataDir = Files.createTempDirectory("latent-rules-test");
        registry.add("latent.data-dir", dataDir::toString);
        registry.add("latent.training.scheduled", () -> "false");
        registry.add("latent.training.rank", () -> "8");
        registry.add("latent.training.ranking.rank", () -> "8");
    }

    @LocalServerPort
    int port;

    long modelVersion;

    @BeforeAll
    void catalogueRateAndTrain() {
        catalogueAndRate(port);
        modelVersion = client.train().get("modelVersion").asLong();
        // "late" rates after the training run: folded in at request time
        client.put("/users/late/ratings/i1", Map.of("rating", 5));
        client.put("/users/late/ratings/i8", Map.of("rating", 4));
        client.put("/users/late/ratings/i13", Map.of("rating", 2));
        assertThat(get("/users/late/recommendations").get("strategy").asString()).isEqualTo("folded-in");
        assertThat(get("/users/new-visitor/recommendations").get("strategy").asString()).isEqualTo("popular");
        assertThat(get("/users/u2/recommendations").get("strategy").asString()).isEqualTo("model");
    }

    @Test
    void aCategoryFilterRanksWithinTheCategoryAndNeverRunsShort() {
        JsonNode all = get("/users/u1/recommendations?limit=50&includeRated=true");
        List<String> ten = itemIds(get("/users/u1/recommendations?limit=50&includeRated=true&category=ten"));
        assertThat(ten).containsExactlyInAnyOrder("i0", "i10", "i20", "i30", "i40");
        List<String> expected = new ArrayList<>(itemIds(all));
        expected.retainAll(Set.of("i0", "i10", "i20", "i30", "i40"));
        assertThat(ten).as("the same ranking, restricted").isEqualTo(expected);
        List<String> both = itemIds(get("/users/u1/recommendations?limit=50&includeRated=true&category=ten&category=rest"));
        assertThat(both).hasSize(50);
        assertThat(itemIds(get("/items/popular?limit=50&category=ten"))).allMatch(id -> Integer.parseInt(id.substring(1)) % 10 == 0);
        assertThat(itemIds(get("/items/i1/similar?limit=50&category=ten"))).hasSize(5);
        assertThat(itemIds(get("/users/u1/recommendations?category=nothing"))).isEmpty();
    }

    @Test
    void hiddenAndUnavailableItemsLeaveEveryListAtOnce() {
        String top = itemIds(get("/users/u2/recommendations?limit=1")).get(0);
        String popular = itemIds(get("/items/popular?limit=1")).get(0);
        patch(top, "{\"hidden\":true}");
        patch(popular, "{\"availableFrom\":\"" + Instant.now().plusSeconds(3600) + "\"}");
        try {
            assertThat(get("/model").get("version").asLong()).as("no retraining").isEqualTo(modelVersion);
            for (String path : List.of("/users/u2/recommendations?limit=50", "/items/popular?limit=50",
                    "/items/i3/similar?limit=50", "/items/latest?limit=50",
                    "/users/u2/recommendations?limit=50&includeRated=true", "/users/new-visitor/recommendations?limit=50")) {
                assertThat(itemIds(get(path))).as(path).doesNotContain(top, popular);
            }
            ServingTestClient.Reply anon = client.post("/recommendations/anonymous",
                    Map.of("ratings", List.of(Map.of("itemId", "i5", "rating", 5)), "limit", 50));
            assertThat(itemIds(anon.body())).doesNotContain(top, popular).hasSize(47);
            patch(popular, "{\"availableFrom\":null,\"availableUntil\":\"" + Instant.now().minusSeconds(60) + "\"}");
            assertThat(itemIds(get("/items/popular?limit=50"))).doesNotContain(popular);
        } finally {
            patch(top, "{\"hidden\":false}");
            patch(popular, "{\"availableFrom\":null,\"availableUntil\":null}");
        }
        assertThat(itemIds(get("/users/u2/recommendations?limit=1"))).containsExactly(top);
        assertThat(itemIds(get("/items/popular?limit=1"))).containsExactly(popular);
    }

    @Test
    void offsetPagesThroughOneRanking() {
        for (String base : List.of("/users/u3/recommendations?", "/items/popular?", "/items/i4/similar?",
                "/users/u3/recommendations?category=rest&")) {
            JsonNode twenty = get(base + "limit=20");
            JsonNode page2 = get(base + "limit=10&offset=10");
            assertThat(itemIds(page2)).as(base).isEqualTo(itemIds(twenty).subList(10, 20));
        }
        assertThat(get("/users/u3/recommendations?limit=10&offset=10").get("modelVersion").asLong()).isEqualTo(modelVersion);
        ServingTestClient.Reply deep = client.get("/users/u3/recommendations?limit=10&offset=995");
        assertThat(deep.status()).isEqualTo(400);
        assertThat(deep.body().get("errors").get(0).get("field").asString()).isEqualTo("offset");
    }

    @Test
    void explanationsNameRatedItemsAndAddUpToTheScore() {
        client.put("/users/fresh/ratings/i1", Map.of("rating", 5));
        client.put("/users/fresh/ratings/i2", Map.of("rating", 4));
        client.put("/users/fresh/ratings/i7", Map.of("rating", 2));
        JsonNode rec = get("/users/fresh/recommendations?limit=5&explain=true");
        assertThat(rec.get("strategy").asString()).isEqualTo("folded-in");
        Set<String> rated = Set.of("i1", "i2", "i7");
        for (JsonNode item : rec.get("items")) {
            assertThat(item.get("because").size()).isEqualTo(3);
            Set<String> named = new HashSet<>();
            item.get("because").forEach(b -> named.add(b.get("itemId").asString()));
            assertThat(rated).containsAll(named);
            JsonNode e = get("/users/fresh/explanations/" + item.get("itemId").asString());
            double sum = 0;
            for (JsonNode b : e.get("because")) {
                sum += b.get("weight").asDouble();
            }
            assertThat(e.get("score").asDouble()).isCloseTo(item.get("score").asDouble(), org.assertj.core.data.Offset.offset(1e-5));
            assertThat(sum).as("HKV terms add up to the folded-in score")
                    .isCloseTo(e.get("score").asDouble(), org.assertj.core.data.Offset.offset(1e-3));
        }
        assertThat(get("/users/u4/recommendations?limit=3&explain=true").get("items").get(0).get("because").size()).isEqualTo(3);
        assertThat(get("/users/u4/recommendations?limit=3").get("items").get(0).has("because")).isFalse();
        assertThat(client.get("/users/u4/explanations/nope").status()).isEqualTo(404);
    }

    @Autowired
    RecommendationService service;
    @Autowired
    ScoreExplainer explainer;
    @Autowired
    dev.latent.model.ModelHolder holder;

    /**
     * A user of the model is explained from the ratings the model holds, without reading the store; the terms
     * are the ones computed from the store's ratings bit for bit (the path of a model stored without rating
     * values, formats before 4), and a folded-in user's explanation reuses the ratings its fold-in read.
     */
    @Test
    void aModelUsersExplanationFromTheModelEqualsTheOneFromTheStore() {
        dev.latent.model.ServedModel m = holder.current().orElseThrow();
        assertThat(m.rated().values()).as("a model trained here keeps its rating values").isNotNull();
        UserView own = service.view(m, "u30");
        assertThat(own.strategy()).isEqualTo(Strategy.MODEL);
        assertThat(own.ratedValues()).hasSize(own.ratedItems().length);
        UserView withoutValues = new UserView(own.strategy(), own.ratingBias(), own.ratingVector(),
                own.rankingVector(), own.ratedItems());
        int[] targets = new int[m.items().size()];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = i;
        }
        List<List<ScoreExplainer.Because>> fromModel = explainer.explain(m, "u30", own, targets, 50);
        List<List<ScoreExplainer.Because>> fromStore = explainer.explain(m, "u30", withoutValues, targets, 50);
        assertThat(fromModel).isEqualTo(fromStore);
        assertThat(fromModel.get(0)).hasSize(own.ratedItems().length);
        JsonNode e = get("/users/u30/explanations/i0?limit=50");
        for (int j = 0; j < e.get("because").size(); j++) {
            assertThat(e.get("because").get(j).get("itemId").asString()).isEqualTo(fromModel.get(0).get(j).itemId());
            assertThat(e.get("because").get(j).get("weight").floatValue()).isEqualTo(fromModel.get(0).get(j).weight());
        }

        client.put("/users/u31/ratings/i0", Map.of("rating", 5));
        UserView folded = service.view(m, "u31");
        assertThat(folded.strategy()).isEqualTo(Strategy.FOLDED_IN);
        assertThat(folded.ratedValues()).as("the fold-in keeps the ratings it read").isNotNull();
        UserView foldedWithoutValues = new UserView(folded.strategy(), folded.ratingBias(), folded.ratingVector(),
                folded.rankingVector(), folded.ratedItems());
        assertThat(explainer.explain(m, "u31", folded, targets, 50))
                .isEqualTo(explainer.explain(m, "u31", foldedWithoutValues, targets, 50));
    }

    @Test
    void latestItemsAndTrendingPopularity() {
        http.json("PUT", "/api/v1/items/new1", "{\"categories\":[\"fresh\"]}");
        http.json("PUT", "/api/v1/items/new2", "{\"categories\":[\"fresh\"],\"hidden\":true}");
        http.json("PUT", "/api/v1/items/new3", "{\"categories\":[\"other\"]}");
        assertThat(itemIds(get("/items/latest?limit=2"))).containsExactly("new3", "new1");
        assertThat(itemIds(get("/items/latest?limit=2&category=fresh"))).containsExactly("new1");
        assertThat(itemIds(get("/items/latest?limit=1&offset=1"))).containsExactly("new1");
        // all training ratings are stamped "now"; two old ones on new3 do not count in a 7-day window
        client.put("/users/old1/ratings/new3", Map.of("rating", 5, "timestamp", 1_000_000_000));
        client.put("/users/old2/ratings/new3", Map.of("rating", 5, "timestamp", 1_000_000_000));
        assertThat(itemIds(get("/items/popular?window=7d&limit=100"))).doesNotContain("new3").isNotEmpty();
        assertThat(itemIds(get("/items/popular?limit=100&window=1d"))).hasSizeGreaterThan(40);
        ServingTestClient.Reply bad = client.get("/items/popular?window=forever");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().get("errors").get(0).get("field").asString()).isEqualTo("window");
    }

    @Test
    void groupContextSimilarUsersAndSurprising() {
        ServingTestClient.Reply group = client.post("/recommendations/group",
                Map.of("userIds", List.of("u5", "u6", "u7"), "limit", 5));
        assertThat(group.status()).as(group.body().toString()).isEqualTo(200);
        assertThat(itemIds(group.body())).hasSize(5);
        assertThat(group.body().get("members")).hasSize(3);
        double mean = group.body().get("meanOverlap").asDouble();
        assertThat(mean).isBetween(0.0, 1.0);
        assertThat(group.body().get("minOverlap").asDouble()).isLessThanOrEqualTo(mean);
        ServingTestClient.Reply solo = client.post("/recommendations/group", Map.of("userIds", List.of("u5"), "limit", 5));
        assertThat(itemIds(solo.body())).as("a group of one gets the member's own list")
                .isEqualTo(itemIds(get("/users/u5/recommendations?limit=5")));
        assertThat(solo.body().get("meanOverlap").asDouble()).isEqualTo(1.0);
        ServingTestClient.Reply groupTen = client.post("/recommendations/group",
                Map.of("userIds", List.of("u5", "u6"), "limit", 50, "category", List.of("ten")));
        assertThat(itemIds(groupTen.body())).allMatch(id -> Integer.parseInt(id.substring(1)) % 10 == 0);
        assertThat(client.post("/recommendations/group", Map.of("userIds", List.of())).status()).isEqualTo(400);

        List<String> before = itemIds(get("/users/u8/recommendations?limit=5"));
        JsonNode profileBefore = get("/users/u8");
        JsonNode ratingsBefore = get("/users/u8/ratings?size=1000");
        assertThat(profileBefore.get("ratingCount").asLong()).isEqualTo(ratingsBefore.get("totalElements").asLong())
                .isPositive();
        ServingTestClient.Reply ctx = client.post("/users/u8/recommendations/context",
                Map.of("items", List.of(Map.of("itemId", before.get(0)), Map.of("itemId", before.get(1), "rating", 5)),
                        "limit", 5));
        assertThat(ctx.status()).as(ctx.body().toString()).isEqualTo(200);
        assertThat(ctx.body().get("strategy").asString()).isEqualTo("folded-in");
        assertThat(itemIds(ctx.body())).doesNotContain(before.get(0), before.get(1)).hasSize(5);
        assertThat(get("/users/u8")).as("the basket is not stored: same profile (rating count, times)")
                .isEqualTo(profileBefore);
        assertThat(get("/users/u8/ratings?size=1000")).as("the basket is not stored: same ratings").isEqualTo(ratingsBefore);
        for (String basketItem : before.subList(0, 2)) {
            assertThat(client.get("/users/u8/ratings/" + basketItem).status()).as("no stored rating of " + basketItem)
                    .isEqualTo(404);
        }
        JsonNode plainAfter = get("/users/u8/recommendations?limit=5");
        assertThat(plainAfter.get("strategy").asString()).as("still the model's own row, nothing to fold in")
                .isEqualTo("model");
        assertThat(itemIds(plainAfter)).as("the basket items are not rated items: the plain list still holds them")
                .isEqualTo(before);
        assertThat(client.post("/users/u8/recommendations/context",
                Map.of("items", List.of(Map.of("itemId", "i1", "rating", 99)))).status()).isEqualTo(400);

        JsonNode similar = get("/users/u9/similar?limit=5");
        assertThat(similar.get("users")).hasSize(5);
        assertThat(similar.get("users").get(0).get("userId").asString()).isNotEqualTo("u9");
        assertThat(similar.get("users").get(0).get("similarity").asDouble())
                .isGreaterThanOrEqualTo(similar.get("users").get(4).get("similarity").asDouble());

        JsonNode surprising = get("/users/u9/surprising?limit=3");
        Set<String> ratedByU9 = new HashSet<>();
        get("/users/u9/ratings?size=1000").get("ratings").forEach(r -> ratedByU9.add(r.get("itemId").asString()));
        assertThat(itemIds(surprising)).hasSize(3).allMatch(ratedByU9::contains);
        assertThat(surprising.get("items").get(0).get("score").asDouble())
                .isLessThanOrEqualTo(surprising.get("items").get(2).get("score").asDouble());
    }

    // ---- every list endpoint, for the rule cases of ListRuleCases ----

    static final String RECOMMEND = "GET /api/v1/users/{userId}/recommendations";
    static final String CONTEXT = "POST /api/v1/users/{userId}/recommendations/context";
    static final String POPULAR = "GET /api/v1/items/popular";

    /** Every list, with each of its strategies (model user, folded-in user, cold start) where it has several. */
    static final List<ListEndpoint> LISTS = List.of(
            getList("recommendations, model user", RECOMMEND, "/users/u2/recommendations"),
            getList("recommendations, model user, includeRated", RECOMMEND, "/users/u2/recommendations?includeRated=true"),
            getList("recommendations, model user, explain", RECOMMEND, "/users/u2/recommendations?explain=true"),
            getList("recommendations, folded-in user", RECOMMEND, "/users/late/recommendations"),
            getList("recommendations, folded-in user, explain", RECOMMEND, "/users/late/recommendations?explain=true"),
            getList("recommendations, cold start", RECOMMEND, "/users/new-visitor/recommendations"),
            postList("anonymous", "POST /api/v1/recommendations/anonymous", "/recommendations/anonymous",
                    Map.of("ratings", List.of(Map.of("itemId", "i5", "rating", 5), Map.of("itemId", "i6", "rating", 4)))),
            getList("similar items", "GET /api/v1/items/{itemId}/similar", "/items/i3/similar"),
            getList("popular", POPULAR, "/items/popular"),
            getList("popular, window=7d", POPULAR, "/items/popular?window=7d"),
            postList("group", "POST /api/v1/recommendations/group", "/recommendations/group",
                    Map.of("userIds", List.of("u5", "u6"))),
            postList("context, model user", CONTEXT, "/users/u8/recommendations/context",
                    Map.of("items", List.of(Map.of("itemId", "i9"), Map.of("itemId", "i11", "rating", 4)))),
            postList("context, user without ratings", CONTEXT, "/users/basket-only/recommendations/context",
                    Map.of("items", List.of(Map.of("itemId", "i9"), Map.of("itemId", "i11", "rating", 4)))),
            getList("latest", "GET /api/v1/items/latest", "/items/latest"));

    @Override
    List<ListEndpoint> lists() {
        return LISTS;
    }

    @Override
    void assertServedModelUnchanged() {
        assertThat(get("/model").get("version").asLong()).as("no retraining").isEqualTo(modelVersion);
    }

    /** A list cannot skip the rules: every operation of the API that pages (takes offset) is one of {@link #LISTS}. */
    @Test
    void theRuleCasesCoverEveryPagedOperation() {
        JsonNode doc = http.get("/v3/api-docs").json();
        Set<String> paged = new java.util.TreeSet<>();
        doc.get("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            boolean offset = false;
            if (op.getValue().has("parameters")) {
                for (JsonNode parameter : op.getValue().get("parameters")) {
                    offset |= parameter.get("name").asString().equals("offset");
                }
            }
            JsonNode schema = op.getValue().path("requestBody").path("content").path("application/json").path("schema");
            if (schema.has("$ref")) {
                String name = schema.get("$ref").asString().substring("#/components/schemas/".length());
                offset |= doc.get("components").get("schemas").get(name).path("properties").has("offset");
            }
            if (offset) {
                paged.add(op.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey());
            }
        }));
        assertThat(paged).hasSize(7);
        Set<String> covered = LISTS.stream().map(ListEndpoint::operation).collect(Collectors.toCollection(java.util.TreeSet::new));
        assertThat(covered).isEqualTo(paged);
    }

}
