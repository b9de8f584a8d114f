package dev.latent.tuning;

import java.util.Locale;

/** The rating-model trainers the search chooses among, by the names settings and the API use. */
public enum RatingAlgorithm {
    ALS("als"),
    SGD("sgd"),
    BAYES_ALS("bayes-als");

    private final String id;

    RatingAlgorithm(String id) {
        this.id = id;
    }

    /** The name in settings and the API: {@code als}, {@code sgd}, {@code bayes-als}. */
    public String id() {
        return id;
    }

    /** @throws IllegalArgumentException for an unknown name */
    public static RatingAlgorithm of(String id) {
        String s = id.trim().toLowerCase(Locale.ROOT);
        for (RatingAlgorithm a : values()) {
            if (a.id.equals(s)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown rating algorithm '" + id + "' (als, sgd or bayes-als)");
    }
}
