package dev.latent.catalog;

import dev.latent.web.Ids;
import dev.latent.web.Paging;
import dev.latent.web.ProblemResponse;
import dev.latent.ratings.RequestBodies;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The item catalogue and user profiles (issue 14); every handler delegates. */
@RestController
@RequestMapping(path = "/api/v1", produces = "application/json")
@Tag(name = "Catalogue")
public class CatalogController {

    private static final String ITEM_EXAMPLE = "{\"categories\": [\"Action\", \"Sci-Fi\"], \"labels\": {\"title\": "
            + "\"Star Wars (1977)\", \"price\": 9.99}, \"hidden\": false, \"availableFrom\": \"2024-01-01T00:00:00Z\"}";

    private final CatalogService service;
    private final CatalogQueries queries;
    private final UserProfiles users;

    CatalogController(CatalogService service, CatalogQueries queries, UserProfiles users) {
        this.service = service;
        this.queries = queries;
        this.users = users;
    }

    @Operation(operationId = "putItem", summary = "Put an item into the catalogue (replaces its entry whole)",
            description = "categories: up to latent.catalog.max-categories (64) ids; labels: a JSON object of at most "
                    + "16 KB (titles, images, prices...); hidden items and items outside [availableFrom, availableUntil) "
                    + "are never recommended, from the moment this answers. The item may not have ratings yet.")
    @ApiResponse(responseCode = "201", description = "new item")
    @ApiResponse(responseCode = "200", description = "entry replaced")
    @PutMapping(path = "/items/{itemId}", consumes = "application/json")
    public ResponseEntity<ItemView> put(@PathVariable String itemId,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(schema = @Schema(implementation = CatalogSchemas.ItemInput.class),
                    examples = @ExampleObject(value = ITEM_EXAMPLE)))
            @RequestBody JsonNode body) {
        Ids.require("itemId", itemId);
        CatalogService.Written w = service.put(itemId, body);
        return ResponseEntity.status(w.created() ? HttpStatus.CREATED : HttpStatus.OK).body(queries.item(itemId));
    }

    @ProblemResponse(status = 404, description = "No such item (PUT creates it)", detail = "no item 50 (PUT creates it)")
    @Operation(operationId = "patchItem", summary = "Change part of an item's entry (JSON merge patch, RFC 7396)",
            description = "Members given replace the stored ones, null removes one (labels merge member by member). "
                    + "404 for an item not in the store: PUT creates.")
    @PatchMapping(path = "/items/{itemId}", consumes = {"application/merge-patch+json", "application/json"})
    public ItemView patch(@PathVariable String itemId,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = {
                    @Content(mediaType = "application/merge-patch+json",
                            schema = @Schema(implementation = CatalogSchemas.ItemInput.class),
                            examples = @ExampleObject(value = "{\"hidden\": true, \"labels\": {\"price\": null}}")),
                    @Content(mediaType = "application/json",
                            schema = @Schema(implementation = CatalogSchemas.ItemInput.class))})
            @RequestBody JsonNode body) {
        Ids.require("itemId", itemId);
        service.patch(itemId, body);
        return queries.item(itemId);
    }

    @ProblemResponse(status = 404, description = "No such item", detail = "no item 50")
    @Operation(operationId = "getItem", summary = "One item: its entry, rating count and mean",
            description = "Items known only from ratings show the defaults. Ids 'popular' and 'latest' name the "
                    + "lists of those names, not items.")
    @GetMapping("/items/{itemId}")
    public ItemView get(@PathVariable String itemId) {
        Ids.require("itemId", itemId);
        return queries.item(itemId);
    }

    @Operation(operationId = "listItems", summary = "Items in creation order, a page at a time",
            description = "Every item in the store (also those known only from ratings). Pass nextCursor of a page "
                    + "as cursor for the next; it is null on the last page.")
    @GetMapping("/items")
    public CatalogQueries.ItemPage list(
            @Parameter(description = "only items in this category") @RequestParam(required = false) String category,
            @Parameter(description = "only hidden (true) or only visible (false) items")
            @RequestParam(required = false) Boolean hidden,
            @Parameter(description = "nextCursor of the previous page") @RequestParam(required = false) String cursor,
            @Parameter(description = "1 to 1000") @RequestParam(defaultValue = "50") int size) {
        if (category != null) {
            Ids.require("category", category);
        }
        Paging.check(0, size, 1000);
        return queries.list(category, hidden, cursor, size);
    }

    @Operation(operationId = "postItemBatch", summary = "Atomic batch of up to latent.catalog.max-batch (10,000) items",
            description = "Each element is a PUT body with its itemId. Any invalid element and nothing is stored; "
                    + "the 400 names each bad index and field. Repeated ids: the last one wins.")
    @PostMapping(path = "/items/batch", consumes = "application/json")
    public CatalogService.BulkResult batch(
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(array = @io.swagger.v3.oas.annotations.media.ArraySchema(schema = @Schema(implementation = CatalogSchemas.ItemInput.class)),
                    examples = @ExampleObject(value = "[{\"itemId\": \"50\", \"categories\": [\"Sci-Fi\"], "
                            + "\"labels\": {\"title\": \"Star Wars (1977)\"}}, {\"itemId\": \"181\", \"hidden\": true}]")))
            @RequestBody JsonNode body) {
        return service.batch(body);
    }

    @Operation(operationId = "importItems", summary = "Streamed bulk import: one item object per line (NDJSON)",
            description = "Content-Encoding: gzip accepted. Written in chunks inside one transaction: one bad line and "
                    + "nothing is stored (400 naming the first 100 bad lines by number). Repeated ids: the last line wins.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content =
                    @Content(mediaType = "application/x-ndjson", schema = @Schema(type = "string"), examples =
                            @ExampleObject(value = "{\"itemId\": \"1\", \"categories\": [\"Animation\", \"Comedy\"], "
                                    + "\"labels\": {\"title\": \"Toy Story (1995)\"}}\n{\"itemId\": \"2\", "
                                    + "\"categories\": [\"Adventure\"], \"labels\": {\"title\": \"Jumanji (1995)\"}}\n"))))
    @Parameter(name = "Content-Encoding", in = io.swagger.v3.oas.annotations.enums.ParameterIn.HEADER,
            description = "gzip for a compressed body", schema = @Schema(type = "string", allowableValues = {"gzip", "identity"}))
    @PostMapping(path = "/items/import", consumes = {"application/x-ndjson", "application/jsonl"})
    public CatalogService.BulkResult importNdjson(@Parameter(hidden = true) HttpServletRequest request) throws IOException {
        return service.importNdjson(RequestBodies.decoded(request));
    }

    @ProblemResponse(status = 404, description = "Unknown user", detail = "no user 42")
    @Operation(operationId = "getUser", summary = "A user's profile: rating count, first and last rating time, labels")
    @GetMapping("/users/{userId}")
    public UserProfiles.Profile user(@PathVariable String userId) {
        Ids.require("userId", userId);
        return users.get(userId);
    }

    @Operation(operationId = "putUser", summary = "Put a user's labels (creates the user if needed)")
    @ApiResponse(responseCode = "201", description = "new user")
    @ApiResponse(responseCode = "200", description = "labels replaced")
    @PutMapping(path = "/users/{userId}", consumes = "application/json")
    public ResponseEntity<UserProfiles.Profile> putUser(@PathVariable String userId,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(schema = @Schema(implementation = CatalogSchemas.UserInput.class),
                    examples = @ExampleObject(value = "{\"labels\": {\"segment\": \"premium\", \"country\": \"DE\"}}")))
            @RequestBody JsonNode body) {
        Ids.require("userId", userId);
        UserProfiles.Written w = users.put(userId, body);
        return ResponseEntity.status(w.created() ? HttpStatus.CREATED : HttpStatus.OK).body(w.profile());
    }
}
