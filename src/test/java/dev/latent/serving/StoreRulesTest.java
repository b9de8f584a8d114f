package dev.latent.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The rule cases of {@link ListRuleCases} before the first model: the lists that answer then (strategy popular)
 * come from the store's rating counts, the catalogue rules a condition of its query. Group and context lists
 * need a model (404) and are covered by {@link BusinessRulesTest}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StoreRulesTest extends ListRuleCases {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        ServingTestClient.smallServer(registry, "latent-store-rules-test");
    }

    @LocalServerPort
    int port;

    static final String RECOMMEND = "GET /api/v1/users/{userId}/recommendations";
    static final String POPULAR = "GET /api/v1/items/popular";

    static final List<ListEndpoint> LISTS = List.of(
            getList("recommendations, user with ratings", RECOMMEND, "/users/u2/recommendations"),
            getList("recommendations, user with ratings, includeRated", RECOMMEND,
                    "/users/u2/recommendations?includeRated=true"),
            getList("recommendations, cold start", RECOMMEND, "/users/new-visitor/recommendations"),
            postList("anonymous", "POST /api/v1/recommendations/anonymous", "/recommendations/anonymous",
                    Map.of("ratings", List.of(Map.of("itemId", "i5", "rating", 5), Map.of("itemId", "i6", "rating", 4)))),
            getList("popular", POPULAR, "/items/popular"),
            getList("popular, window=7d", POPULAR, "/items/popular?window=7d"),
            getList("latest", "GET /api/v1/items/latest", "/items/latest"));

    @BeforeAll
    void catalogueAndRateWithoutTraining() {
        catalogueAndRate(port);
        assertServedModelUnchanged();
        for (String path : List.of("/users/u2/recommendations", "/users/new-visitor/recommendations")) {
            assertThat(get(path).get("strategy").asString()).as(path).isEqualTo("popular");
        }
    }

    @Override
    List<ListEndpoint> lists() {
        return LISTS;
    }

    @Override
    void assertServedModelUnchanged() {
        assertThat(client.get("/model").status()).as("still no model").isEqualTo(404);
        assertThat(get("/items/popular").get("modelVersion").isNull()).isTrue();
    }
}
