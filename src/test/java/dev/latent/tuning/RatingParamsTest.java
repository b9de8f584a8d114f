package dev.latent.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latent.factorization.Algorithm;
import dev.latent.factorization.AlsConfig;
import dev.latent.factorization.AlsTrainer;
import dev.latent.factorization.BayesianAlsConfig;
import dev.latent.factorization.BayesianAlsTrainer;
import dev.latent.factorization.ImplicitAlsConfig;
import dev.latent.factorization.ImplicitAlsTrainer;
import dev.latent.factorization.SgdConfig;
import dev.latent.factorization.SgdTrainer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The searched configurations build their engine configs and trainers through the one registry. */
class RatingParamsTest {

    @Test
    void configsAreTheEngineConfigsTheParametersDescribe() {
        assertThat(RatingParams.als(8, 0.1, 0.03, 15).config(2, 7L))
                .isEqualTo(new AlsConfig(8, 0.1, 0.03, 15, true, true, 2, 7L, 0.1));
        assertThat(RatingParams.sgd(16, 0.05, 0.02, 30, 0.007).config(2, 7L))
                .isEqualTo(new SgdConfig(16, 0.007, RatingParams.SGD_DECAY, 0.05, 0.02, 30, true, 7L, 0.1));
        assertThat(RatingParams.bayesAls(4, 20, 50).config(2, 7L))
                .isEqualTo(new BayesianAlsConfig(4, 20, 50, true, 2, 7L, 0.1));
        ImplicitAlsConfig d = ImplicitAlsConfig.DEFAULTS;
        assertThat(new RankingParams(12, 5.5, 2.5, ImplicitAlsConfig.Confidence.LOG, 0.5, 9).config(2, 7L))
                .isEqualTo(new ImplicitAlsConfig(12, 5.5, 2.5, ImplicitAlsConfig.Confidence.LOG, 0.5, 9, d.solver(),
                        d.cgSteps(), d.popularityWeight(), 2, 7L));
    }

    @Test
    void trainersComeFromTheRegistry() {
        assertThat(RatingParams.als(8, 0.1, 0.03, 15).trainer(1, 1L)).isInstanceOf(AlsTrainer.class);
        assertThat(RatingParams.sgd(8, 0.1, 0.03, 15, 0.01).trainer(1, 1L)).isInstanceOf(SgdTrainer.class);
        assertThat(RatingParams.bayesAls(4, 2, 3).trainer(1, 1L)).isInstanceOf(BayesianAlsTrainer.class);
        assertThat(new RankingParams(4, 1, 1, ImplicitAlsConfig.Confidence.SHIFTED, 3, 2).trainer(1, 1L))
                .isInstanceOf(ImplicitAlsTrainer.class);
        assertThatThrownBy(() -> Algorithm.ALS.trainer(SgdConfig.DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("als cannot train a SgdConfig");
    }

    @Test
    void configsReadBackTheirParameters() {
        for (RatingParams p : new RatingParams[] {RatingParams.als(8, 0.1, 0.03, 15),
                RatingParams.sgd(16, 0.05, 0.02, 30, 0.007), RatingParams.bayesAls(4, 20, 50)}) {
            assertThat(RatingParams.of(p.config(3, 1L))).isEqualTo(p);
        }
    }

    @Test
    void anUnknownNameHasOneTextWhereverItComesFrom() {
        String text = "unknown algorithm 'svd': must be als, sgd or bayes-als";
        assertThatThrownBy(() -> Algorithm.rating("svd")).hasMessage(text);
        assertThatThrownBy(() -> RatingParams.fromMap(Map.of("algorithm", "svd", "rank", 3))).hasMessage(text);
        assertThatThrownBy(() -> Algorithm.rating("implicit-als"))
                .hasMessage("unknown algorithm 'implicit-als': must be als, sgd or bayes-als");
        assertThat(Algorithm.rating(" SGD ")).isEqualTo(Algorithm.SGD);
    }
}
