package dev.latent.serving;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.latent.web.WebSlice;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * The web mapping of {@link ServingController} and {@link UserListsController} over a real, hand-built
 * {@link RecommendationService} ({@link ServingFixture}: a small model in memory, no store) and the real
 * {@link dev.latent.web.ProblemHandler}: the answer's JSON, parameter validation naming each field or index,
 * paging parameters, the 404s and content negotiation. End to end over HTTP: {@link ServingEndToEndTest},
 * {@link BusinessRulesTest}.
 */
@WebMvcTest({ServingController.class, UserListsController.class})
@Import({WebSlice.class, dev.latent.ratings.RatingRules.class, ServingControllerWebTest.Fixture.class})
class ServingControllerWebTest {

    static final String PROBLEM = "application/problem+json";

    @TestConfiguration(proxyBeanMethods = false)
    static class Fixture {
        @Bean
        ServingFixture servingFixture() {
            return new ServingFixture();
        }

        @Bean
        RecommendationService recommendationService(ServingFixture f) {
            return f.service;
        }

        @Bean
        ServingMetrics servingMetrics(ServingFixture f) {
            return f.metrics;
        }

        @Bean
        UserLists userLists(ServingFixture f) {
            return f.userLists();
        }
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    ServingFixture fixture;

    @BeforeEach
    void serveAModel() {
        fixture.holder.retire();
        fixture.serve(1);
    }

    private ResultActions problem(ResultActions r, int status, String field) throws Exception {
        return r.andExpect(status().is(status))
                .andExpect(content().contentTypeCompatibleWith(PROBLEM))
                .andExpect(jsonPath("$.status").value(status))
                .andExpect(jsonPath("$.errors[0].field").value(field));
    }

    @Test
    void recommendationsAreTheRankingOfTheServedModel() throws Exception {
        mvc.perform(get("/api/v1/users/u0/recommendations?limit=2&offset=1&exclude=i3"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.userId").value("u0"))
                .andExpect(jsonPath("$.modelVersion").value(1))
                .andExpect(jsonPath("$.strategy").value("model"))
                .andExpect(jsonPath("$.items.length()").value(2))
                .andExpect(jsonPath("$.items[0].itemId").value("i2"))
                .andExpect(jsonPath("$.items[1].itemId").value("i4"))
                .andExpect(jsonPath("$.items[0].because").doesNotExist());
        mvc.perform(get("/api/v1/users/newcomer/recommendations?limit=3"))
                .andExpect(jsonPath("$.strategy").value("popular"))
                .andExpect(jsonPath("$.items[*].itemId").value(org.hamcrest.Matchers.contains("i4", "i5", "i1")));
        mvc.perform(get("/api/v1/items/popular?limit=1&offset=1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].itemId").value("i5"));
        mvc.perform(get("/api/v1/items/i1/similar?limit=2"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.itemId").value("i1"))
                .andExpect(jsonPath("$.items.length()").value(2));
        mvc.perform(get("/api/v1/users/u0/predictions/i1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.rating").value(4.0))
                .andExpect(jsonPath("$.strategy").value("model"));
    }

    @Test
    void badParametersAre400NamingTheField() throws Exception {
        problem(mvc.perform(get("/api/v1/users/u0/recommendations?limit=0")), 400, "limit");
        problem(mvc.perform(get("/api/v1/users/u0/recommendations?limit=1001")), 400, "limit");
        problem(mvc.perform(get("/api/v1/users/u0/recommendations?offset=-1")), 400, "offset");
        problem(mvc.perform(get("/api/v1/users/u0/recommendations?offset=995&limit=10")), 400, "offset")
                .andExpect(jsonPath("$.errors[0].message").value("offset + limit must be at most 1000, was 1005"));
        problem(mvc.perform(get("/api/v1/users/u0/recommendations?limit=ten")), 400, "limit");
        problem(mvc.perform(get("/api/v1/users/a b/recommendations")), 400, "userId")
                .andExpect(jsonPath("$.errors[0].message").value(dev.latent.web.Ids.check("a b")));
        problem(mvc.perform(get("/api/v1/users/" + "u".repeat(129) + "/similar")), 400, "userId")
                .andExpect(jsonPath("$.errors[0].message").value(dev.latent.web.Ids.MESSAGE + ", was 129 characters"));
        problem(mvc.perform(get("/api/v1/items/popular?window=forever")), 400, "window");
        problem(mvc.perform(get("/api/v1/users/u0/similar?limit=0")), 400, "limit");
        mvc.perform(get("/api/v1/users/u0/recommendations?exclude=a%20b"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM));
    }

    @Test
    void bodiesAreValidatedNamingFieldAndIndex() throws Exception {
        problem(mvc.perform(post("/api/v1/recommendations/anonymous").contentType(MediaType.APPLICATION_JSON)
                .content("{\"ratings\": [{\"itemId\": \"i1\", \"rating\": 4}, {\"itemId\": \"i2\", \"rating\": 9}]}")),
                400, "rating")
                .andExpect(jsonPath("$.errors[0].index").value(1))
                .andExpect(jsonPath("$.errors[0].message").value("must be between 0.5 and 5.0, was 9.0"));
        problem(mvc.perform(post("/api/v1/users/u0/recommendations/context").contentType(MediaType.APPLICATION_JSON)
                .content("{\"items\": [{\"itemId\": \"i1\", \"rating\": 0.1}]}")), 400, "rating")
                .andExpect(jsonPath("$.errors[0].index").value(0))
                .andExpect(jsonPath("$.errors[0].message").value("must be between 0.5 and 5.0, was 0.1"));
        problem(mvc.perform(post("/api/v1/recommendations/group").contentType(MediaType.APPLICATION_JSON)
                .content("{\"userIds\": []}")), 400, "userIds");
        problem(mvc.perform(post("/api/v1/users/u0/predictions").contentType(MediaType.APPLICATION_JSON)
                .content("{\"itemIds\": []}")), 400, "itemIds");
        mvc.perform(post("/api/v1/recommendations/anonymous").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"ratings\": [{\"itemId\": \"i2\", \"rating\": 5}], \"limit\": 2, \"exclude\": [\"i0\"]}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.strategy").value("folded-in"))
                .andExpect(jsonPath("$.items.length()").value(2))
                .andExpect(jsonPath("$.items[*].itemId").value(org.hamcrest.Matchers.not(
                        org.hamcrest.Matchers.hasItem("i0"))))
                .andExpect(jsonPath("$.items[*].itemId").value(org.hamcrest.Matchers.not(
                        org.hamcrest.Matchers.hasItem("i2"))));
        mvc.perform(post("/api/v1/users/u0/predictions").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"itemIds\": [\"i0\", \"zz\"]}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].rating").value(5.0))
                .andExpect(jsonPath("$[1].rating").doesNotExist());
    }

    @Test
    void unknownItemsAndNoModelAre404Problems() throws Exception {
        mvc.perform(get("/api/v1/items/nope/similar"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("nope")));
        mvc.perform(get("/api/v1/users/u0/predictions/nope")).andExpect(status().isNotFound());
        fixture.holder.retire();
        mvc.perform(get("/api/v1/users/u0/predictions/i1"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM));
        mvc.perform(get("/api/v1/users/u0/recommendations"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.strategy").value("popular"))
                .andExpect(jsonPath("$.modelVersion").doesNotExist());
    }

    @Test
    void onlyJsonIsServed() throws Exception {
        mvc.perform(get("/api/v1/users/u0/recommendations").accept(MediaType.APPLICATION_XML))
                .andExpect(status().isNotAcceptable());
        mvc.perform(get("/api/v1/users/u0/recommendations").accept(MediaType.ALL))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", org.hamcrest.Matchers.startsWith("application/json")));
        mvc.perform(post("/api/v1/recommendations/anonymous").contentType(MediaType.TEXT_PLAIN).content("x"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM));
    }
}
