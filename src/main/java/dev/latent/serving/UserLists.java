package dev.latent.serving;

import dev.latent.factorization.FactorModel;
import dev.latent.factorization.GroupAggregation;
import dev.latent.factorization.TopN;
import dev.latent.model.ServedModel;
import dev.latent.ratings.RatingReads;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * Lists around users: one list for a group, a user's list in the context of an unstored basket, the nearest
 * users, and the user's own items the model least expected. All rank with the ranking model under the same
 * business rules as {@link RecommendationService}.
 */
@Service
public class UserLists {

    /**
     * A group's list and how well it serves the members: {@code meanOverlap} is the mean, over the members,
     * of the share of the group list found in the member's own list of the same length and rules;
     * {@code minOverlap} the least served member's share.
     */
    public record GroupRanked(Long modelVersion, List<RecommendationService.Scored> items, double meanOverlap,
                              double minOverlap, List<Double> overlaps) {
    }

    private final RecommendationService service;
    private final RatingReads userRatings;
    private final Folding folding;
    private final LiveChanges changes;

    UserLists(RecommendationService service, RatingReads userRatings, Folding folding, LiveChanges changes) {
        this.service = service;
        this.userRatings = userRatings;
        this.folding = folding;
        this.changes = changes;
    }

    /**
     * The group's list by the default aggregation, {@link GroupAggregation#MEAN}: see
     * {@link #group(List, ListRules, GroupAggregation)}.
     */
    public GroupRanked group(List<String> userIds, ListRules rules) {
        return group(userIds, rules, GroupAggregation.MEAN);
    }

    /**
     * One list for the members: their ranking scores (members without ratings count with the popularity
     * scores) aggregated by {@code aggregation} over the items no member rated (and not excluded nor deleted),
     * then ranked under the rules like any other list.
     */
    public GroupRanked group(List<String> userIds, ListRules rules, GroupAggregation aggregation) {
        ServedModel m = service.requireModel();
        int n = m.items().size();
        float[] member = new float[n];
        List<UserView> views = new ArrayList<>();
        Set<String> members = new LinkedHashSet<>(userIds);
        float[] leftOut = new float[n]; // 0, or NaN for an item left out for every member
        for (String id : members) {
            UserView user = service.view(m, id);
            views.add(user);
            for (int i : user.ratedItems()) {
                leftOut[i] = Float.NaN;
            }
        }
        service.leaveOut(m, leftOut, rules.exclude());
        GroupAggregation.Accumulator acc = aggregation.start(n, views.size());
        for (UserView user : views) {
            score(m, user, member);
            for (int i = 0; i < n; i++) {
                member[i] += leftOut[i];
            }
            acc.add(member);
        }
        float[] sum = acc.result();
        TopN.Ranked group = service.select(m, sum, rules);
        Set<Integer> chosen = new HashSet<>();
        for (int i : group.indices()) {
            chosen.add(i);
        }
        List<Double> overlaps = new ArrayList<>();
        for (UserView user : views) {
            score(m, user, member);
            for (int i : user.ratedItems()) {
                member[i] = Float.NaN;
            }
            service.leaveOut(m, member, rules.exclude());
            TopN.Ranked own = service.select(m, member, rules);
            int hits = 0;
            for (int i : own.indices()) {
                hits += chosen.contains(i) ? 1 : 0;
            }
            overlaps.add(group.size() == 0 ? 0.0 : hits / (double) group.size());
        }
        double mean = overlaps.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double min = overlaps.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        return new GroupRanked(m.version(), RecommendationService.named(m, group), mean, min, overlaps);
    }

    /**
     * The user's list given their stored ratings plus a basket that is not stored: the union (a basket
     * rating replaces the stored one of the same item; a basket item without rating counts as the top of
     * the scale) folded in against the served item factors. Rated and basket items are left out.
     */
    public RecommendationService.Ranked context(String userId, String[] basketIds, float[] basketRatings,
                                                ListRules rules) {
        ServedModel m = service.requireModel();
        RatingReads.UserRatings stored = userRatings.ofUser(userId);
        Map<String, Float> all = new LinkedHashMap<>();
        for (int k = 0; k < stored.size(); k++) {
            all.put(stored.itemIds()[k], stored.ratings()[k]);
        }
        for (int k = 0; k < basketIds.length; k++) {
            all.put(basketIds[k], basketRatings[k]);
        }
        String[] ids = all.keySet().toArray(new String[0]);
        float[] values = new float[ids.length];
        for (int k = 0; k < ids.length; k++) {
            values[k] = all.get(ids[k]);
        }
        UserView user = RecommendationService.view(folding.fold(m, ids, values, changes.sequence()));
        return service.top(m, user, rules, user.ratedItems());
    }

    /**
     * Users nearest to the user by cosine of their ranking-model factors (a folded-in user by their folded
     * vector). O(users · k) per request. Users deleted since the model are left out.
     */
    public RecommendationService.Ranked similarUsers(String userId, int limit) {
        ServedModel m = service.requireModel();
        UserView me = service.view(m, userId);
        FactorModel k = m.ranking();
        int users = m.users().size();
        int rank = k.rank();
        float[] p = me.rankingVector();
        double pn = Math.sqrt(dot(p, 0, p, rank));
        float[] sims = new float[users];
        float[] f = k.userFactors();
        int self = m.users().index(userId);
        for (int u = 0; u < users; u++) {
            double un = Math.sqrt(dot(f, u * rank, f, rank, u * rank));
            double d = 0;
            for (int x = 0; x < rank; x++) {
                d += p[x] * f[u * rank + x];
            }
            sims[u] = pn == 0 || un == 0 || u == self ? Float.NaN : (float) (d / (pn * un));
        }
        TopN.Ranked top = TopN.select(sims, users, limit,
                u -> changes.userDeletedAfter(m.users().id(u), m.changeSeq()));
        List<RecommendationService.Scored> out = new ArrayList<>(top.size());
        for (int j = 0; j < top.size(); j++) {
            out.add(new RecommendationService.Scored(m.users().id(top.indices()[j]), top.scores()[j]));
        }
        return new RecommendationService.Ranked(m.version(), me.strategy(), out);
    }

    /**
     * The user's own rated items (as the store holds them now) that the ranking model scores lowest for
     * them: what it least expected the user to have picked. Score: the ranking score (lower = more surprising).
     */
    public RecommendationService.Ranked surprising(String userId, int limit) {
        ServedModel m = service.requireModel();
        UserView me = service.view(m, userId);
        RatingReads.UserRatings stored = userRatings.ofUser(userId);
        int n = m.items().size();
        float[] scores = new float[n];
        Arrays.fill(scores, Float.NaN);
        FactorModel k = m.ranking();
        for (String id : stored.itemIds()) {
            int i = m.items().index(id);
            if (i >= 0 && !changes.itemDeletedAfter(id, m.changeSeq())) {
                scores[i] = -k.predict(0f, me.rankingVector(), i);
            }
        }
        TopN.Ranked top = TopN.select(scores, n, limit, null);
        List<RecommendationService.Scored> out = new ArrayList<>(top.size());
        for (int j = 0; j < top.size(); j++) {
            out.add(new RecommendationService.Scored(m.items().id(top.indices()[j]), -top.scores()[j]));
        }
        return new RecommendationService.Ranked(m.version(), me.strategy(), out);
    }

    private static void score(ServedModel m, UserView user, float[] out) {
        int n = m.items().size();
        if (user.strategy() == Strategy.POPULAR) {
            System.arraycopy(m.popularity().scores(), 0, out, 0, n);
        } else {
            m.ranking().scoreAll(0f, user.rankingVector(), out);
        }
    }

    private static double dot(float[] a, int ao, float[] b, int rank) {
        return dot(a, ao, b, rank, ao);
    }

    private static double dot(float[] a, int ao, float[] b, int rank, int bo) {
        double s = 0;
        for (int x = 0; x < rank; x++) {
            s += a[ao + x] * b[bo + x];
        }
        return s;
    }
}
