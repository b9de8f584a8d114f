package dev.latent.ratings;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.latent.web.InvalidInputException;
import dev.latent.web.NotFoundException;
import dev.latent.web.Violation;
import dev.latent.web.WebSlice;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The web mapping of {@link RatingsController} with the real {@link dev.latent.web.ProblemHandler}, web
 * configuration and {@link RatingRules}: status codes, problem+json naming the field or index, paging
 * parameters, content negotiation. The service and the queries, which need the store, are mocks: what they do is
 * covered end to end by {@link RatingsApiTest} and {@link BadInputCatalogueTest}.
 */
@WebMvcTest(RatingsController.class)
@Import({WebSlice.class, RatingRules.class})
class RatingsControllerWebTest {

    static final String PROBLEM = "application/problem+json";

    @Autowired
    MockMvc mvc;

    @MockitoBean
    RatingService service;

    @MockitoBean
    RatingQueries queries;

    private static StoredRating stored(String user, String item, float rating) {
        return new StoredRating(user, item, rating, Instant.parse("2024-05-01T12:00:00Z"));
    }

    @Test
    void anUpsertIs201WhenNewAnd200WhenItReplaced() throws Exception {
        when(service.put(eq("alice"), eq("i1"), any())).thenReturn(new WriteResults.Upsert(stored("alice", "i1", 4), true),
                new WriteResults.Upsert(stored("alice", "i1", 3), false));
        String body = "{\"rating\": 4}";
        mvc.perform(put("/api/v1/users/alice/ratings/i1").contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isCreated())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.userId").value("alice"))
                .andExpect(jsonPath("$.rating").value(4.0))
                .andExpect(jsonPath("$.timestamp").value("2024-05-01T12:00:00Z"));
        mvc.perform(put("/api/v1/users/alice/ratings/i1").contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.rating").value(3.0));
        when(service.post(any())).thenReturn(new WriteResults.Upsert(stored("bob", "i2", 5), true));
        mvc.perform(post("/api/v1/ratings").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"userId\": \"bob\", \"itemId\": \"i2\", \"rating\": 5}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.itemId").value("i2"));
    }

    @Test
    void theServicesViolationsAreAProblemNamingFieldAndIndex() throws Exception {
        when(service.batch(any())).thenThrow(new InvalidInputException("invalid batch",
                List.of(Violation.atIndex(1, "rating", "must be between 0.5 and 5.0, was 7.0"))));
        mvc.perform(post("/api/v1/ratings/batch").contentType(MediaType.APPLICATION_JSON)
                        .content("[{\"userId\":\"a\",\"itemId\":\"i\",\"rating\":4},{\"userId\":\"a\",\"itemId\":\"j\",\"rating\":7}]"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM))
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.detail").value("invalid batch"))
                .andExpect(jsonPath("$.errors[0].index").value(1))
                .andExpect(jsonPath("$.errors[0].field").value("rating"))
                .andExpect(jsonPath("$.errors[0].message").value("must be between 0.5 and 5.0, was 7.0"));
        org.mockito.Mockito.doReturn(new WriteResults.Batch(2, 1, 1)).when(service).batch(any());
        mvc.perform(post("/api/v1/ratings/batch").contentType(MediaType.APPLICATION_JSON).content("[]"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.received").value(2));
    }

    @Test
    void badIdsInThePathAre400NamingTheFieldBeforeTheStoreIsAsked() throws Exception {
        mvc.perform(get("/api/v1/users/a b/ratings"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM))
                .andExpect(jsonPath("$.errors[0].field").value("userId"));
        mvc.perform(get("/api/v1/users/alice/ratings/" + "x".repeat(129)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("itemId"))
                .andExpect(jsonPath("$.errors[0].message").value(dev.latent.web.Ids.MESSAGE + ", was 129 characters"));
        mvc.perform(delete("/api/v1/users/a$b"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("userId"));
        mvc.perform(delete("/api/v1/items/a$b"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("itemId"));
        verifyNoInteractions(service, queries);
    }

    @Test
    void pagingAndSortAreCheckedAndPassedOn() throws Exception {
        when(queries.userRatings("alice", 2, 10, true)).thenReturn(
                new RatingPage("alice", List.of(stored("alice", "i1", 5)), 2, 10, 21, 3));
        mvc.perform(get("/api/v1/users/alice/ratings?page=2&size=10&sort=rating"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.page").value(2))
                .andExpect(jsonPath("$.totalPages").value(3))
                .andExpect(jsonPath("$.ratings[0].itemId").value("i1"));
        when(queries.userRatings(anyString(), anyInt(), anyInt(), anyBoolean())).thenReturn(
                new RatingPage("alice", List.of(), 0, 50, 0, 0));
        mvc.perform(get("/api/v1/users/alice/ratings")).andExpect(status().isOk());
        verify(queries).userRatings("alice", 0, 50, false);
        for (String[] bad : new String[][] {{"size=1001", "size"}, {"size=0", "size"}, {"page=-1", "page"},
                {"sort=oldest", "sort"}}) {
            mvc.perform(get("/api/v1/users/alice/ratings?" + bad[0]))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(PROBLEM))
                    .andExpect(jsonPath("$.errors[0].field").value(bad[1]));
        }
        mvc.perform(get("/api/v1/users/alice/ratings?size=abc")).andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM));
    }

    @Test
    void notFoundDeleteAndContentNegotiation() throws Exception {
        when(queries.rating("alice", "i9")).thenThrow(new NotFoundException("user alice has not rated item i9"));
        mvc.perform(get("/api/v1/users/alice/ratings/i9"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM))
                .andExpect(jsonPath("$.detail").value("user alice has not rated item i9"));
        mvc.perform(delete("/api/v1/users/alice/ratings/i1")).andExpect(status().isNoContent());
        verify(service).deleteRating("alice", "i1");
        mvc.perform(get("/api/v1/users/alice/ratings/i1").accept(MediaType.APPLICATION_XML))
                .andExpect(status().isNotAcceptable());
        mvc.perform(put("/api/v1/users/alice/ratings/i1").contentType(MediaType.APPLICATION_XML).content("<r/>"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM));
        mvc.perform(put("/api/v1/users/alice/ratings/i1").contentType(MediaType.APPLICATION_JSON).content("{\"rating\":"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM));
        mvc.perform(put("/api/v1/users/alice/ratings/i1").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"rating\": 9, \"rating\": 4.5}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM));
    }
}
