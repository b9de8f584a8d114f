package dev.latent.tuning;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Successive halving (Jamieson and Talwalkar 2016; the inner loop of Hyperband): every candidate is trained
 * with a small share of its resource, the best 1/η go on with η times more, and so on up to the full resource,
 * so most of the compute goes to the configurations that are already good. With n candidates and η = 3 there
 * are up to three rungs at 1/9, 1/3 and all of the resource.
 *
 * <p>A candidate that goes on continues from its trained state when the objective can do so (ALS, SGD and the
 * ranking model are warm-started; the state of only the candidates still in the running is kept), otherwise
 * it is trained afresh with the larger resource.
 *
 * <p>Deterministic: candidates are given in order, ties are broken by candidate order, and nothing depends on
 * time unless the deadline cuts the search short.
 *
 * @param <P> a configuration
 * @param <S> a trained state (a model) that a larger rung can continue from
 */
public final class SuccessiveHalving<P, S> {

    /** Rung resources are this factor apart and each rung keeps 1/η of the candidates. */
    public static final int ETA = 3;

    /** Trains and scores one candidate. */
    public interface Objective<P, S> {

        /** The full resource of {@code params} (its iterations) and the smallest share worth measuring. */
        int fullResource(P params);

        int minResource(P params);

        /**
         * Trains {@code params} to {@code resource}, continuing from {@code state} (trained to {@code done}; null
         * and 0 for a fresh start); returns the score (lower is better) and the new state.
         */
        Outcome<S> evaluate(P params, int resource, S state, int done, Budget budget);
    }

    /** What one evaluation produced; {@code status} one of {@link Trial}'s. */
    public record Outcome<S>(double score, S state, String status) {
    }

    /** Told of every finished evaluation. */
    @FunctionalInterface
    public interface Listener {
        void onTrial(Trial trial, int planned, Trial best);
    }

    /** The chosen candidate and everything evaluated. {@code state} may need more training when cut short. */
    public record Result<P, S>(P best, S state, int resourceDone, double score, List<Trial> trials) {
    }

    private final Objective<P, S> objective;
    private final Function<P, java.util.Map<String, Object>> describe;
    private final String metric;
    private final boolean higherIsBetter;

    /**
     * @param metric         the name of the validation figure in {@link Trial}s
     * @param higherIsBetter whether the figure shown is the negated score (NDCG: the objective returns −NDCG)
     */
    public SuccessiveHalving(Objective<P, S> objective, Function<P, java.util.Map<String, Object>> describe,
                             String metric, boolean higherIsBetter) {
        this.objective = objective;
        this.describe = describe;
        this.metric = metric;
        this.higherIsBetter = higherIsBetter;
    }

    private final class Candidate {
        final int index;
        final P params;
        S state;
        int done;
        double score = Double.NaN;
        int rung = -1;

        Candidate(int index, P params) {
            this.index = index;
            this.params = params;
        }
    }

    /** The number of evaluations a search over {@code n} candidates plans. */
    public static int plannedEvaluations(int n) {
        int total = 0;
        for (int size : rungSizes(n)) {
            total += size;
        }
        return total;
    }

    static int[] rungSizes(int n) {
        int rungs = n >= ETA * ETA ? 3 : n >= ETA ? 2 : 1;
        int[] sizes = new int[rungs];
        int size = n;
        for (int r = 0; r < rungs; r++) {
            sizes[r] = size;
            size = Math.max(1, (size + ETA - 1) / ETA);
        }
        return sizes;
    }

    /** Runs the search over {@code candidates} (at least one) within {@code budget}. */
    public Result<P, S> run(List<P> candidates, Budget budget, Listener listener) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("no candidates");
        }
        int[] sizes = rungSizes(candidates.size());
        int planned = plannedEvaluations(candidates.size());
        List<Candidate> alive = new ArrayList<>();
        for (int c = 0; c < candidates.size(); c++) {
            alive.add(new Candidate(c, candidates.get(c)));
        }
        List<Trial> trials = new ArrayList<>();
        Candidate best = null;
        Trial bestTrial = null;
        double bestScore = Double.NaN;
        for (int r = 0; r < sizes.length && !budget.exhausted(); r++) {
            int keep = r + 1 < sizes.length ? sizes[r + 1] : 0;
            List<Candidate> measured = new ArrayList<>();
            for (Candidate c : alive) {
                if (budget.exhausted()) {
                    break;
                }
                int full = objective.fullResource(c.params);
                double share = Math.pow(ETA, -(sizes.length - 1 - r));
                int resource = Math.min(full, Math.max(objective.minResource(c.params),
                        (int) Math.round(full * share)));
                long t0 = System.nanoTime();
                Outcome<S> o = objective.evaluate(c.params, resource, c.state, c.done, budget);
                Trial t = new Trial(trials.size() + 1, describe.apply(c.params), r, resource, metric,
                        higherIsBetter ? -o.score() : o.score(), o.status(), (System.nanoTime() - t0) / 1e9);
                trials.add(t);
                if (o.status().equals(Trial.CUT)) {
                    listener.onTrial(t, planned, bestTrial);
                    break;
                }
                c.score = o.status().equals(Trial.DONE) ? o.score() : Double.POSITIVE_INFINITY;
                c.rung = r;
                c.done = resource;
                c.state = o.state();
                measured.add(c);
                measured.sort(Comparator.<Candidate>comparingDouble(x -> x.score).thenComparingInt(x -> x.index));
                // Keep the trained state only of candidates that would go on (and the best), to bound memory.
                for (int m = Math.max(1, keep); m < measured.size(); m++) {
                    measured.get(m).state = null;
                }
                // Compare with the best trial as it was measured (the candidate's own fields move on as it
                // climbs rungs): a higher rung wins, then a lower score.
                if (o.status().equals(Trial.DONE) && (bestTrial == null || r > bestTrial.rung()
                        || (r == bestTrial.rung() && o.score() < bestScore))) {
                    best = c;
                    bestTrial = t;
                    bestScore = o.score();
                }
                listener.onTrial(t, planned, bestTrial);
            }
            if (measured.isEmpty()) {
                break;
            }
            alive = new ArrayList<>(measured.subList(0, Math.min(keep, measured.size())));
            alive.removeIf(c -> c.score == Double.POSITIVE_INFINITY);
            alive.sort(Comparator.comparingInt(c -> c.index));
            if (alive.isEmpty()) {
                break;
            }
        }
        if (best == null) { // nothing could be measured in time: the first candidate (the incumbent or default)
            P first = candidates.get(0);
            return new Result<>(first, null, 0, Double.NaN, trials);
        }
        return new Result<>(best.params, best.state, best.done, bestScore, trials);
    }
}
