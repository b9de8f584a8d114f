package dev.latent.training;

import dev.latent.tuning.QualityGate;

/**
 * The quality gate of a run: both models' held-out figures on this run's held-out part, the verdict and
 * whether the run was forced through.
 *
 * @param passed    the new model is within the tolerances
 * @param forced    {@code POST /model/training?force=true}: swapped in whatever the verdict
 * @param candidate the new model's held-out RMSE and NDCG@10
 * @param served    the served model's, on the same part (scored by its measured fit)
 * @param reason    why it passed or not
 */
public record GateOutcome(boolean passed, boolean forced, QualityGate.Figures candidate, QualityGate.Figures served,
                          String reason) {

    static GateOutcome of(QualityGate.Verdict v, boolean forced) {
        return new GateOutcome(v.passed(), forced, v.candidate(), v.served(), v.reason());
    }
}
