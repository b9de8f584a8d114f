package dev.latent.serving;

import static dev.latent.serving.ServingTestClient.itemIds;
import static dev.latent.serving.ServingTestClient.rating;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latent.TestHttp;
import dev.latent.catalog.CatalogView;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The business rules of every list, written once: each case runs over every list endpoint a subclass names
 * ({@link #lists()}), against the real server its Spring context started. A hidden item, an item outside its
 * availability window, category=a&category=b, exclude= and offset= must behave the same on every list, from the
 * moment the catalogue write answers ({@link #assertServedModelUnchanged()}: no retraining in between).
 * The catalogue ({@link #catalogueAndRate}): 50 items; every tenth in "ten", the rest in "rest", every seventh
 * in "seven" as well; 60 users u0..u59 with about 15 ratings each.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ListRuleCases {

    /** The items in "ten" or "seven". */
    static final Set<String> TEN_OR_SEVEN = IntStream.range(0, 50).filter(i -> i % 10 == 0 || i % 7 == 0)
            .mapToObj(i -> "i" + i).collect(Collectors.toUnmodifiableSet());
    static final Set<String> TEN = IntStream.range(0, 50).filter(i -> i % 10 == 0)
            .mapToObj(i -> "i" + i).collect(Collectors.toUnmodifiableSet());

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    CatalogView view;

    ServingTestClient client;
    TestHttp http;

    /** The lists the cases run over (the {@code @MethodSource} of every case). */
    abstract List<ListEndpoint> lists();

    /** Asserts that what serves the lists did not change since the seeding (no retraining, or still no model). */
    abstract void assertServedModelUnchanged();

    /**
     * Empties the store (a fresh H2 directory is empty; PostgreSQL's schema keeps the last run's rows), then
     * writes the catalogue and the ratings over HTTP.
     */
    void catalogueAndRate(int port) {
        client = new ServingTestClient(port);
        http = new TestHttp(port);
        jdbc.update("DELETE FROM ratings");
        jdbc.update("DELETE FROM users");
        jdbc.update("DELETE FROM items");
        view.reloadAll();
        StringBuilder items = new StringBuilder("[");
        for (int i = 0; i < 50; i++) {
            items.append(i == 0 ? "" : ",").append("{\"itemId\":\"i").append(i).append("\",\"categories\":[\"")
                    .append(i % 10 == 0 ? "ten" : "rest").append(i % 7 == 0 ? "\",\"seven" : "")
                    .append("\"],\"labels\":{\"title\":\"Item ").append(i).append("\"}}");
        }
        assertThat(http.json("POST", "/api/v1/items/batch", items + "]").status()).isEqualTo(200);
        Random rnd = new Random(5);
        List<Map<String, Object>> ratings = new ArrayList<>();
        for (int u = 0; u < 60; u++) {
            for (int i = 0; i < 50; i++) {
                if (rnd.nextDouble() < 0.3) {
                    ratings.add(rating("u" + u, "i" + i, 1 + rnd.nextInt(5)));
                }
            }
        }
        client.batch(ratings);
    }

    JsonNode get(String path) {
        ServingTestClient.Reply r = client.get(path);
        assertThat(r.status()).as(path + " " + r.body()).isEqualTo(200);
        return r.body();
    }

    void patch(String itemId, String json) {
        TestHttp.Response r = http.send("PATCH", "/api/v1/items/" + itemId, "application/merge-patch+json",
                json.getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    /** The page's item ids, in order (200 required). */
    List<String> page(ListEndpoint list, Page p) {
        ServingTestClient.Reply r = list.call().apply(client, p);
        assertThat(r.status()).as(list + " " + p + ": " + r.body()).isEqualTo(200);
        return itemIds(r.body());
    }

    /** The rules of one page request: any of {@code category}, {@code exclude}, ranks offset .. offset+limit-1. */
    record Page(List<String> category, List<String> exclude, int offset, int limit) {
        static Page top(int limit) {
            return new Page(List.of(), List.of(), 0, limit);
        }

        Page category(String... c) {
            return new Page(List.of(c), exclude, offset, limit);
        }

        Page exclude(String... e) {
            return new Page(category, List.of(e), offset, limit);
        }

        Page at(int newOffset, int newLimit) {
            return new Page(category, exclude, newOffset, newLimit);
        }

        /** As query parameters: category repeated, exclude comma-separated. */
        String query() {
            StringBuilder q = new StringBuilder("limit=" + limit + "&offset=" + offset);
            category.forEach(c -> q.append("&category=").append(c));
            if (!exclude.isEmpty()) {
                q.append("&exclude=").append(String.join(",", exclude));
            }
            return q.toString();
        }

        /** As members of a JSON request body. */
        Map<String, Object> body(Map<String, Object> rest) {
            Map<String, Object> b = new LinkedHashMap<>(rest);
            b.put("limit", limit);
            b.put("offset", offset);
            if (!category.isEmpty()) {
                b.put("category", category);
            }
            if (!exclude.isEmpty()) {
                b.put("exclude", exclude);
            }
            return b;
        }
    }

    /**
     * One list endpoint of the API, asked for a page: {@code operation} is its method and path as the OpenAPI
     * document names it.
     */
    record ListEndpoint(String name, String operation, BiFunction<ServingTestClient, Page, ServingTestClient.Reply> call) {
        @Override
        public String toString() {
            return name;
        }
    }

    static ListEndpoint getList(String name, String operation, String pathAndQuery) {
        String sep = pathAndQuery.contains("?") ? "&" : "?";
        return new ListEndpoint(name, operation, (c, p) -> c.get(pathAndQuery + sep + p.query()));
    }

    static ListEndpoint postList(String name, String operation, String path, Map<String, Object> body) {
        return new ListEndpoint(name, operation, (c, p) -> c.post(path, p.body(body)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lists")
    void everyListDropsAHiddenItemAtOnceAndTakesItBackWhenShown(ListEndpoint list) {
        List<String> before = page(list, Page.top(10));
        assertThat(before).as("a full page to start from").hasSize(10);
        String top = before.get(0);
        patch(top, "{\"hidden\":true}");
        try {
            assertServedModelUnchanged();
            List<String> after = page(list, Page.top(10));
            assertThat(after).as("hidden: gone, the page still full, the rest in order").doesNotContain(top).hasSize(10)
                    .startsWith(before.subList(1, 10).toArray(new String[0]));
            assertThat(page(list, Page.top(200))).doesNotContain(top);
            assertThat(page(list, Page.top(200).category("ten", "seven", "rest"))).as("not even asked for by category")
                    .doesNotContain(top);
        } finally {
            patch(top, "{\"hidden\":false}");
        }
        assertThat(page(list, Page.top(10))).as("shown again: the same page").isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lists")
    void everyListKeepsOnlyItemsInsideTheirAvailabilityWindowAtOnce(ListEndpoint list) {
        List<String> before = page(list, Page.top(10));
        assertThat(before).hasSize(10);
        String notYet = before.get(0);
        String over = before.get(1);
        Instant now = Instant.now();
        patch(notYet, "{\"availableFrom\":\"" + now.plusSeconds(3600) + "\"}");
        patch(over, "{\"availableUntil\":\"" + now.minusSeconds(60) + "\"}");
        try {
            assertServedModelUnchanged();
            List<String> after = page(list, Page.top(10));
            assertThat(after).as("before its window and after its window: gone, the page still full")
                    .doesNotContain(notYet, over).hasSize(10).startsWith(before.subList(2, 10).toArray(new String[0]));
            assertThat(page(list, Page.top(200))).doesNotContain(notYet, over);
            patch(notYet, "{\"availableFrom\":\"" + now.minusSeconds(3600) + "\",\"availableUntil\":\""
                    + now.plusSeconds(3600) + "\"}");
            List<String> inside = page(list, Page.top(10));
            assertThat(inside.get(0)).as("inside its window: back in its place").isEqualTo(notYet);
            assertThat(inside).doesNotContain(over);
        } finally {
            patch(notYet, "{\"availableFrom\":null,\"availableUntil\":null}");
            patch(over, "{\"availableFrom\":null,\"availableUntil\":null}");
        }
        assertThat(page(list, Page.top(10))).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lists")
    void everyListKeepsItemsInAnyOfTheCategoriesInTheSameOrder(ListEndpoint list) {
        List<String> all = page(list, Page.top(200));
        List<String> tenOrSeven = page(list, Page.top(200).category("ten", "seven"));
        List<String> expected = all.stream().filter(TEN_OR_SEVEN::contains).toList();
        assertThat(tenOrSeven).as("the same ranking restricted to items in ten or seven").isNotEmpty()
                .isEqualTo(expected);
        assertThat(page(list, Page.top(200).category("seven", "ten"))).as("in any order").isEqualTo(expected);
        assertThat(page(list, Page.top(200).category("ten")))
                .isEqualTo(all.stream().filter(TEN::contains).toList());
        assertThat(page(list, Page.top(2).category("ten", "seven"))).as("filtered before the page is cut, never short")
                .isEqualTo(expected.subList(0, Math.min(2, expected.size())));
        assertThat(page(list, Page.top(200).category("ten", "seven", "rest"))).as("every catalogued category")
                .isEqualTo(all.stream().filter(id -> id.matches("i\\d+")).toList());
        assertThat(page(list, Page.top(10).category("nothing"))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lists")
    void everyListLeavesOutExcludedItemsAndKeepsTheRestInOrder(ListEndpoint list) {
        List<String> before = page(list, Page.top(12));
        assertThat(before).hasSize(12);
        List<String> rest = new ArrayList<>(before);
        rest.remove(before.get(2));
        rest.remove(before.get(0));
        List<String> after = page(list, Page.top(10).exclude(before.get(0), before.get(2)));
        assertThat(after).doesNotContain(before.get(0), before.get(2)).isEqualTo(rest);
        assertThat(page(list, Page.top(10).exclude("not-an-item"))).as("an unknown id excludes nothing")
                .isEqualTo(before.subList(0, 10));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lists")
    void everyListPagesThroughOneRankingUpToRank1000(ListEndpoint list) {
        List<String> twelve = page(list, Page.top(12));
        assertThat(twelve).hasSize(12);
        assertThat(page(list, Page.top(6))).isEqualTo(twelve.subList(0, 6));
        assertThat(page(list, Page.top(6).at(6, 6))).as("page 2 of limit=6 is ranks 7-12 of limit=12")
                .isEqualTo(twelve.subList(6, 12));
        assertThat(page(list, Page.top(5).at(3, 5))).isEqualTo(twelve.subList(3, 8));
        List<String> filtered = page(list, Page.top(4).category("ten", "seven"));
        if (filtered.size() == 4) {
            assertThat(page(list, Page.top(2).category("ten", "seven").at(2, 2))).as("pages under a category")
                    .isEqualTo(filtered.subList(2, 4));
        }
        List<String> all = page(list, Page.top(1000));
        assertThat(page(list, Page.top(10).at(all.size() - 3, 10))).as("the last page is the tail")
                .isEqualTo(all.subList(all.size() - 3, all.size()));
        assertThat(page(list, Page.top(10).at(990, 10))).as("offset + limit = 1000 is allowed").isEmpty();
        ServingTestClient.Reply deep = list.call().apply(client, Page.top(10).at(995, 10));
        assertThat(deep.status()).as(list + " " + deep.body()).isEqualTo(400);
        assertThat(deep.body().get("errors").get(0).get("field").asString()).isEqualTo("offset");
        ServingTestClient.Reply negative = list.call().apply(client, Page.top(10).at(-1, 10));
        assertThat(negative.status()).as(list + " " + negative.body()).isEqualTo(400);
        assertThat(negative.body().get("errors").get(0).get("field").asString()).isEqualTo("offset");
    }
}
