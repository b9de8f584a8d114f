package dev.latent.spark;

import dev.latent.factorization.AlsConfig;
import dev.latent.factorization.ImplicitAlsConfig;
import dev.latent.model.ModelInfo;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The job's settings, from {@code --name value} arguments. Model settings default to the service's
 * ({@code latent.training.*} unset: the engine's tuned defaults), so a Spark model and an in-process one
 * trained with defaults are the same model.
 *
 * @param store          JDBC URL of the service's store: ratings are read from it (unless {@code input}) and
 *                       the model is written to it
 * @param input          a CSV (header user,item,rating[,ts]) or Parquet export to read instead of the store
 * @param format         {@code csv}, {@code tsv} (u.data layout) or {@code parquet}
 * @param readPartitions JDBC partitions (ranges of user_key) to read the store with
 * @param blocks         row blocks per side (0: Spark's default parallelism)
 * @param write          write the model into the store (false: train and measure only)
 * @param report         a file to write the run's figures to as JSON (null: none)
 */
public record JobOptions(String store, String user, String password, String input, String format,
                         int readPartitions, int blocks, int rank, double lambda, double biasLambda, int iterations,
                         int refitIterations, boolean ranking, int rankingRank, double rankingLambda,
                         double rankingAlpha, ImplicitAlsConfig.Confidence rankingConfidence, double rankingShift,
                         int rankingIterations, double holdout, long seed, float min, float max, boolean write,
                         String report) implements Serializable {

    static final String USAGE = """
            Usage: spark-submit --class dev.latent.spark.SparkTrainingJob latent-spark.jar --store JDBC_URL [options]
              --store URL            the service's store (jdbc:postgresql://host/db?currentSchema=s or jdbc:h2:...)
              --user U --password P  store credentials (or in the URL)
              --input PATH           read an export instead of the store: CSV/Parquet (columns user,item,rating[,ts])
                                     or TSV without header (user, item, rating, ts: the u.data layout)
              --format csv|tsv|parquet   format of --input (default: by extension .csv/.tsv/.data/.parquet, else csv)
              --read-partitions N    JDBC partitions over user_key ranges (default 8)
              --blocks N             row blocks per side (default: Spark's default parallelism)
              --rank K --lambda L --bias-lambda LB --iterations N --refit-iterations N   rating model (64 0.12 0.02 20 5; refit 0: serve the measured fit)
              --ranking-rank K --ranking-lambda L --ranking-alpha A --ranking-confidence linear|shifted|log|binary
              --ranking-shift S --ranking-iterations N --no-ranking                     ranking model (64 30 3 shifted 3 15)
              --holdout F --seed S    held-out share and seed (0.1, 42)
              --min R --max R         the rating scale (0.5, 5.0): clipping and 'relevant' for NDCG
              --no-write             train and measure without writing the model
              --report FILE          write the run's figures as JSON
            """;

    public static JobOptions parse(String[] args) {
        Map<String, String> a = new LinkedHashMap<>();
        for (int e = 0; e < args.length; e++) {
            String name = args[e];
            if (!name.startsWith("--")) {
                throw new IllegalArgumentException("argument " + (e + 1) + " ('" + name + "') is not an --option\n"
                        + USAGE);
            }
            String key = name.substring(2);
            if (key.equals("no-write") || key.equals("no-ranking")) {
                a.put(key, "true");
            } else if (e + 1 < args.length) {
                a.put(key, args[++e]);
            } else {
                throw new IllegalArgumentException("option " + name + " needs a value\n" + USAGE);
            }
        }
        AlsConfig d = AlsConfig.DEFAULTS;
        ImplicitAlsConfig r = ImplicitAlsConfig.DEFAULTS;
        Args p = new Args(a);
        String input = p.text("input", null);
        String format = p.text("format", input == null || input.endsWith(".csv") ? "csv"
                : input.endsWith(".parquet") ? "parquet" : input.endsWith(".tsv") || input.endsWith(".data") ? "tsv"
                : "csv");
        JobOptions o = new JobOptions(p.text("store", null), p.text("user", null), p.text("password", null), input,
                format, p.integer("read-partitions", 8), p.integer("blocks", 0), p.integer("rank", d.rank()),
                p.number("lambda", d.lambda()), p.number("bias-lambda", d.biasLambda()),
                p.integer("iterations", d.iterations()), p.integer("refit-iterations", 5),
                !p.flag("no-ranking"), p.integer("ranking-rank", r.rank()),
                p.number("ranking-lambda", r.lambda()), p.number("ranking-alpha", r.alpha()),
                ImplicitAlsConfig.Confidence.valueOf(p.text("ranking-confidence", r.confidence().name())
                        .toUpperCase(Locale.ROOT)),
                p.number("ranking-shift", r.shift()), p.integer("ranking-iterations", r.iterations()),
                p.number("holdout", 0.1), (long) p.number("seed", 42), (float) p.number("min", 0.5),
                (float) p.number("max", 5.0), !p.flag("no-write"), p.text("report", null));
        if (!a.isEmpty()) {
            throw new IllegalArgumentException("unknown option --" + a.keySet().iterator().next() + "\n" + USAGE);
        }
        o.validate();
        return o;
    }

    private void validate() {
        if (store == null && (write || input == null)) {
            throw new IllegalArgumentException("--store is required (to read the ratings and to write the model)\n"
                    + USAGE);
        }
        if (!format.equals("csv") && !format.equals("parquet") && !format.equals("tsv")) {
            throw new IllegalArgumentException("--format must be csv, tsv or parquet, not " + format);
        }
        if (!(holdout >= 0 && holdout <= 0.5)) {
            throw new IllegalArgumentException("--holdout must be in [0, 0.5], not " + holdout);
        }
        if (readPartitions < 1 || blocks < 0 || refitIterations < 0 || !(min < max)) {
            throw new IllegalArgumentException("--read-partitions ≥ 1, --blocks ≥ 0, --refit-iterations ≥ 0 and "
                    + "--min < --max are required");
        }
        rating(false);
        rankingConfig(false);
    }

    /** The rating model's settings; the refit's differ only in its iterations. Threads: 1 per Spark task. */
    AlsConfig rating(boolean refit) {
        AlsConfig d = AlsConfig.DEFAULTS;
        return new AlsConfig(rank, lambda, biasLambda, Math.max(1, refit ? refitIterations : iterations), true,
                d.weightedLambda(), 1, seed, d.initStd());
    }

    ImplicitAlsConfig rankingConfig(boolean refit) {
        ImplicitAlsConfig d = ImplicitAlsConfig.DEFAULTS;
        return new ImplicitAlsConfig(rankingRank, rankingLambda, rankingAlpha, rankingConfidence, rankingShift,
                Math.max(1, refit ? refitIterations : rankingIterations), d.solver(), d.cgSteps(),
                d.popularityWeight(), 1, seed);
    }

    /** A held-out rating at least this high counts as relevant: the top quarter of the scale, as the service. */
    float relevantAtLeast() {
        return (float) (min + 0.75 * (max - min));
    }

    Properties jdbcProperties() {
        Properties p = new Properties();
        if (user != null) {
            p.setProperty("user", user);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        return p;
    }

    /** The store URL without its query (which may carry a password), for messages. */
    String storeForLog() {
        int q = store.indexOf('?');
        return q < 0 ? store : store.substring(0, q);
    }

    /** The parameters as the service's {@code GET /model} shows them, plus where the model was trained. */
    Map<String, Object> parameters(int blockCount) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("algorithm", "als");
        m.put("rank", rank);
        m.put("lambda", lambda);
        m.put("biasLambda", biasLambda);
        m.put("iterations", iterations);
        m.put("refitIterations", refitIterations);
        m.put("holdoutFraction", holdout);
        m.put("seed", seed);
        m.put("engine", "spark");
        m.put("blocks", blockCount);
        if (ranking) {
            m.putAll(ModelInfo.rankingParameters(rankingConfig(false)));
        }
        return m;
    }

    /** Typed reads that consume the options they read, so leftovers are unknown options. */
    private record Args(Map<String, String> a) {
        boolean flag(String key) {
            return a.remove(key) != null;
        }

        String text(String key, String fallback) {
            String v = a.remove(key);
            return v != null ? v : fallback;
        }

        int integer(String key, int fallback) {
            String v = a.remove(key);
            try {
                return v != null ? Integer.parseInt(v) : fallback;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + key + " must be an integer, not '" + v + "'");
            }
        }

        double number(String key, double fallback) {
            String v = a.remove(key);
            try {
                return v != null ? Double.parseDouble(v) : fallback;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + key + " must be a number, not '" + v + "'");
            }
        }
    }
}
