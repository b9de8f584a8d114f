package dev.latent.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SuccessiveHalvingTest {

    /** A one-knob objective with its optimum planted at 0.7; cheap rungs see it through resource-dependent noise. */
    private static final class Planted implements SuccessiveHalving.Objective<Double, Integer> {
        final List<Double> fullyTrained = new ArrayList<>();
        int spent;

        @Override
        public int fullResource(Double p) {
            return 27;
        }

        @Override
        public int minResource(Double p) {
            return 1;
        }

        @Override
        public SuccessiveHalving.Outcome<Integer> evaluate(Double p, int resource, Integer state, int done,
                                                           Budget budget) {
            spent += state == null ? resource : resource - done;
            if (resource == 27) {
                fullyTrained.add(p);
            }
            double noise = Math.sin(p * 1000) * 0.05 / resource;
            return new SuccessiveHalving.Outcome<>(Math.abs(p - 0.7) + noise, resource, Trial.DONE);
        }
    }

    private static List<Double> grid(int n) {
        List<Double> c = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            c.add((j * 37 % n) / (double) n); // a fixed shuffle of 0, 1/n, ..., (n−1)/n
        }
        return c;
    }

    @Test
    void findsThePlantedOptimumAndSpendsMostOfTheResourceNearIt() {
        Planted objective = new Planted();
        List<Trial> seen = new ArrayList<>();
        var result = new SuccessiveHalving<>(objective, p -> Map.of("x", p), "score", false)
                .run(grid(27), Budget.of(Duration.ofHours(1)), (t, n, best) -> seen.add(t));
        assertEquals(0.7, result.best(), 1.0 / 27 + 1e-9);
        // The best reported is the best of the last rung, as measured there (not a lower rung's figure).
        Trial last = seen.get(seen.size() - 1);
        double bestOfLastRung = Double.POSITIVE_INFINITY;
        for (Trial t : seen) {
            if (t.rung() == last.rung()) {
                bestOfLastRung = Math.min(bestOfLastRung, t.score());
            }
        }
        assertEquals(bestOfLastRung, result.score());
        assertEquals(27, result.resourceDone());
        assertEquals(SuccessiveHalving.plannedEvaluations(27), seen.size());
        assertEquals(27 + 9 + 3, seen.size());
        // Only the three best of the first rung's nine survivors reach the full resource, all near the optimum.
        assertEquals(3, objective.fullyTrained.size());
        for (double p : objective.fullyTrained) {
            assertTrue(Math.abs(p - 0.7) < 0.1, "fully trained " + p);
        }
        // Rungs at 3, 9 and 27, each continuing from its state: 27 × 3 + 9 × (9 − 3) + 3 × (27 − 9), a quarter
        // of training all 27 fully.
        assertEquals(27 * 3 + 9 * 6 + 3 * 18, objective.spent);
        assertTrue(objective.spent < 27 * 27 / 3);
    }

    @Test
    void aSpentBudgetReturnsTheFirstCandidateWithoutTraining() {
        Planted objective = new Planted();
        var result = new SuccessiveHalving<>(objective, p -> Map.of("x", p), "score", false)
                .run(grid(9), Budget.of(Duration.ZERO), (t, n, best) -> { });
        assertEquals(grid(9).get(0), result.best());
        assertEquals(0, objective.spent);
        assertTrue(result.trials().isEmpty());
    }

    @Test
    void rungSizesKeepAThirdEachRung() {
        assertEquals(List.of(18, 6, 2), toList(SuccessiveHalving.rungSizes(18)));
        assertEquals(List.of(4, 2), toList(SuccessiveHalving.rungSizes(4)));
        assertEquals(List.of(1), toList(SuccessiveHalving.rungSizes(1)));
    }

    private static List<Integer> toList(int[] a) {
        List<Integer> l = new ArrayList<>();
        for (int v : a) {
            l.add(v);
        }
        return l;
    }
}
