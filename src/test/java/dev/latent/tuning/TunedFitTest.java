package dev.latent.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latent.factorization.FactorModel;
import dev.latent.factorization.ImplicitAlsConfig.Confidence;
import dev.latent.model.Ratings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TunedFitTest {

    private static final TunedFit FIT = new TunedFit(0.1, 0.1, 3, 2, 42L, 1f, 5f, 4f);
    private static final Ratings DATA = Planted.ratings(150, 110, 3, 0.3, 3, 1, 0.4, 1, 8L);

    private static final class Recorder implements TunedFit.Progress {
        final List<String> phases = new ArrayList<>();
        final List<Trial> trials = new ArrayList<>();

        @Override
        public void phase(String name) {
            phases.add(name);
        }

        @Override
        public boolean iteration(String phase, double loss) {
            return true;
        }

        @Override
        public void trial(Trial trial, int planned, Trial bestRating, Trial bestRanking) {
            trials.add(trial);
        }
    }

    @Test
    void aSearchRunChoosesMeasuresAndRefitsOnEveryRating() {
        Recorder r = new Recorder();
        TunedFit.Result result = FIT.run(DATA, TunedFit.Plan.search(new ModelSearch(6, 3, Duration.ofHours(1), 2, 42L,
                1000), null, null), null, null, false, r);
        assertEquals(List.of("search", "rating-fit", "ranking-fit", "measure", "rating-refit", "ranking-refit"),
                r.phases);
        assertEquals(result.trials(), r.trials);
        assertEquals(SuccessiveHalving.plannedEvaluations(6) + SuccessiveHalving.plannedEvaluations(3), r.trials.size());
        assertNotNull(result.rating());
        assertEquals(DATA.size(), result.all().size());
        assertTrue(result.figures().rating().rmse() < result.figures().biases().rmse());
        assertNull(result.verdict());
        if (result.ratingConfig().algorithm() == dev.latent.factorization.Algorithm.BAYES_ALS) {
            assertNotNull(result.bayesian());
            assertEquals(result.rating().rank(), result.bayesian().sampleRank() * result.bayesian().samples());
        }
    }

    @Test
    void theGateRejectsADeliberatelyWorseModelUnlessForced() {
        Recorder first = new Recorder();
        TunedFit.Result good = FIT.run(DATA, TunedFit.Plan.fixed(RatingParams.als(8, 0.1, 0.02, 15),
                new RankingParams(16, 10, 3, Confidence.SHIFTED, 3, 10)), null, null, false, first);
        // The gate's reference is the served run's measured fit (it never saw the held-out part).
        TunedFit.Baseline served = (snapshot, train) -> new FactorModel[] {good.measuredRating(),
                good.measuredRanking()};
        TunedFit.Plan worse = TunedFit.Plan.fixed(RatingParams.als(1, 5.0, 5.0, 2),
                new RankingParams(1, 1000, 0, Confidence.BINARY, 3, 1));
        QualityGate gate = new QualityGate(0.01, 0.02);
        Recorder second = new Recorder();
        TunedFit.Result rejected = FIT.run(DATA, worse, served, gate, false, second);
        assertTrue(rejected.rejected());
        assertNull(rejected.rating());
        assertFalse(rejected.verdict().passed());
        assertTrue(rejected.verdict().candidate().rmse() > rejected.verdict().served().rmse() + 0.01);
        assertFalse(second.phases.contains("rating-refit"), "a rejected run does not refit");
        TunedFit.Result forced = FIT.run(DATA, worse, served, gate, true, new Recorder());
        assertFalse(forced.rejected());
        assertNotNull(forced.rating());
        assertFalse(forced.verdict().passed()); // measured and reported, but let through
        TunedFit.Result same = FIT.run(DATA, TunedFit.Plan.fixed(good.ratingConfig(), good.rankingConfig()), served,
                gate, false, new Recorder());
        assertFalse(same.rejected());
        assertEquals(good.figures().rating().rmse(), same.verdict().served().rmse(), 1e-9);
        assertEquals(same.verdict().candidate().rmse(), same.verdict().served().rmse(), 1e-9);
        // Scored by the model refitted on every rating, the same configuration would look worse than itself.
        TunedFit.Baseline refitted = (snapshot, train) -> new FactorModel[] {good.rating(), good.ranking()};
        assertTrue(FIT.run(DATA, TunedFit.Plan.fixed(good.ratingConfig(), good.rankingConfig()), refitted, gate,
                false, new Recorder()).rejected());
    }
}
