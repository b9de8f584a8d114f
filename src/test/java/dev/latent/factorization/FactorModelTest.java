package dev.latent.factorization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FactorModelTest {

    // 2 users, 3 items, rank 2.
    private final FactorModel model = new FactorModel(2, 2, 3, 3f,
            new float[] {0.5f, -0.5f}, new float[] {0f, 0.25f, -1f},
            new float[] {1f, 0f, 0f, 2f},
            new float[] {1f, 1f, 2f, 0f, 0f, 1f});

    @Test
    void predictsMeanPlusBiasesPlusDotProductAndClips() {
        assertEquals(3f + 0.5f + 0f + 1f, model.predict(0, 0), 1e-6);
        assertEquals(3f - 0.5f - 1f + 2f, model.predict(1, 2), 1e-6);
        assertEquals(5f, model.predict(0, 1, 0.5f, 5f), 1e-6, "3.5 + 0.25 + 2 = 5.75 clipped to 5");
        float[] out = new float[3];
        model.scoreAll(1, out);
        assertArrayEquals(new float[] {4.5f, 2.75f, 3.5f}, out, 1e-6f);
        assertEquals(model.predict(1, 1), model.predict(-0.5f, new float[] {0f, 2f}, 1), 1e-6);
    }

    @Test
    void recommendsByScoreAndFindsSimilarItemsByCosine() {
        assertArrayEquals(new int[] {0, 2}, model.recommend(1, 2, null).indices());
        assertArrayEquals(new int[] {2, 1}, model.recommend(1, 2, i -> i == 0).indices());
        TopN.Ranked sim = model.similar(0, 2, null);
        int[] found = sim.indices().clone();
        java.util.Arrays.sort(found);
        assertArrayEquals(new int[] {1, 2}, found, "the item itself is never its own neighbour");
        assertEquals(Math.sqrt(0.5), sim.scores()[0], 1e-6, "cos(q0, q1) = 2 / (sqrt 2 * 2)");
        assertEquals(Math.sqrt(0.5), sim.scores()[1], 1e-6, "cos(q0, q2) = 1 / sqrt 2");
    }
}
