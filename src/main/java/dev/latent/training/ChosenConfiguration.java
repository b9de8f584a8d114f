package dev.latent.training;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The configuration a run trained and where it came from, stored with the run and with the model
 * ({@code parameters.configuration}) and shown by {@code GET /model}.
 *
 * @param rating  the rating model's configuration ({@code RatingParams.asMap})
 * @param ranking the ranking model's ({@code RankingParams.asMap}); null without a ranking model
 * @param origin  where it came from
 */
public record ChosenConfiguration(Map<String, Object> rating, Map<String, Object> ranking, Origin origin) {

    /** How the configuration was chosen. */
    public static final String SEARCH = "search";
    /** The engine defaults (tuning off, or nothing held out to search with). */
    public static final String DEFAULT = "default";
    /** Knobs set under {@code latent.training.*}. */
    public static final String SETTING = "setting";

    /**
     * @param kind            {@link #SEARCH}, {@link #DEFAULT} or {@link #SETTING} (the rating model's; a set
     *                        model beside a searched one says so in {@code fixed})
     * @param searchRunId     the run whose search chose it (null unless {@code kind} is search)
     * @param searchedAt      when that search ran
     * @param ratingsAtSearch how many ratings it searched on (the growth trigger compares with it)
     * @param reused          true when this run reused it instead of searching
     * @param fixed           the models fixed by their settings, e.g. {@code "ranking"} (null: none)
     */
    public record Origin(String kind, Long searchRunId, Instant searchedAt, Long ratingsAtSearch, boolean reused,
                         String fixed) {
    }

    /** As stored in the model's parameters. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rating", rating);
        m.put("ranking", ranking);
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("kind", origin.kind());
        o.put("searchRunId", origin.searchRunId());
        o.put("searchedAt", origin.searchedAt() == null ? null : origin.searchedAt().toString());
        o.put("ratingsAtSearch", origin.ratingsAtSearch());
        o.put("reused", origin.reused());
        o.put("fixed", origin.fixed());
        m.put("origin", o);
        return m;
    }

    /** Reads {@link #asMap}'s form back; null when {@code value} is not one (a model from before searches). */
    @SuppressWarnings("unchecked")
    public static ChosenConfiguration fromMap(Object value) {
        if (!(value instanceof Map<?, ?> m) || !(m.get("rating") instanceof Map<?, ?> rating)
                || !(m.get("origin") instanceof Map<?, ?> o)) {
            return null;
        }
        Object at = o.get("searchedAt");
        return new ChosenConfiguration((Map<String, Object>) rating, (Map<String, Object>) m.get("ranking"),
                new Origin(String.valueOf(o.get("kind")), o.get("searchRunId") instanceof Number n ? n.longValue() : null,
                        at == null ? null : Instant.parse(at.toString()),
                        o.get("ratingsAtSearch") instanceof Number r ? r.longValue() : null,
                        Boolean.TRUE.equals(o.get("reused")), o.get("fixed") == null ? null : o.get("fixed").toString()));
    }
}
