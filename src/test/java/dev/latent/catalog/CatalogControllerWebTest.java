package dev.latent.catalog;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.latent.ratings.RatingRules;
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
 * The web mapping of {@link CatalogController} with the real {@link dev.latent.web.ProblemHandler}, web
 * configuration and id rule ({@link RatingRules}); the catalogue service, queries and user profiles work on the
 * store and are mocks here ({@link CatalogApiTest} runs them end to end).
 */
@WebMvcTest(CatalogController.class)
@Import({WebSlice.class, RatingRules.class})
class CatalogControllerWebTest {

    static final String PROBLEM = "application/problem+json";

    @Autowired
    MockMvc mvc;

    @MockitoBean
    CatalogService service;

    @MockitoBean
    CatalogQueries queries;

    @MockitoBean
    UserProfiles users;

    static final ItemDocument DOC = new ItemDocument("50", List.of("Sci-Fi"), null, false, null, null);

    private static ItemView view(String id) {
        return new ItemView(id, List.of("Sci-Fi"), null, false, null, null, Instant.parse("2024-01-01T00:00:00Z"),
                null, 0L, null);
    }

    @Test
    void aPutIs201ForANewItemAnd200WhenItReplacedTheEntry() throws Exception {
        when(service.put(eq("50"), any())).thenReturn(new CatalogService.Written(DOC, true),
                new CatalogService.Written(DOC, false));
        when(queries.item("50")).thenReturn(view("50"));
        String body = "{\"categories\": [\"Sci-Fi\"]}";
        mvc.perform(put("/api/v1/items/50").contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.itemId").value("50"))
                .andExpect(jsonPath("$.categories[0]").value("Sci-Fi"));
        mvc.perform(put("/api/v1/items/50").contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isOk());
        mvc.perform(patch("/api/v1/items/50").contentType("application/merge-patch+json").content("{\"hidden\": true}"))
                .andExpect(status().isOk());
        verify(service).patch(eq("50"), any());
        mvc.perform(patch("/api/v1/items/50").contentType(MediaType.TEXT_PLAIN).content("x"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM));
    }

    @Test
    void badIdsAndPagingAre400NamingTheField() throws Exception {
        for (String[] bad : new String[][] {{"/api/v1/items/a$b", "itemId"}, {"/api/v1/users/a$b", "userId"},
                {"/api/v1/items?category=a%20b", "category"}, {"/api/v1/items?size=0", "size"},
                {"/api/v1/items?size=1001", "size"}, {"/api/v1/items?hidden=maybe", "hidden"}}) {
            mvc.perform(get(java.net.URI.create(bad[0])))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(PROBLEM))
                    .andExpect(jsonPath("$.errors[0].field").value(bad[1]));
        }
        mvc.perform(put("/api/v1/items/" + "x".repeat(129)).contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("itemId"))
                .andExpect(jsonPath("$.errors[0].message").value(dev.latent.web.Ids.MESSAGE + ", was 129 characters"));
        verifyNoInteractions(service, queries, users);
    }

    @Test
    void pagesAndFiltersArePassedOnAndTheCursorReturned() throws Exception {
        when(queries.list("Sci-Fi", true, "c1", 2)).thenReturn(new CatalogQueries.ItemPage(
                List.of(view("1"), view("2")), "c2"));
        mvc.perform(get("/api/v1/items?category=Sci-Fi&hidden=true&cursor=c1&size=2"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items.length()").value(2))
                .andExpect(jsonPath("$.nextCursor").value("c2"));
        when(queries.list(null, null, null, 50)).thenReturn(new CatalogQueries.ItemPage(List.of(), null));
        mvc.perform(get("/api/v1/items")).andExpect(status().isOk()).andExpect(jsonPath("$.nextCursor").isEmpty());
    }

    @Test
    void theServicesProblemsKeepTheirStatusAndNameTheIndex() throws Exception {
        when(queries.item("9")).thenThrow(new NotFoundException("no item 9"));
        mvc.perform(get("/api/v1/items/9"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM))
                .andExpect(jsonPath("$.detail").value("no item 9"));
        when(service.batch(any())).thenThrow(new InvalidInputException("invalid items",
                List.of(Violation.atIndex(2, "categories", "must hold at most 64 ids, had 65"))));
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/api/v1/items/batch")
                        .contentType(MediaType.APPLICATION_JSON).content("[]"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].index").value(2))
                .andExpect(jsonPath("$.errors[0].field").value("categories"));
        when(users.get("42")).thenReturn(new UserProfiles.Profile("42", 3, null, null, null, null));
        mvc.perform(get("/api/v1/users/42"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.ratingCount").value(3));
        mvc.perform(get("/api/v1/users/42").accept(MediaType.TEXT_HTML)).andExpect(status().isNotAcceptable());
    }
}
