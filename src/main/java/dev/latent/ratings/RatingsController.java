package dev.latent.ratings;

import dev.latent.web.Ids;
import dev.latent.web.InvalidInputException;
import dev.latent.web.Paging;
import dev.latent.web.ProblemResponse;
import dev.latent.web.Violation;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The ratings endpoints of API.md ("Ratings (ingestion)"); every handler delegates. */
@RestController
@RequestMapping(path = "/api/v1", produces = "application/json")
@Tag(name = "Ratings")
public class RatingsController {

    private static final String JSON = "application/json";

    private final RatingService service;
    private final RatingQueries queries;

    RatingsController(RatingService service, RatingQueries queries) {
        this.service = service;
        this.queries = queries;
    }

    @Operation(operationId = "putRating", summary = "Upsert one rating", description = "201 when the (user, item) pair is new, 200 when it replaced a rating.")
    @ApiResponse(responseCode = "201", description = "created")
    @ApiResponse(responseCode = "200", description = "replaced")
    @PutMapping(path = "/users/{userId}/ratings/{itemId}", consumes = JSON)
    public ResponseEntity<StoredRating> put(@PathVariable String userId, @PathVariable String itemId,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples =
                    @ExampleObject(value = "{\"rating\": 4.5, \"timestamp\": \"2024-05-01T12:00:00Z\"}")))
            @RequestBody RatingValue body) {
        return answer(service.put(userId, itemId, body));
    }

    @ProblemResponse(status = 400, description = "invalid input: errors names each field", detail = "invalid rating",
            members = "{\"errors\": [{\"field\": \"rating\", \"message\": \"must be between 0.5 and 5.0, was 7.0\"}]}")
    @Operation(operationId = "postRating", summary = "Upsert one rating event", description = "The same upsert as PUT, for frontends that post events.")
    @ApiResponse(responseCode = "201", description = "created")
    @ApiResponse(responseCode = "200", description = "replaced")
    @PostMapping(path = "/ratings", consumes = JSON)
    public ResponseEntity<StoredRating> post(
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject(
                    value = "{\"userId\": \"alice\", \"itemId\": \"tt0133093\", \"rating\": 4.5}")))
            @RequestBody RatingEvent body) {
        return answer(service.post(body));
    }

    @Operation(operationId = "postRatingBatch", summary = "Atomic batch upsert of up to latent.ratings.max-batch (10,000) ratings",
            description = "Any invalid element and nothing is stored; the 400 names each bad index. "
                    + "Repeated (user, item) pairs: the last one wins.")
    @PostMapping(path = "/ratings/batch", consumes = JSON)
    public WriteResults.Batch batch(
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    array = @ArraySchema(schema = @Schema(implementation = RatingEvent.class)),
                    examples = @ExampleObject(value = "[{\"userId\": \"alice\", \"itemId\": \"i1\", \"rating\": 4},"
                            + " {\"userId\": \"bob\", \"itemId\": \"i1\", \"rating\": 2.5, \"timestamp\": 1714564800}]")))
            @RequestBody List<RatingEvent> body) {
        return service.batch(body);
    }

    @Operation(operationId = "importRatings", summary = "Streamed bulk import of user,item,rating[,timestamp] lines",
            description = "Separator comma, tab or '::' (from the first line); optional header line (rating column "
                    + "named rating/score/value/...); timestamp as epoch seconds or ISO-8601; Content-Encoding: gzip "
                    + "accepted. The whole stream is validated first and written in one transaction: one bad line "
                    + "and nothing is stored (400 naming the first 100 bad lines). Repeated pairs: the last line wins.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
                    @Content(mediaType = "text/csv", schema = @Schema(type = "string"), examples = @ExampleObject(
                            value = "user,item,rating,timestamp\nalice,i1,4.5,1714564800\nbob,i2,3,2024-05-01T12:00:00Z\n")),
                    @Content(mediaType = "text/tab-separated-values", schema = @Schema(type = "string"),
                            examples = @ExampleObject(value = "196\t242\t3\t881250949\n186\t302\t3\t891717742\n")),
                    @Content(mediaType = "text/plain", schema = @Schema(type = "string"),
                            examples = @ExampleObject(value = "1::1193::5::978300760\n1::661::3::978302109\n"))}))
    @Parameter(name = "Content-Encoding", in = io.swagger.v3.oas.annotations.enums.ParameterIn.HEADER,
            description = "gzip for a compressed body", schema = @Schema(type = "string", allowableValues = {"gzip", "identity"}))
    @PostMapping(path = "/ratings/import", consumes = {"text/csv", "text/plain", "text/tab-separated-values"})
    public WriteResults.Import importCsv(@Parameter(hidden = true) HttpServletRequest request) throws IOException {
        return service.importCsv(RequestBodies.decoded(request));
    }

    @Operation(operationId = "listUserRatings", summary = "A user's ratings, newest first (sort=rating: highest first)")
    @ProblemResponse(status = 404, description = "Unknown user", detail = "no user 42")
    @GetMapping("/users/{userId}/ratings")
    public RatingPage userRatings(@PathVariable String userId,
                                  @Parameter(description = "0-based page") @RequestParam(defaultValue = "0") int page,
                                  @Parameter(description = "1 to 1000") @RequestParam(defaultValue = "50") int size,
                                  @Parameter(description = "newest (default) or rating: highest rating first, then newest",
                                          schema = @Schema(allowableValues = {"newest", "rating"}))
                                  @RequestParam(defaultValue = "newest") String sort) {
        Ids.require("userId", userId);
        Paging.check(page, size, 1000);
        if (!sort.equals("newest") && !sort.equals("rating")) {
            throw new InvalidInputException("bad sort", List.of(Violation.field("sort",
                    "must be newest or rating, was " + sort)));
        }
        return queries.userRatings(userId, page, size, sort.equals("rating"));
    }

    @Operation(operationId = "getRating", summary = "One rating")
    @ProblemResponse(status = 404, description = "Unknown user or item, or the user has not rated the item",
            detail = "user 42 has not rated item 50")
    @GetMapping("/users/{userId}/ratings/{itemId}")
    public StoredRating rating(@PathVariable String userId, @PathVariable String itemId) {
        Ids.require("userId", userId);
        Ids.require("itemId", itemId);
        return queries.rating(userId, itemId);
    }

    @Operation(operationId = "deleteRating", summary = "Remove one rating")
    @ProblemResponse(status = 404, description = "Unknown user or item, or the user has not rated the item",
            detail = "user 42 has not rated item 50")
    @ApiResponse(responseCode = "204", description = "removed")
    @DeleteMapping("/users/{userId}/ratings/{itemId}")
    public ResponseEntity<Void> deleteRating(@PathVariable String userId, @PathVariable String itemId) {
        Ids.require("userId", userId);
        Ids.require("itemId", itemId);
        service.deleteRating(userId, itemId);
        return ResponseEntity.noContent().build();
    }

    @Operation(operationId = "deleteUser", summary = "Forget a user and all their ratings")
    @ProblemResponse(status = 404, description = "Unknown user", detail = "no user 42")
    @ApiResponse(responseCode = "204", description = "removed")
    @DeleteMapping("/users/{userId}")
    public ResponseEntity<Void> deleteUser(@PathVariable String userId) {
        Ids.require("userId", userId);
        service.deleteUser(userId);
        return ResponseEntity.noContent().build();
    }

    @Operation(operationId = "deleteItem", summary = "Remove an item and all its ratings")
    @ProblemResponse(status = 404, description = "Unknown item", detail = "no item 50")
    @ApiResponse(responseCode = "204", description = "removed")
    @DeleteMapping("/items/{itemId}")
    public ResponseEntity<Void> deleteItem(@PathVariable String itemId) {
        Ids.require("itemId", itemId);
        service.deleteItem(itemId);
        return ResponseEntity.noContent().build();
    }

    @Operation(operationId = "getStats", summary = "Users, items, ratings, density, rating histogram, newest rating time")
    @GetMapping("/stats")
    public RatingsStats stats() {
        return queries.stats();
    }

    private static ResponseEntity<StoredRating> answer(WriteResults.Upsert result) {
        return ResponseEntity.status(result.created() ? HttpStatus.CREATED : HttpStatus.OK).body(result.rating());
    }
}
