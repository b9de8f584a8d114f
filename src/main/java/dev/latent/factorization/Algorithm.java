package dev.latent.factorization;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;

/**
 * The registry of trainers by name, used by the service ({@code latent.training.algorithm}), the
 * {@code evaluate} command ({@code --algorithm}) and ranking tuning: each name builds its config from
 * {@link Settings} and its trainer from the config.
 */
public enum Algorithm {
    /** Alternating least squares with biases and weighted λ (the rating model's default). */
    ALS("als", false, AlsConfig::from, c -> new AlsTrainer((AlsConfig) c)),
    /** Stochastic gradient descent with biases. */
    SGD("sgd", false, SgdConfig::from, c -> new SgdTrainer((SgdConfig) c)),
    /** Bayesian ALS by Gibbs sampling (offline evaluation only). */
    BAYES_ALS("bayes-als", false, BayesianAlsConfig::from, c -> new BayesianAlsTrainer((BayesianAlsConfig) c)),
    /** Implicit ALS over who rated what, weighted by confidence (the ranking model). */
    IMPLICIT_ALS("implicit-als", true, ImplicitAlsConfig::from, c -> new ImplicitAlsTrainer((ImplicitAlsConfig) c));

    private final String wire;
    private final boolean ranking;
    private final Function<Settings, Record> configs;
    private final Function<Record, Trainer> trainers;

    Algorithm(String wire, boolean ranking, Function<Settings, Record> configs, Function<Record, Trainer> trainers) {
        this.wire = wire;
        this.ranking = ranking;
        this.configs = configs;
        this.trainers = trainers;
    }

    /** The name used in settings and flags. */
    public String wire() {
        return wire;
    }

    /** The config these settings give (a record: its text describes the run). */
    public Record config(Settings s) {
        return configs.apply(s);
    }

    public Trainer trainer(Settings s) {
        return trainers.apply(config(s));
    }

    /** A rating-model algorithm by name. */
    public static Algorithm rating(String name) {
        for (Algorithm a : values()) {
            if (!a.ranking && a.wire.equals(name.toLowerCase(Locale.ROOT))) {
                return a;
            }
        }
        throw new IllegalArgumentException("--algorithm must be " + String.join(", ",
                Arrays.stream(values()).filter(a -> !a.ranking).map(Algorithm::wire).toList())
                .replaceFirst(", ([^,]*)$", " or $1"));
    }
}
