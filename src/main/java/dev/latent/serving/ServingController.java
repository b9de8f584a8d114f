package dev.latent.serving;

import dev.latent.web.InvalidInputException;
import dev.latent.web.NoModelException;
import dev.latent.web.ProblemResponse;
import dev.latent.ratings.RatingRules;
import dev.latent.web.Ids;
import dev.latent.web.Violation;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import io.micrometer.core.instrument.Timer;
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
@Tag(name = "Serving")
public class ServingController {

    /** The one id rule ({@link Ids}), as bean-validation attributes. */
    static final String ID = Ids.REGEXP;
    static final String ID_MESSAGE = Ids.MESSAGE;
    /** Deepest rank a page may reach (offset + limit). */
    static final int MAX_RANK = 1000;
    static final String UNKNOWN_ITEM = "Item '50' is not in the served model.";

    /** One recommended item; {@code because} only with {@code explain=true}. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record ItemScore(String itemId, float score, List<ScoreExplainer.Because> because) {
        public ItemScore(String itemId, float score) {
            this(itemId, score, null);
        }
    }

    public record Explanation(String userId, String itemId, Long modelVersion, Strategy strategy, float score,
                              List<ScoreExplainer.Because> because) {
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
            + " \"limit\": 10, \"category\": [\"Comedy\"]}")
    public record AnonymousRequest(@NotNull @Size(max = 10_000) List<@NotNull @Valid GivenRating> ratings,
                                   @Schema(description = "1 to 1000, default 10") @Min(1) @Max(1000) Integer limit,
                                   @Schema(description = "only items in any of these categories")
                                   @Size(max = 64) List<@NotNull @Pattern(regexp = ID, message = ID_MESSAGE) String> category,
                                   @Schema(description = "item ids to leave out")
                                   @Size(max = 1000) List<@NotNull @Pattern(regexp = ID, message = ID_MESSAGE) String> exclude,
                                   @Schema(description = "ranks to skip (offset + limit <= 1000)") @Min(0) Integer offset) {
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
    private final RatingRules scale;
    private final ServingMetrics metrics;

    public ServingController(RecommendationService service, RatingRules scale, ServingMetrics metrics) {
        this.service = service;
        this.scale = scale;
        this.metrics = metrics;
    }

    @GetMapping("/users/{userId}/recommendations")
    @Operation(operationId = "recommendForUser", summary = "Top-N items for a user",
            description = "Ranked by the ranking model among the items the business rules allow: never hidden items "
                    + "or items outside their availability window (from the moment the catalogue write answers); "
                    + "category=a&category=b keeps items in any of them; offset pages through the same ranking "
                    + "(offset + limit <= 1000). The user's rated items are left out unless includeRated=true. "
                    + "explain=true adds to each item the three rated items that contribute most to its score. "
                    + "strategy: model (user in the served model), folded-in (rated since, or new with ratings), "
                    + "popular (no ratings: cold start).")
    public Recommendations recommend(
            @Parameter(example = "42") @PathVariable @Pattern(regexp = ID, message = ID_MESSAGE) String userId,
            @Parameter(description = "1 to 1000") @RequestParam(defaultValue = "10") @Min(1) @Max(1000) int limit,
            @Parameter(description = "item ids to leave out, comma-separated")
            @RequestParam(defaultValue = "") List<@Pattern(regexp = ID, message = ID_MESSAGE) String> exclude,
            @RequestParam(defaultValue = "false") boolean includeRated,
            @Parameter(description = "only items in any of these categories (repeat the parameter)")
            @RequestParam(defaultValue = "") List<@Pattern(regexp = ID, message = ID_MESSAGE) String> category,
            @Parameter(description = "ranks to skip: page 2 of limit=10 is offset=10")
            @RequestParam(defaultValue = "0") @Min(0) int offset,
            @Parameter(description = "add because: the rated items that contribute most to each score")
            @RequestParam(defaultValue = "false") boolean explain) {
        Timer.Sample sample = metrics.start();
        RecommendationService.Ranked r = service.recommend(userId, rules(category, exclude, offset, limit),
                includeRated, explain);
        metrics.record(sample, "recommendations", r.strategy());
        return new Recommendations(userId, r.modelVersion(), r.strategy(), scores(r));
    }

    @GetMapping("/users/{userId}/explanations/{itemId}")
    @Operation(operationId = "explainScore", summary = "Why an item scores what it scores for a user",
            description = "The user's ranking score of the item split into one term per rated item, largest first "
                    + "(for implicit ALS the decomposition of Hu, Koren and Volinsky 2008, section 5; see docs/api.md).")
    @ProblemResponse(status = 404, description = "Item unknown to the served model (or deleted), or no model yet",
            detail = UNKNOWN_ITEM)
    public Explanation explanation(@PathVariable @Pattern(regexp = ID, message = ID_MESSAGE) String userId,
                                   @PathVariable @Pattern(regexp = ID, message = ID_MESSAGE) String itemId,
                                   @Parameter(description = "1 to 1000") @RequestParam(defaultValue = "10")
                                   @Min(1) @Max(1000) int limit) {
        RecommendationService.Explained e = service.explain(userId, itemId, limit);
        if (e == null) {
            throw new UnknownItemException(itemId);
        }
        return new Explanation(userId, itemId, e.modelVersion(), e.strategy(), e.score(), e.because());
    }

    @GetMapping("/users/{userId}/predictions/{itemId}")
    @Operation(operationId = "predictRating", summary = "Predicted rating of one item for a user, clipped to the rating scale")
    @ProblemResponse(status = 404, description = "Item unknown to the served model (or deleted), or no model yet",
            detail = UNKNOWN_ITEM)
    public Prediction predict(@PathVariable @Pattern(regexp = ID, message = ID_MESSAGE) String userId,
                              @PathVariable @Pattern(regexp = ID, message = ID_MESSAGE) String itemId) {
        Timer.Sample sample = metrics.start();
        RecommendationService.Predicted p = service.predict(userId, List.of(itemId), (float) scale.min(),
                (float) scale.max()).get(0);
        if (p.rating() == null) {
            throw new UnknownItemException(itemId);
        }
        metrics.record(sample, "prediction", p.strategy());
        return new Prediction(userId, itemId, p.rating(), p.strategy(), p.modelVersion());
    }

    @PostMapping("/users/{userId}/predictions")
    @ProblemResponse(status = 404, description = "No model trained yet", detail = NoModelException.DETAIL)
    @Operation(operationId = "predictRatings", summary = "Predicted ratings for up to 1,000 items",
            description = "One entry per requested item, in order; rating is null for an item the model does not know.")
    public List<Prediction> predictMany(@PathVariable @Pattern(regexp = ID, message = ID_MESSAGE) String userId,
                                        @Valid @RequestBody PredictionRequest request) {
        Timer.Sample sample = metrics.start();
        List<RecommendationService.Predicted> predicted = service.predict(userId, request.itemIds(),
                (float) scale.min(), (float) scale.max());
        metrics.record(sample, "predictions", predicted.get(0).strategy()); // one user: one strategy for all
        return predicted.stream()
                .map(p -> new Prediction(userId, p.itemId(), p.rating(), p.strategy(), p.modelVersion()))
                .toList();
    }

    @PostMapping("/recommendations/anonymous")
    @Operation(operationId = "recommendAnonymous",
            summary = "Recommendations for a visitor without an id, from the ratings given",
            description = "Before the first model: the popular list from the store's rating counts (strategy popular).")
    @ProblemResponse(status = 400, description = "invalid input: errors names each field (index: of ratings)",
            detail = "Invalid ratings", members = "{\"errors\": [{\"field\": \"rating\", \"index\": 0, "
            + "\"message\": \"must be between 0.5 and 5.0, was 9.0\"}]}")
    public AnonymousRecommendations anonymous(@Valid @RequestBody AnonymousRequest request) {
        int n = request.ratings().size();
        String[] items = new String[n];
        float[] ratings = new float[n];
        for (int k = 0; k < n; k++) {
            GivenRating g = request.ratings().get(k);
            String error = scale.checkRating(g.rating());
            if (error != null) {
                throw new InvalidInputException("Invalid ratings", List.of(Violation.atIndex(k, "rating", error)));
            }
            items[k] = g.itemId();
            ratings[k] = g.rating().floatValue();
        }
        Timer.Sample sample = metrics.start();
        RecommendationService.Ranked r = service.recommendAnonymous(items, ratings, rules(request.category(),
                request.exclude(), request.offset() == null ? 0 : request.offset(),
                request.limit() == null ? 10 : request.limit()));
        metrics.record(sample, "anonymous", r.strategy());
        return new AnonymousRecommendations(r.modelVersion(), r.strategy(), scores(r));
    }

    @GetMapping("/items/{itemId}/similar")
    @Operation(operationId = "similarItems", summary = "Items nearest by cosine of their ranking-model factors")
    @ProblemResponse(status = 404, description = "Item unknown to the served model (or deleted), or no model yet",
            detail = UNKNOWN_ITEM)
    public SimilarItems similar(@PathVariable @Pattern(regexp = ID, message = ID_MESSAGE) String itemId,
                                @Parameter(description = "1 to 1000") @RequestParam(defaultValue = "10") @Min(1) @Max(1000) int limit,
                                @RequestParam(defaultValue = "") List<@Pattern(regexp = ID, message = ID_MESSAGE) String> exclude,
                                @RequestParam(defaultValue = "") List<@Pattern(regexp = ID, message = ID_MESSAGE) String> category,
                                @RequestParam(defaultValue = "0") @Min(0) int offset) {
        Timer.Sample sample = metrics.start();
        RecommendationService.Ranked r = service.similar(itemId, rules(category, exclude, offset, limit));
        if (r == null) {
            throw new UnknownItemException(itemId);
        }
        metrics.record(sample, "similar", r.strategy());
        return new SimilarItems(itemId, r.modelVersion(),
                r.items().stream().map(s -> new SimilarItem(s.itemId(), s.score())).toList());
    }

    @GetMapping("/items/popular")
    @Operation(operationId = "popularItems", summary = "Most popular items: by number of ratings (the cold-start list)",
            description = "Without window: rating counts of the served model's training data. With window (7d, 24h, "
                    + "90m; at most 3650d): counts of the ratings of that last stretch of time, from the store "
                    + "(trending). Business rules as on every list.")
    public PopularItems popular(
            @Parameter(description = "1 to 1000") @RequestParam(defaultValue = "10") @Min(1) @Max(1000) int limit,
            @RequestParam(defaultValue = "") List<@Pattern(regexp = ID, message = ID_MESSAGE) String> exclude,
            @RequestParam(defaultValue = "") List<@Pattern(regexp = ID, message = ID_MESSAGE) String> category,
            @RequestParam(defaultValue = "0") @Min(0) int offset,
            @Parameter(description = "only ratings of this last stretch of time, e.g. 7d")
            @RequestParam(required = false) String window) {
        Timer.Sample sample = metrics.start();
        ListRules rules = rules(category, exclude, offset, limit);
        RecommendationService.Ranked r = window == null ? service.popular(rules)
                : service.trending(rules, window(window));
        metrics.record(sample, window == null ? "popular" : "trending", r.strategy());
        return new PopularItems(r.modelVersion(), scores(r));
    }

    public record LatestItem(String itemId, java.time.Instant catalogedAt) {
    }

    public record LatestItems(List<LatestItem> items) {
    }

    @GetMapping("/items/latest")
    @Operation(operationId = "latestItems", summary = "Newest items by catalogue time (when PUT, batch or import first catalogued them)",
            description = "Business rules as on every list; items known only from ratings have no catalogue time.")
    public LatestItems latest(
            @Parameter(description = "1 to 1000") @RequestParam(defaultValue = "10") @Min(1) @Max(1000) int limit,
            @RequestParam(defaultValue = "") List<@Pattern(regexp = ID, message = ID_MESSAGE) String> exclude,
            @RequestParam(defaultValue = "") List<@Pattern(regexp = ID, message = ID_MESSAGE) String> category,
            @RequestParam(defaultValue = "0") @Min(0) int offset) {
        return new LatestItems(service.latest(rules(category, exclude, offset, limit)).stream()
                .map(s -> new LatestItem(s.itemId(), java.time.Instant.ofEpochMilli(s.catalogedAt()))).toList());
    }

    private static java.time.Duration window(String text) {
        java.time.Duration d = null;
        try {
            d = org.springframework.boot.convert.DurationStyle.SIMPLE.parse(text);
        } catch (IllegalArgumentException e) {
            // reported below
        }
        if (d == null || d.isNegative() || d.isZero() || d.compareTo(java.time.Duration.ofDays(3650)) > 0) {
            throw new InvalidInputException("invalid window", List.of(Violation.field("window",
                    "must be a positive duration of at most 3650d such as 7d, 24h or 90m, was '" + text + "'")));
        }
        return d;
    }

    private static List<ItemScore> scores(RecommendationService.Ranked r) {
        List<ItemScore> out = new java.util.ArrayList<>(r.items().size());
        for (int k = 0; k < r.items().size(); k++) {
            RecommendationService.Scored s = r.items().get(k);
            out.add(new ItemScore(s.itemId(), s.score(), r.because() == null ? null : r.because().get(k)));
        }
        return out;
    }

    /** The rules of one list request; 400 naming offset when the page reaches past rank 1,000. */
    static ListRules rules(List<String> category, List<String> exclude, int offset, int limit) {
        if ((long) offset + limit > MAX_RANK) {
            throw new InvalidInputException("page too deep", List.of(Violation.field("offset",
                    "offset + limit must be at most " + MAX_RANK + ", was " + ((long) offset + limit))));
        }
        return new ListRules(category == null ? List.of() : List.copyOf(new java.util.LinkedHashSet<>(category)),
                exclude == null ? List.of() : exclude, offset, limit);
    }
}
