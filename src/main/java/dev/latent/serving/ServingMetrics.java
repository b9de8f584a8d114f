package dev.latent.serving;

import dev.latent.model.ModelHolder;
import dev.latent.model.ServedModel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.springframework.stereotype.Component;

/**
 * What an operator alerts on in serving, as Micrometer meters (Prometheus names in docs/operations.md):
 * the served model (version, age, size, held-out metrics: NaN before the first model), the latency of every
 * serving endpoint by strategy, fold-ins, the fold-in cache and the explanation cache.
 */
@Component
public class ServingMetrics {

    /**
     * Latency buckets (seconds): a serving answer is expected in milliseconds, so the buckets are dense there
     * and few (11 per series instead of Micrometer's ~70 percentile buckets).
     */
    private static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
            Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500)};

    private final MeterRegistry registry;
    /** Per endpoint, its timers by strategy ordinal (registered on first use). */
    private final Map<String, Timer[]> timers = new ConcurrentHashMap<>();
    private final Counter userFoldIns;
    private final Counter anonymousFoldIns;
    private final Counter cacheHits;

    public ServingMetrics(MeterRegistry registry, ModelHolder holder, FoldInCache cache, ExplanationCache systems) {
        this.registry = registry;
        model(registry, holder, "latent.model.version", null, "version of the served model", ServedModel::version);
        model(registry, holder, "latent.model.age", "seconds", "time since the served model was trained",
                m -> Duration.between(m.trainedAt(), Instant.now()).toMillis() / 1000.0);
        model(registry, holder, "latent.model.users", null, "users in the served model", m -> m.users().size());
        model(registry, holder, "latent.model.items", null, "items in the served model", m -> m.items().size());
        model(registry, holder, "latent.model.ratings", null, "ratings the served model was trained on",
                m -> m.info().ratings());
        String rmse = "held-out RMSE of the served rating model (model=served) and of its baseline, global mean plus "
                + "biases on the same split (model=biases)";
        heldOut(registry, holder, "latent.model.heldout.rmse", "served", "heldOutRmse", rmse);
        heldOut(registry, holder, "latent.model.heldout.rmse", "biases", "baselineRmse", rmse);
        String ndcg = "held-out NDCG@10 of the served ranking model (model=served) and of the most-rated list on the "
                + "same split (model=popularity)";
        heldOut(registry, holder, "latent.model.heldout.ndcg10", "served", "ndcg@10", ndcg);
        heldOut(registry, holder, "latent.model.heldout.ndcg10", "popularity", "popularityNdcg@10", ndcg);
        Gauge.builder("latent.serving.foldin.cache.size", cache, FoldInCache::size)
                .description("folded-in users kept in the cache").register(registry);
        userFoldIns = Counter.builder("latent.serving.foldins").tag("source", "user")
                .description("users solved on the fly: rated since the model, or new").register(registry);
        anonymousFoldIns = Counter.builder("latent.serving.foldins").tag("source", "anonymous")
                .description("users solved on the fly: rated since the model, or new").register(registry);
        cacheHits = Counter.builder("latent.serving.foldin.cache.hits")
                .description("answers that reused a cached fold-in").register(registry);
        String lookups = "explanations by whether they reused a cached factor of the user's row system (hit) or built it (miss)";
        FunctionCounter.builder("latent.serving.explanation.cache", systems, ExplanationCache::hits)
                .tag("result", "hit").description(lookups).register(registry);
        FunctionCounter.builder("latent.serving.explanation.cache", systems, ExplanationCache::misses)
                .tag("result", "miss").description(lookups).register(registry);
        String items = "explained items by whether their top terms came from the cached entry's memo (remembered) "
                + "or were computed";
        FunctionCounter.builder("latent.serving.explanation.items", systems, ExplanationCache::remembered)
                .tag("result", "remembered").description(items).register(registry);
        FunctionCounter.builder("latent.serving.explanation.items", systems, ExplanationCache::computed)
                .tag("result", "computed").description(items).register(registry);
        Gauge.builder("latent.serving.explanation.cache.size", systems, ExplanationCache::bytes).baseUnit("bytes")
                .description("memory held by cached factors (at most latent.serving.explanation-cache-size)")
                .register(registry);
        Gauge.builder("latent.serving.explanation.cache.users", systems, ExplanationCache::size)
                .description("users whose factor is cached").register(registry);
    }

    /** Starts timing a serving request. */
    public Timer.Sample start() {
        return Timer.start(registry);
    }

    /** Records a request answered by {@code endpoint} with {@code strategy}. */
    public void record(Timer.Sample sample, String endpoint, Strategy strategy) {
        Timer[] byStrategy = timers.computeIfAbsent(endpoint, e -> new Timer[Strategy.values().length]);
        Timer timer = byStrategy[strategy.ordinal()];
        if (timer == null) { // a racing thread registers the same meter: the registry hands both the one instance
            timer = Timer.builder("latent.serving.requests")
                    .description("serving answers by endpoint and strategy (successful ones; errors are in http_server_requests)")
                    .tag("endpoint", endpoint).tag("strategy", strategy.wire())
                    .serviceLevelObjectives(BUCKETS).register(registry);
            byStrategy[strategy.ordinal()] = timer;
        }
        sample.stop(timer);
    }

    void foldedIn(boolean anonymous) {
        (anonymous ? anonymousFoldIns : userFoldIns).increment();
    }

    void cacheHit() {
        cacheHits.increment();
    }

    private static void model(MeterRegistry registry, ModelHolder holder, String name, String unit, String description,
                              ToDoubleFunction<ServedModel> value) {
        Gauge.builder(name, holder, h -> h.current().map(value::applyAsDouble).orElse(Double.NaN))
                .description(description + " (NaN before the first model)").baseUnit(unit).register(registry);
    }

    private static void heldOut(MeterRegistry registry, ModelHolder holder, String name, String model, String metric,
                                String description) {
        Gauge.builder(name, holder, h -> h.current().map(m -> m.info().metrics().get(metric))
                        .map(Double::doubleValue).orElse(Double.NaN))
                .tag("model", model).description(description + " (NaN before the first model or without a holdout)")
                .register(registry);
    }
}
