package dev.latent.serving;

import dev.latent.web.InvalidInputException;
import dev.latent.ratings.RatingsProperties;
import dev.latent.web.Violation;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Recommendations, predictions, similar and popular items, answered from the served model in memory. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Serving", description = "Recommendations and predictions from the served model")
public class ServingController {

    static final String ID = "^[A-Za-z0-9._:@-]{1,128}$";
    static final String ID_MESSAGE = "must be 1 to 128 characters of A-Z a-z 0-9 . _ : @ -";

    /** One recommended item. */
    public record ItemScore(String itemId, float score) {
    }

    public record Recommendations(String userId, Long modelVersion, Strategy strategy, List<ItemScore> items) {
    }

    public record Prediction(String userId, String itemId, Float rating, Strategy strategy, Long modelVersion) {
    }

    @Schema(example = "{\"itemIds\": [\"50\", \"100\", \"181\"]}")
    public record PredictionRequest(
            @Schema(description = "1 to 1,000 item ids")
            @NotNull @Size(min = 1, max = 1000) List<@NotNull @Pattern(regexp = ID, message = ID_MESSAGE) String> itemIds) {
    }

    public record GivenRating(@Schema(example = "50") @NotNull @Pattern(regexp = ID, message = ID_MESSAGE) String itemId,
                              @Schema(example = "5") @NotNull Double rating) {
    }

    @Schema(example = "{\"ratings\": [{\"itemId\": \"50\", \"rating\": 5}, {\"itemId\": \"181\", \"rating\": 4.5}],"
            + " \"limit\": 10}")
    public record AnonymousRequest(@NotNull @Size(max = 10_000) List<@NotNull @Valid GivenRating> ratings,
                                   @Schema(description = "1 to 1000, default 10") @Min(1) @Max(1000) Integer limit) {
    }

    public record AnonymousRecommendations(Long modelVersion, Strategy strategy, List<ItemScore> items) {
    }

    public record SimilarItem(String itemId, float similarity) {
    }

    public record SimilarItems(String itemId, Long modelVersion, List<SimilarItem> items) {
    }

    public record PopularItems(Long modelVersion, List<ItemScore> items) {
    }

    private final RecommendationService service;
    private final RatingsProperties scale;

    public ServingController(RecommendationService service, RatingsProperties scale) {
        this.service = service;
        this.scale = scale;
    }

    @GetMapping("/users/{userId}/recommendations")
    @Operation(summary = "Top-N items for a user",
            description = "Ranked by the ranking model. The user's rated items are left out unless includeRated=true. "
                    + "strategy: model (user in the served model), folded-in (rated since, or new with ratings), "
                    + "popular (no ratings: cold start).")
    public Recommendations recommend(
            @Parameter(example = "42") @PathVariable @Pattern(regexp = ID, message = ID_MESSAGE) String userId,
            @Parameter(description = "1 to 1000") @RequestParam(defaultValue = "10") @Min(1) @Max(1000) int limit,
            @Parameter(description = "item ids to leave out, comma-separated")
            @RequestParam(defaultValue = "") List<@Pattern(regexp = ID, message = ID_MESSAGE) String> exclude,
            @RequestParam(defaultValue = "false") boolean includeRated) {
        RecommendationService.Ranked r = service.recommend(userId, limit, exclude, includeRated);
        return new Recommendations(userId, r.modelVersion(), r.strategy(), scores(r));
    }

    @GetMapping("/users/{userId}/predictions/{itemId}")
    @Operation(summary = "Predicted rating of one item for a user, clipped to the rating scale")
    @ApiResponse(responseCode = "404", description = "Item unknown to the served model, or no model yet")
    public Prediction predict(@PathVariable @Pattern(regexp = ID, message = ID_MESSAGE) String userId,
                              @PathVariable @Pattern(regexp = ID, message = ID_MESSAGE) String itemId) {
        RecommendationService.Predicted p = service.predict(userId, List.of(itemId), (float) scale.min(),
                (float) scale.max()).get(0);
        if (p.rating() == null) {
            throw new UnknownItemException(itemId);
        }
        return new Prediction(userId, itemId, p.rating(), p.strategy(), p.modelVersion());
    }

    @PostMapping("/users/{userId}/predictions")
    @Operation(summary = "Predicted ratings for up to 1,000 items",
            description = "One entry per requested item, in order; rating is null for an item the model does not know.")
    public List<Prediction> predictMany(@PathVariable @Pattern(regexp = ID, message = ID_MESSAGE) String userId,
                                        @Valid @RequestBody PredictionRequest request) {
        return service.predict(userId, request.itemIds(), (float) scale.min(), (float) scale.max()).stream()
                .map(p -> new Prediction(userId, p.itemId(), p.rating(), p.strategy(), p.modelVersion()))
                .toList();
    }

    @PostMapping("/recommendations/anonymous")
    @Operation(summary = "Recommendations for a visitor without an id, from the ratings given")
    public AnonymousRecommendations anonymous(@Valid @RequestBody AnonymousRequest request) {
        int n = request.ratings().size();
        String[] items = new String[n];
        float[] ratings = new float[n];
        for (int k = 0; k < n; k++) {
            GivenRating g = request.ratings().get(k);
            if (!Double.isFinite(g.rating()) || g.rating() < scale.min() || g.rating() > scale.max()) {
                throw new InvalidInputException("Invalid ratings", List.of(Violation.atIndex(k, "rating",
                        "must be a finite number from " + scale.min() + " to " + scale.max())));
            }
            items[k] = g.itemId();
            ratings[k] = g.rating().floatValue();
        }
        RecommendationService.Ranked r = service.recommendAnonymous(items, ratings,
                request.limit() == null ? 10 : request.limit());
        return new AnonymousRecommendations(r.modelVersion(), r.strategy(), scores(r));
    }

    @GetMapping("/items/{itemId}/similar")
    @Operation(summary = "Items nearest by cosine of their ranking-model factors")
    @ApiResponse(responseCode = "404", description = "Item unknown to the served model, or no model yet")
    public SimilarItems similar(@PathVariable @Pattern(regexp = ID, message = ID_MESSAGE) String itemId,
                                @Parameter(description = "1 to 1000") @RequestParam(defaultValue = "10") @Min(1) @Max(1000) int limit) {
        RecommendationService.Ranked r = service.similar(itemId, limit);
        if (r == null) {
            throw new UnknownItemException(itemId);
        }
        return new SimilarItems(itemId, r.modelVersion(),
                r.items().stream().map(s -> new SimilarItem(s.itemId(), s.score())).toList());
    }

    @GetMapping("/items/popular")
    @Operation(summary = "Most popular items: by number of ratings (the cold-start list)")
    public PopularItems popular(
            @Parameter(description = "1 to 1000") @RequestParam(defaultValue = "10") @Min(1) @Max(1000) int limit) {
        RecommendationService.Ranked r = service.popular(limit);
        return new PopularItems(r.modelVersion(), scores(r));
    }

    private static List<ItemScore> scores(RecommendationService.Ranked r) {
        return r.items().stream().map(s -> new ItemScore(s.itemId(), s.score())).toList();
    }
}
