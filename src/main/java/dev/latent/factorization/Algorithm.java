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

    /** Whether this is the ranking model's trainer (implicit feedback) rather than a rating model's. */
    public boolean ranking() {
        return ranking;
    }

    /**
     * The config these settings give (a record: its text describes the run): the one way every caller (the
     * service's properties, the command line, a tuning point, a searched configuration) builds a config.
     */
    public Record config(Settings s) {
        return configs.apply(s);
    }

    public Trainer trainer(Settings s) {
        return trainer(config(s));
    }

    /**
     * The trainer of a config of this algorithm (as {@link #config} gives it).
     *
     * @throws IllegalArgumentException when the config belongs to another algorithm
     */
    public Trainer trainer(Record config) {
        try {
            return trainers.apply(config);
        } catch (ClassCastException e) {
            throw new IllegalArgumentException(wire + " cannot train a " + config.getClass().getSimpleName(), e);
        }
    }

    /**
     * A rating-model algorithm by name (case and surrounding blanks ignored).
     *
     * @throws IllegalArgumentException naming the value and the choices: the one text for an unknown name, from
     *                                  the command line's {@code --algorithm}, {@code latent.training.algorithm}
     *                                  or a stored configuration
     */
    public static Algorithm rating(String name) {
        String s = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (Algorithm a : values()) {
            if (!a.ranking && a.wire.equals(s)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown algorithm '" + name + "': must be " + String.join(", ",
                Arrays.stream(values()).filter(a -> !a.ranking).map(Algorithm::wire).toList())
                .replaceFirst(", ([^,]*)$", " or $1"));
    }
}
