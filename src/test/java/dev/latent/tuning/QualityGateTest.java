package dev.latent.tuning;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class QualityGateTest {

    private final QualityGate gate = new QualityGate(0.01, 0.02);

    @Test
    void passesWithinTheTolerancesAndRejectsBeyondEither() {
        QualityGate.Figures served = new QualityGate.Figures(0.90, 0.40);
        assertTrue(gate.judge(new QualityGate.Figures(0.909, 0.381), served).passed());
        QualityGate.Verdict rmse = gate.judge(new QualityGate.Figures(0.92, 0.45), served);
        assertFalse(rmse.passed());
        assertTrue(rmse.reason().contains("RMSE 0.9200"), rmse.reason());
        QualityGate.Verdict ndcg = gate.judge(new QualityGate.Figures(0.85, 0.37), served);
        assertFalse(ndcg.passed());
        assertTrue(ndcg.reason().contains("NDCG@10 0.3700"), ndcg.reason());
    }

    @Test
    void aMissingFigureIsNotCompared() {
        assertTrue(gate.judge(new QualityGate.Figures(0.905, null), new QualityGate.Figures(0.90, 0.4)).passed());
        assertTrue(gate.judge(new QualityGate.Figures(null, 0.1), new QualityGate.Figures(0.5, null)).passed());
    }
}
