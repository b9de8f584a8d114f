package dev.latent.serving;

import dev.latent.ratings.RatingRules;
import dev.latent.web.InvalidInputException;
import dev.latent.web.NoModelException;
import dev.latent.web.ProblemResponse;
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
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Group and context recommendations, similar users and surprising items. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Serving")
public class UserListsController {

    private static final String ID = ServingController.ID;
    private static final String ID_MESSAGE = ServingController.ID_MESSAGE;

    @Schema(example = "{\"userIds\": [\"1\", \"2\", \"3\"], \"limit\": 10, \"category\": [\"Comedy\"]}")
    public record GroupRequest(
            @Schema(description = "1 to 100 members") @NotEmpty @Size(max = 100)
            List<@NotNull @Pattern(regexp = ID, message = ID_MESSAGE) String> userIds,
            @Min(1) @Max(1000) Integer limit,
            @Size(max = 64) List<@NotNull @Pattern(regexp = ID, message = ID_MESSAGE) String> category,
            @Size(max = 1000) List<@NotNull @Pattern(regexp = ID, message = ID_MESSAGE) String> exclude,
            @Min(0) Integer offset) {
    }

    public record MemberOverlap(String userId, double overlap) {
    }

    public record GroupRecommendations(Long modelVersion, String aggregation, List<ServingController.ItemScore> items,
                                       double meanOverlap, double minOverlap, List<MemberOverlap> members) {
    }

    public record BasketItem(@Schema(example = "50") @NotNull @Pattern(regexp = ID, message = ID_MESSAGE) String itemId,
                             @Schema(description = "optional; the top of the rating scale when left out") Double rating) {
    }

    @Schema(example = "{\"items\": [{\"itemId\": \"50\"}, {\"itemId\": \"181\", \"rating\": 4}], \"limit\": 10}")
    public record ContextRequest(@NotNull @Size(max = 1000) List<@NotNull @Valid BasketItem> items,
                                 @Min(1) @Max(1000) Integer limit,
                                 @Size(max = 64) List<@NotNull @Pattern(regexp = ID, message = ID_MESSAGE) String> category,
                                 @Size(max = 1000) List<@NotNull @Pattern(regexp = ID, message = ID_MESSAGE) String> exclude,
                                 @Min(0) Integer offset) {
    }

    public record SimilarUser(String userId, float similarity) {
    }

    public record SimilarUsers(String userId, Long modelVersion, Strategy strategy, List<SimilarUser> users) {
    }

    private final UserLists lists;
    private final RatingRules scale;

    UserListsController(UserLists lists, RatingRules scale) {
        this.lists = lists;
        this.scale = scale;
    }

    @PostMapping("/recommendations/group")
    @ProblemResponse(status = 404, description = "No model trained yet", detail = NoModelException.DETAIL)
    @ProblemResponse(status = 400, description = "invalid input: errors names each field", detail = "invalid userIds",
            members = "{\"errors\": [{\"field\": \"userIds\", \"message\": \"must not be empty\"}]}")
    @Operation(operationId = "recommendForGroup", summary = "One list for a group of up to 100 users",
            description = "Group score = mean of the members' ranking scores; items any member rated are left out; "
                    + "business rules as on every list. meanOverlap / minOverlap: the share of the group list found "
                    + "in each member's own list of the same length and rules (mean over members, least served member).")
    public GroupRecommendations group(@Valid @RequestBody GroupRequest r) {
        UserLists.GroupRanked g = lists.group(r.userIds(), ServingController.rules(r.category(), r.exclude(),
                r.offset() == null ? 0 : r.offset(), r.limit() == null ? 10 : r.limit()));
        List<MemberOverlap> members = new ArrayList<>();
        List<String> distinct = r.userIds().stream().distinct().toList();
        for (int k = 0; k < distinct.size(); k++) {
            members.add(new MemberOverlap(distinct.get(k), g.overlaps().get(k)));
        }
        return new GroupRecommendations(g.modelVersion(), "mean of the members' ranking scores",
                g.items().stream().map(s -> new ServingController.ItemScore(s.itemId(), s.score())).toList(),
                g.meanOverlap(), g.minOverlap(), members);
    }

    @PostMapping("/users/{userId}/recommendations/context")
    @ProblemResponse(status = 404, description = "No model trained yet", detail = NoModelException.DETAIL)
    @ProblemResponse(status = 400, description = "invalid input: errors names each field (index: of items)",
            detail = "invalid basket", members = "{\"errors\": [{\"field\": \"rating\", \"index\": 1, "
            + "\"message\": \"must be between 0.5 and 5.0, was 0.1\"}]}")
    @Operation(operationId = "recommendInContext",
            summary = "A user's list given their history plus a basket that is not stored",
            description = "The stored ratings and the basket (a basket rating replaces a stored one) are folded in "
                    + "together against the served item factors; rated and basket items are left out.")
    public ServingController.Recommendations context(
            @PathVariable @Pattern(regexp = ID, message = ID_MESSAGE) String userId,
            @Valid @RequestBody ContextRequest r) {
        String[] ids = new String[r.items().size()];
        float[] ratings = new float[ids.length];
        for (int k = 0; k < ids.length; k++) {
            BasketItem b = r.items().get(k);
            double v = b.rating() == null ? scale.max() : b.rating();
            String error = scale.checkRating(v);
            if (error != null) {
                throw new InvalidInputException("invalid basket", List.of(Violation.atIndex(k, "rating", error)));
            }
            ids[k] = b.itemId();
            ratings[k] = (float) v;
        }
        RecommendationService.Ranked ranked = lists.context(userId, ids, ratings, ServingController.rules(
                r.category(), r.exclude(), r.offset() == null ? 0 : r.offset(), r.limit() == null ? 10 : r.limit()));
        return new ServingController.Recommendations(userId, ranked.modelVersion(), ranked.strategy(),
                ranked.items().stream().map(s -> new ServingController.ItemScore(s.itemId(), s.score())).toList());
    }

    @GetMapping("/users/{userId}/similar")
    @ProblemResponse(status = 404, description = "No model trained yet", detail = NoModelException.DETAIL)
    @Operation(operationId = "similarUsers", summary = "Users nearest to the user by cosine of their ranking-model factors")
    public SimilarUsers similar(@PathVariable @Pattern(regexp = ID, message = ID_MESSAGE) String userId,
                                @Parameter(description = "1 to 1000") @RequestParam(defaultValue = "10")
                                @Min(1) @Max(1000) int limit) {
        RecommendationService.Ranked r = lists.similarUsers(userId, limit);
        return new SimilarUsers(userId, r.modelVersion(), r.strategy(),
                r.items().stream().map(s -> new SimilarUser(s.itemId(), s.score())).toList());
    }

    @GetMapping("/users/{userId}/surprising")
    @ProblemResponse(status = 404, description = "No model trained yet", detail = NoModelException.DETAIL)
    @Operation(operationId = "surprisingItems",
            summary = "The user's own rated items the model least expected (lowest ranking score first)")
    public ServingController.Recommendations surprising(
            @PathVariable @Pattern(regexp = ID, message = ID_MESSAGE) String userId,
            @Parameter(description = "1 to 1000") @RequestParam(defaultValue = "10") @Min(1) @Max(1000) int limit) {
        RecommendationService.Ranked r = lists.surprising(userId, limit);
        return new ServingController.Recommendations(userId, r.modelVersion(), r.strategy(),
                r.items().stream().map(s -> new ServingController.ItemScore(s.itemId(), s.score())).toList());
    }
}
